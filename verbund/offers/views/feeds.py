"""iCal feeds for calendar apps, and the page to subscribe to them ("Kalender abonnieren").

Public feeds (``/kalender/<municipality>/…``) show only public, approved, running or planned
offers and need no login. Personal feeds (``/kalender-privat/<token>/…``) show what the
token's owner may see at the time of the fetch; a revoked token, a removed membership or a
deactivated account answers 404 at once. Both lie outside ``/k/<slug>/`` (calendar apps cannot
log in) and set the municipality's scope themselves. Each costs a fixed number of queries.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.core.pagecache import mark_public
from verbund.core.params import int_param
from verbund.core.permissions import PUBLIC
from verbund.core.tenant_views import TenantView
from verbund.core.views import declare
from verbund.tenancy.models import FamilyCentre, Municipality

from .. import permissions as perms
from .. import scheduling
from ..feeds import FEED_MAX_OFFERS, FeedInfo, build_calendar, feed_offers
from ..forms_schedule import FeedTokenForm
from ..models import FeedToken
from ..models.feeds import token_digest
from ..search import OfferQuery, public_offers, search_offers, visible_offers
from .schedules import offer_url

# Parameters of the subscribe page that are not part of the offer list's filter.
OWN_PARAMS = {"angebot", "zentrum"}


def query_from(params, municipality, access=None) -> OfferQuery:
    """The offer list's filter from a query string (the search part's parser when present)."""
    builder = getattr(OfferQuery, "from_querydict", None)
    if builder is not None:
        return builder(params, municipality, access=access)
    text = params.get("q", "")
    return OfferQuery(text=text[:200] if isinstance(text, str) else "")


def calendar_response(body: bytes, *, filename: str, public: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def _describe_cut(cut: bool) -> str:
    if not cut:
        return ""
    return _(
        "Es werden die ersten %(max)s Angebote gezeigt. Mit einem genaueren Filter sehen Sie alle."
    ) % {"max": f"{FEED_MAX_OFFERS:,}".replace(",", ".")}


def _render_feed(request, queryset, *, name: str, filename: str, public: bool, municipality):
    offers, cut = feed_offers(queryset)
    if public:

        def url_for(offer):
            return offer.online_url or ""
    else:

        def url_for(offer):
            return request.build_absolute_uri(offer_url(offer, municipality.slug))

    body = build_calendar(
        offers,
        FeedInfo(name=name, description=_describe_cut(cut)),
        url_for=url_for,
        municipality=municipality,
    )
    return calendar_response(body, filename=filename, public=public)


def _one_offer(queryset, offer_id):
    offer = queryset.filter(pk=offer_id).only("pk", "title").first()
    if offer is None:
        raise Http404
    return offer


def _one_centre(municipality, centre_id):
    centre = FamilyCentre.objects.filter(municipality=municipality, pk=centre_id).first()
    if centre is None:
        raise Http404
    return centre


def _feed(request, municipality, base, *, public, offer_id=None, centre_id=None):
    with scope(municipality=municipality.pk):
        if offer_id is not None:
            offer = _one_offer(base, offer_id)
            return _render_feed(
                request,
                base.filter(pk=offer.pk),
                name=offer.title,
                filename=f"angebot-{offer.pk}",
                public=public,
                municipality=municipality,
            )
        if centre_id is not None:
            centre = _one_centre(municipality, centre_id)
            return _render_feed(
                request,
                base.filter(centre=centre),
                name=_("Angebote: %(centre)s") % {"centre": centre.name},
                filename=f"zentrum-{centre.pk}",
                public=public,
                municipality=municipality,
            )
        query = query_from(request.GET, municipality)
        return _render_feed(
            request,
            search_offers(base, query),
            name=_("Angebote in %(place)s") % {"place": municipality.name},
            filename="angebote",
            public=public,
            municipality=municipality,
        )


# Public ----------------------------------------------------------------------------------------


def _municipality(slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Http404
    return municipality


@declare(PUBLIC)
def public_feed(request, place, offer_id=None, centre_id=None):
    municipality = _municipality(place)
    # Public data only: a page cache may replay it (with validators) until they change.
    mark_public(request, municipality.pk)
    with scope(municipality=municipality.pk):
        base = public_offers(municipality=municipality)
    return _feed(request, municipality, base, public=True, offer_id=offer_id, centre_id=centre_id)


# Feeds show a municipality's public offers, or what a personal address grants, to whoever has
# the URL: the names in them are the point (see the isolation test).
public_feed.public_data = True


# Personal --------------------------------------------------------------------------------------


def _token_owner(token: str):
    """(FeedToken, Access) for a token in force; 404 otherwise."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise Http404
    with scopes_disabled():
        row = (
            FeedToken.objects.select_related("user", "municipality")
            .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
    if row is None:
        raise Http404
    access = access_for(row.user, row.municipality)
    if not access:
        raise Http404
    return row, access


@declare(PUBLIC)
def private_feed(request, token, offer_id=None, centre_id=None):
    row, access = _token_owner(token)
    municipality = row.municipality
    with scope(municipality=municipality.pk):
        if not access.can(perms.view_offer):
            raise Http404
        base = visible_offers(municipality=municipality, access=access)
    return _feed(request, municipality, base, public=False, offer_id=offer_id, centre_id=centre_id)


private_feed.public_data = True


# Subscribe page --------------------------------------------------------------------------------


class SubscribeView(TenantView):
    """Feed addresses for the offer list's filter, one centre or one offer; personal
    addresses (created, shown once, revoked) for feeds with network-internal offers."""

    permission = perms.view_offer

    def selection(self, request):
        offers = visible_offers(municipality=self.municipality, access=self.access)
        offer_id = int_param(request.GET, "angebot")
        centre_id = int_param(request.GET, "zentrum")
        offer = offers.filter(pk=offer_id).first() if offer_id else None
        centre = (
            FamilyCentre.objects.filter(municipality=self.municipality, pk=centre_id).first()
            if centre_id and offer is None
            else None
        )
        filters = request.GET.copy()
        for name in OWN_PARAMS:
            filters.pop(name, None)
        return offer, centre, filters.urlencode()

    def feed_paths(self, offer, centre, filters, token=None):
        """(public path or None, personal path or None) of the selection."""
        slug = self.municipality.slug
        if offer is not None:
            public = reverse("offers:feed_public_offer", args=[slug, offer.pk])
            private = token and reverse("offers:feed_private_offer", args=[token, offer.pk])
        elif centre is not None:
            public = reverse("offers:feed_public_centre", args=[slug, centre.pk])
            private = token and reverse("offers:feed_private_centre", args=[token, centre.pk])
        else:
            suffix = f"?{filters}" if filters else ""
            public = reverse("offers:feed_public", args=[slug]) + suffix
            private = token and reverse("offers:feed_private", args=[token]) + suffix
        return public, private

    def render_page(self, request, form, token=None, status=200):
        offer, centre, filters = self.selection(request)
        public_path, private_path = self.feed_paths(offer, centre, filters, token)
        offer_is_public = offer is None or (
            public_offers(municipality=self.municipality).filter(pk=offer.pk).exists()
        )

        def absolute(path):
            return request.build_absolute_uri(path) if path else ""

        public_url = absolute(public_path) if offer_is_public else ""
        private_url = absolute(private_path)
        tokens = FeedToken.objects.filter(
            municipality=self.municipality, user=request.user, revoked_at__isnull=True
        )
        return render(
            request,
            "offers/schedule_subscribe.html",
            {
                "offer": offer,
                "centre": centre,
                "filters": filters,
                "centres": FamilyCentre.objects.filter(municipality=self.municipality)
                .only("pk", "name")
                .order_by("name"),
                "public_url": public_url,
                "public_webcal": public_url.replace("https://", "webcal://", 1).replace(
                    "http://", "webcal://", 1
                ),
                "private_url": private_url,
                "private_webcal": private_url.replace("https://", "webcal://", 1).replace(
                    "http://", "webcal://", 1
                ),
                "tokens": tokens,
                "form": form,
                "query": request.GET.urlencode(),
            },
            status=status,
        )

    def get(self, request, municipality_slug):
        return self.render_page(request, FeedTokenForm())

    def post(self, request, municipality_slug):
        if request.POST.get("action") == "revoke":
            token_id = int_param(request.POST, "token")
            token = FeedToken.objects.filter(
                municipality=self.municipality, user=request.user, pk=token_id
            ).first()
            if token is None:
                raise Http404
            scheduling.feed_token_revoke(actor=request.user, token=token)
            messages.success(
                request,
                _("Die Adresse „%(label)s“ ist widerrufen; Kalender erhalten sie nicht mehr.")
                % {"label": token.label},
            )
            url = reverse("offers:subscribe", args=[self.municipality.slug])
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url)
        form = FeedTokenForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        _row, token = scheduling.feed_token_create(
            actor=request.user, municipality=self.municipality, label=form.cleaned_data["label"]
        )
        return self.render_page(request, FeedTokenForm(), token=token)
