"""What every public page needs: the municipality from the address, its scope, and caching.

``PublicView`` resolves ``municipality_slug`` (an unknown one is a 404), activates the
municipality's scope for the whole request and sets ``request.municipality``. Public pages
set no cookie of their own (issue 12, privacy): forms on them are protected by a signed
token instead of the CSRF cookie (see the signals part).
"""

from __future__ import annotations

from django.http import Http404
from django.views import View
from django_scopes import scope, scopes_disabled

from verbund.core.permissions import PUBLIC
from verbund.tenancy.models import Municipality

# Top-level paths that a municipality's slug can never be (they belong to other routes).
RESERVED_SLUGS = frozenset(
    {"k", "system", "gesund", "bereit", "static", "media", "kalender", "kalender-privat",
     "anmelden", "abmelden", "konto", "api", "passwort-vergessen", "passwort-neu", "i18n"}
)  # fmt: skip


def municipality_for(slug: str) -> Municipality:
    if slug in RESERVED_SLUGS:
        raise Http404
    with scopes_disabled():
        found = Municipality.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


class PublicView(View):
    permission = PUBLIC
    public_data = True  # what it shows is public: a session adds nothing (isolation test)
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        self.municipality = municipality_for(kwargs["municipality_slug"])
        request.municipality = self.municipality
        with scope(municipality=self.municipality.pk):
            return super().dispatch(request, *args, **kwargs)
