"""One search over offers for the internal list, the feeds, the API and the public finder.

``OfferQuery`` is what a user asked for (built from a query string by ``from_querydict``, so
every filter is a shareable URL); ``search_offers`` turns it into a queryset over
``visible_offers`` (signed-in users) or ``public_offers`` (families). The words go through the
full-text index (``verbund.core.fulltext``: SQLite FTS5 or PostgreSQL GIN, the same results on
both); lists of terms combine as "any within one list, all across lists".

Order: with words, offers whose title matches come first; near a point, the nearest first
(``distance_km`` is annotated); otherwise by title.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import F, FloatField, Func, Q, QuerySet
from django.db.models.functions import Cast, Coalesce

from verbund.core.fulltext import FullTextIndex, parse

from .choices import Cost, OfferStatus, ReviewState, Visibility
from .models import Offer, OfferSchedule

# The vectors: PostgreSQL reads stored tsvectors instead of parsing each offer's text per query
# (migration 0009).
TEXT_INDEX = FullTextIndex(
    table="offers_offer",
    column="search_text",
    partition="municipality_id",
    title_vector="search_title_vector",
    vector="search_vector",
)
WEEKDAYS = ["mo", "di", "mi", "do", "fr", "sa", "so"]
WEEKDAY_BITS = {day: 1 << index for index, day in enumerate(WEEKDAYS)}
EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE_LAT = 111.32
DEFAULT_STATUSES = (OfferStatus.ACTIVE, OfferStatus.PLANNED)


@dataclass
class OfferQuery:
    text: str = ""
    terms: list[int] = field(default_factory=list)  # Term ids, grouped by their list here
    term_lists: list[list[int]] = field(default_factory=list)  # already grouped: any, then all
    languages: list[str] = field(default_factory=list)  # any of them; interpretation counts
    free_only: bool = False
    low_threshold_only: bool = False
    areas: list[int] = field(default_factory=list)
    providers: list[int] = field(default_factory=list)  # provider or co-provider
    centres: list[int] = field(default_factory=list)
    weekdays: list[str] = field(default_factory=list)  # "mo" … "so", any of them
    time_from: int | None = None  # minute of the day the offer starts at the earliest
    time_to: int | None = None  # … at the latest
    statuses: list[str] = field(default_factory=lambda: list(DEFAULT_STATUSES))
    visibilities: list[str] = field(default_factory=list)
    review_states: list[str] = field(default_factory=list)
    public_only: bool = False
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    # The municipality the queryset is limited to anyway: lets SQLite's index skip the others.
    municipality_id: int | None = None

    @property
    def near(self) -> bool:
        return None not in (self.latitude, self.longitude, self.radius_km)

    @classmethod
    def from_querydict(cls, querydict, municipality, *, access=None) -> OfferQuery:
        """The query a GET request asks for; values that do not parse are left out (the form
        in ``forms_search`` shows why)."""
        from .forms_search import OfferFilterForm

        form = OfferFilterForm(querydict, municipality=municipality, access=access)
        return form.to_query()


def visible_offers(*, municipality, access) -> QuerySet:
    """Offers a signed-in user may see: approved ones of the network, and the ones they keep."""
    from .permissions import manage_offer, view_offer

    queryset = access.narrow(view_offer, Offer.objects.filter(municipality=municipality))
    return queryset.filter(
        Q(review_state=ReviewState.APPROVED) | access.filter(manage_offer, Offer)
    )


def public_offers(*, municipality) -> QuerySet:
    """What families may see: approved, public, running or planned, and confirmed by the
    provider recently enough (unconfirmed offers leave after the grace period)."""
    from .catalogue import fresh_enough_q

    return Offer.objects.filter(
        fresh_enough_q(),
        municipality=municipality,
        review_state=ReviewState.APPROVED,
        visibility=Visibility.PUBLIC,
        status__in=list(DEFAULT_STATUSES),
    ).filter(
        # An offer imported from a neighbour's directory only once the planner released it.
        Q(origin__isnull=True) | Q(origin__released_at__isnull=False)
    )


def search_offers(queryset: QuerySet, query: OfferQuery) -> QuerySet:
    """Apply every filter of ``query`` to ``queryset`` (visible_offers or public_offers), in
    the order the list shows them."""
    queryset = _filter_fields(queryset, query)
    queryset = _filter_terms(queryset, query)
    queryset = _filter_schedule(queryset, query)
    ordering: list = []
    if query.near:
        queryset = _near(queryset, query)
        ordering.append("distance_km")
    if parse(query.text):  # (words without letters or digits do not filter)
        queryset = TEXT_INDEX.ranked(
            queryset, query.text, name="title_match", part=query.municipality_id
        )
        ordering.insert(0, F("title_match").desc())
    return queryset.order_by(*ordering, "title", "id")


def _filter_fields(queryset: QuerySet, query: OfferQuery) -> QuerySet:
    if query.public_only:
        queryset = queryset.filter(visibility=Visibility.PUBLIC)
    if query.statuses:
        queryset = queryset.filter(status__in=query.statuses)
    if query.visibilities:
        queryset = queryset.filter(visibility__in=query.visibilities)
    if query.review_states:
        queryset = queryset.filter(review_state__in=query.review_states)
    if query.languages:
        spoken = Q(interpretation=True)
        for code in query.languages:
            spoken |= (
                Q(languages=code)
                | Q(languages__startswith=f"{code} ")
                | Q(languages__endswith=f" {code}")
                | Q(languages__contains=f" {code} ")
            )
        queryset = queryset.filter(spoken)
    if query.free_only:
        queryset = queryset.filter(cost=Cost.FREE)
    if query.low_threshold_only:
        from .low_threshold import only_low_threshold

        queryset = only_low_threshold(queryset)
    if query.areas:
        served = Offer.areas_served.through.objects.filter(area_id__in=query.areas)
        queryset = queryset.filter(pk__in=served.values("offer_id"))
    if query.providers:
        co = Offer.co_providers.through.objects.filter(organisation_id__in=query.providers)
        queryset = queryset.filter(
            Q(provider__in=query.providers) | Q(pk__in=co.values("offer_id"))
        )
    if query.centres:
        queryset = queryset.filter(centre__in=query.centres)
    return queryset


def _filter_terms(queryset: QuerySet, query: OfferQuery) -> QuerySet:
    lists = [ids for ids in query.term_lists if ids]
    if query.terms:
        from verbund.taxonomy.models import Term

        by_list: dict[str, list[int]] = {}
        for term_id, vocabulary in Term.objects.filter(pk__in=query.terms).values_list(
            "pk", "vocabulary"
        ):
            by_list.setdefault(vocabulary, []).append(term_id)
        lists += list(by_list.values()) or [[]]  # unknown ids only: nothing matches
    if not lists:
        return queryset
    through = Offer.terms.through.objects
    # One subquery: the offers of every list intersected first, so only the matches are read.
    matches = [through.filter(term_id__in=ids).values("offer_id") for ids in lists]
    combined = matches[0].intersection(*matches[1:]) if len(matches) > 1 else matches[0]
    return queryset.filter(pk__in=combined)


def _filter_schedule(queryset: QuerySet, query: OfferQuery) -> QuerySet:
    bits = 0
    for day in query.weekdays:
        bits |= WEEKDAY_BITS.get(day, 0)
    if not bits and query.time_from is None and query.time_to is None:
        return queryset
    schedules = OfferSchedule.objects.all()
    if bits:
        schedules = schedules.annotate(day_hit=F("weekdays").bitand(bits)).filter(day_hit__gt=0)
    if query.time_from is not None:
        schedules = schedules.filter(start_minute__gte=query.time_from)
    if query.time_to is not None:
        schedules = schedules.filter(start_minute__lte=query.time_to)
    return queryset.filter(pk__in=schedules.values("offer_id"))


def bounding_box(latitude: float, longitude: float, radius_km: float) -> tuple[float, ...]:
    """(south, north, west, east) of a box that holds every point within ``radius_km``."""
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(latitude)), 0.01))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


class GreatCircleKm(Func):
    """Haversine distance in km from a fixed point to (lat, lon) expressions; NULL outside a
    box around the point that holds every point within ``radius_km`` (a cheap comparison
    first). One SQL node: built from Django's nested math functions, with the box as four
    filters, it took the ORM longer to compile than the database to run the search."""

    output_field = FloatField()

    def __init__(self, lat, lon, *, latitude: float, longitude: float, radius_km: float):
        super().__init__(lat, lon)
        self.latitude, self.longitude, self.radius_km = latitude, longitude, radius_km

    def as_sql(self, compiler, connection, **extra_context):
        lat_expression, lon_expression = self.get_source_expressions()
        lat, lat_params = compiler.compile(lat_expression)
        lon, lon_params = compiler.compile(lon_expression)
        lat, lon = f"({lat})", f"({lon})"
        south, north, west, east = bounding_box(self.latitude, self.longitude, self.radius_km)
        here = math.radians(self.latitude)
        box = f"{lat} >= %s AND {lat} <= %s AND {lon} >= %s AND {lon} <= %s"
        box_params = (*lat_params, south, *lat_params, north, *lon_params, west, *lon_params, east)
        haversine = (
            f"%s * ASIN(SQRT(POWER(SIN((RADIANS({lat}) - %s) / 2), 2)"
            f" + %s * COS(RADIANS({lat})) * POWER(SIN((RADIANS({lon}) - %s) / 2), 2)))"
        )
        haversine_params = (
            2 * EARTH_RADIUS_KM,
            *lat_params,
            here,
            math.cos(here),
            *lat_params,
            *lon_params,
            math.radians(self.longitude),
        )
        return f"(CASE WHEN {box} THEN {haversine} END)", (*box_params, *haversine_params)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (for tests and figures)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _near(queryset: QuerySet, query: OfferQuery) -> QuerySet:
    """Offers within ``radius_km`` of the point (their own address, else their facility's),
    nearest first."""
    distance = GreatCircleKm(
        Cast(Coalesce("latitude", "location__latitude"), FloatField()),
        Cast(Coalesce("longitude", "location__longitude"), FloatField()),
        latitude=query.latitude,
        longitude=query.longitude,
        radius_km=query.radius_km,
    )
    return queryset.annotate(distance_km=distance).filter(distance_km__lte=query.radius_km)


__all__ = [
    "TEXT_INDEX",
    "OfferQuery",
    "bounding_box",
    "haversine_km",
    "public_offers",
    "search_offers",
    "visible_offers",
]


def connect_search(config) -> None:
    """From ``OffersConfig.ready``: the list in the main menu, the index check after migrate."""
    from django.db.models.signals import post_migrate
    from django.utils.translation import gettext_lazy as _

    from verbund.core.navigation import register_nav

    from .permissions import view_offer

    register_nav(_("Angebote"), "offers:offer_list", view_offer, order=45)
    post_migrate.connect(ensure_text_index, sender=config)


def ensure_text_index(sender=None, using="default", **kwargs) -> None:
    """After ``migrate``: recreate the index if a later migration rebuilt the table (SQLite
    drops a table's triggers then) and refill it."""
    from django.db import connections

    TEXT_INDEX.ensure(connections[using])
