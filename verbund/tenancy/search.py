"""Family centres in the search (``verbund.core.search``), registered in
``TenancyConfig.ready`` (``tenancy.centre.view``: everyone in the municipality)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy

from verbund.core.search import Found, Query, SearchResult, find, register_search

from . import permissions as perms
from .models import FamilyCentre


def centres(query: Query, access, municipality, limit: int, offset: int = 0) -> Found:
    qs = access.narrow(
        perms.view_centre,
        FamilyCentre.objects.filter(municipality=municipality).select_related("provider"),
    )

    def result(centre) -> SearchResult:
        place = " ".join(filter(None, [centre.postcode, centre.city]))
        address = ", ".join(filter(None, [centre.street, place]))
        return SearchResult(
            title=centre.name,
            url=reverse("tenancy:centre_detail", args=[municipality.slug, centre.pk]),
            subtitle=" · ".join(filter(None, [centre.provider and centre.provider.name, address])),
        )

    return find(
        qs,
        query,
        fields=["name", "street", "postcode", "city", "provider__name"],
        title="name",
        result=result,
        limit=limit,
        offset=offset,
        order_by=["name"],
    )


register_search(
    "familienzentren",
    gettext_lazy("Familienzentren"),
    centres,
    order=5,
    permission=perms.view_centre,
    help=gettext_lazy("Name, Adresse, Träger"),
)
