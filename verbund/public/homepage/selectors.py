"""Reads of the homepage part, each at a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Max, Prefetch
from django.utils import timezone

from verbund.areas.models import Area
from verbund.offers.occurrences import holiday_periods, needs_holidays, next_dates_for
from verbund.offers.search import public_offers
from verbund.tenancy.models import Facility, FamilyCentre

from ..models import CentrePage, MunicipalitySite

UPCOMING_DAYS = 28
UPCOMING_OFFERS_READ = 40  # offers whose dates are computed (the next ones are shown)
UPCOMING_SHOWN = 12


def embed_origins(municipality) -> list[str]:
    """The origins (``https://host``) allowed to frame the finder's embeddable version."""
    site = MunicipalitySite.objects.filter(municipality=municipality).only("allowed_embed_origins")
    found = site.first()
    return list(found.allowed_embed_origins) if found else []


def site_for(municipality) -> MunicipalitySite | None:
    return MunicipalitySite.objects.filter(municipality=municipality).first()


def page_for_centre(centre) -> CentrePage | None:
    return CentrePage.objects.filter(centre=centre).prefetch_related("downloads").first()


def published_page(municipality, centre_slug: str) -> CentrePage | None:
    """The published homepage of the centre with this slug (None: unknown or unpublished)."""
    return (
        CentrePage.objects.filter(
            municipality=municipality, published=True, centre__slug=centre_slug
        )
        .select_related("centre")
        .prefetch_related(
            "downloads",
            Prefetch("centre__areas", queryset=Area.objects.order_by("name")),
            Prefetch(
                "centre__facilities",
                queryset=Facility.objects.filter(archived_at__isnull=True).order_by("name"),
            ),
        )
        .first()
    )


def portal_centres(municipality):
    """Centres with a published homepage, by name, with their Sozialraum (paginate it)."""
    return (
        FamilyCentre.objects.filter(municipality=municipality, public_page__published=True)
        .order_by("name", "id")
        .prefetch_related(
            Prefetch("areas", queryset=Area.objects.order_by("name").only("id", "name"))
        )
    )


MAP_LIMIT = 2000  # points on the portal's map (every published centre of a large city)


def portal_points(municipality) -> list[tuple]:
    """(name, slug, lat, lon, street, postcode, city) of every published centre with a place."""
    return list(
        FamilyCentre.objects.filter(
            municipality=municipality,
            public_page__published=True,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .order_by("name", "id")
        .values_list("name", "slug", "latitude", "longitude", "street", "postcode", "city")[
            :MAP_LIMIT
        ]
    )


def portal_last_change(municipality) -> datetime | None:
    found = CentrePage.objects.filter(municipality=municipality).aggregate(
        page=Max("changed_at"), centre=Max("centre__updated_at")
    )
    values = [value for value in found.values() if value is not None]
    return max(values) if values else None


@dataclass
class UpcomingOffer:
    offer: object
    dates: list[tuple[datetime, datetime]] = field(default_factory=list)

    @property
    def first(self) -> datetime:
        return self.dates[0][0]


def upcoming_offers(centre, *, today: date | None = None) -> list[UpcomingOffer]:
    """Public offers of the centre that take place in the next four weeks, soonest first
    (two or three queries: offers, their schedules, holidays if a schedule skips them)."""
    today = today or timezone.localdate()
    last = datetime.combine(today + timedelta(days=UPCOMING_DAYS), datetime.max.time())
    offers = list(
        public_offers(municipality=centre.municipality_id)
        .filter(centre=centre)
        .only("id", "title", "summary", "cost", "updated_at", "municipality_id", "centre_id")
        .prefetch_related("schedules__booking__room")
        .order_by("title", "id")[:UPCOMING_OFFERS_READ]
    )
    schedules = [s for offer in offers for s in offer.schedules.all()]
    holidays = holiday_periods(centre.municipality_id) if needs_holidays(schedules) else ()
    found = []
    for offer in offers:
        dates = [
            (start, end)
            for line in next_dates_for(offer, today=today, holidays=holidays, limit=4)
            for start, end in line.dates
            if start <= last
        ]
        if dates:
            dates.sort()
            found.append(UpcomingOffer(offer, dates[:3]))
    found.sort(key=lambda item: (item.first, item.offer.title))
    return found[:UPCOMING_SHOWN]
