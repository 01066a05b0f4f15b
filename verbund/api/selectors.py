"""Reads of the open-data API. Everything starts from ``verbund.offers.search.public_offers``
(what the public finder shows: approved, public, running or planned, confirmed recently
enough) and ``search_offers``; organisations and places are read through the public offers'
relations, terms through ``verbund.taxonomy.selectors``. Every list costs a fixed number of
queries whatever the page size and the data size."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.db.models import Q, QuerySet

from verbund.areas import selectors as areas
from verbund.offers.choices import PlaceKind
from verbund.offers.search import OfferQuery, public_offers, search_offers
from verbund.taxonomy import selectors as taxonomy

LIST_RELATED = ("provider", "centre", "location")
SCHEDULE_FIELDS = (
    "id", "kind", "start_date", "start_time", "end_time", "rrule", "until", "count",
    "exdates", "skip_school_holidays", "note", "updated_at",
)  # fmt: skip
TERM_FIELDS = (
    "id", "vocabulary", "key", "label", "description", "min_age_months", "max_age_months",
)  # fmt: skip
AREA_FIELDS = ("id", "name", "code")


def _rows(municipality, ids: list[int], relation: str, fields, order=()) -> dict[int, list]:
    """offer id → its related rows (plain named tuples) in one query through the relation:
    Django's prefetch builds a queryset per offer, which cost more than the page itself."""
    names = [f"{relation}__{name}" for name in fields]
    found: dict[int, list] = {pk: [] for pk in ids}
    rows = (
        public_offers(municipality=municipality)
        .filter(pk__in=ids, **{f"{relation}__isnull": False})
        .order_by("pk", *(f"{relation}__{name}" for name in order))
        .values_list("pk", *names)
    )
    make = _row_type(relation, tuple(fields))._make
    for pk, *values in rows:
        found[pk].append(make(values))
    return found


@cache
def _row_type(relation: str, fields: tuple[str, ...]):
    """A light row type with the fields as attributes (a namedtuple: built many times
    faster than a namespace; the datapackage makes one per schedule, term and area)."""
    return namedtuple(f"{relation.title()}Row", fields)


# (attribute on the offer, relation, fields, order): what ``attach_related`` and
# ``RelatedStreams`` attach; the first is all a list without ``full`` needs.
RELATIONS = (
    ("api_schedules", "schedules", SCHEDULE_FIELDS, ("start_date", "id")),
    ("api_terms", "terms", TERM_FIELDS, ("vocabulary", "position", "id")),
    ("api_areas", "areas_served", AREA_FIELDS, ("name", "id")),
)


def attach_related(*, municipality, offers: list, full: bool) -> None:
    """Set ``api_schedules`` (and with ``full`` ``api_terms``, ``api_areas``) on each offer:
    one query per relation, whatever the number of offers."""
    ids = [offer.pk for offer in offers]
    for number, (attribute, relation, fields, order) in enumerate(RELATIONS):
        found = _rows(municipality, ids, relation, fields, order) if full or number == 0 else {}
        for offer in offers:
            setattr(offer, attribute, found.get(offer.pk, []))


# What the datapackage reads of an offer's provider, centre and place: loading the whole rows
# cost half of reading the offers (a deferred field read by mistake shows as a query per
# offer in the query-count test).
PACKAGE_RELATED_FIELDS = (
    *(f"provider__{name}" for name in ("name", "description", "email", "website")),
    *(f"centre__{name}" for name in ("name", "email", "slug")),
    *(f"location__{name}" for name in ("name", "description", "street", "postcode", "city",
                                        "latitude", "longitude", "website", "centre_id")),
)  # fmt: skip
PACKAGE_OFFER_DEFERRED = {"search_text", "review_note", "reviewed_at", "created_at", "capacity"}


def package_offers(*, municipality) -> QuerySet:
    """Every public offer, in key order, with what the datapackage shows of them."""
    offers = services(municipality=municipality, filters=ServiceFilters()).order_by("pk")
    own = [field.attname for field in offers.model._meta.concrete_fields]
    return offers.only(
        *(name for name in own if name not in PACKAGE_OFFER_DEFERRED), *PACKAGE_RELATED_FIELDS
    )


class RelatedStreams:
    """The schedules, terms and areas of every public offer of a municipality, read by one
    streaming query per relation in offer order, attached to the offers as they come in the
    same order (the whole datapackage: three queries instead of three per chunk of offers,
    with memory bounded as the offers' own iterator)."""

    CHUNK = 2000
    _END = (float("inf"), None)

    def __init__(self, *, municipality):
        self._streams = []
        for attribute, relation, fields, order in RELATIONS:
            rows = (
                public_offers(municipality=municipality)
                .filter(**{f"{relation}__isnull": False})
                .order_by("pk", *(f"{relation}__{name}" for name in order))
                .values_list("pk", *(f"{relation}__{name}" for name in fields))
                .iterator(chunk_size=self.CHUNK)
            )
            self._streams.append([attribute, rows, _row_type(relation, tuple(fields))._make, None])

    def attach(self, offer) -> None:
        """Set the offer's related rows; offers must come in ascending key order."""
        key = offer.pk
        for stream in self._streams:
            attribute, rows, make, head = stream
            found = []
            while True:
                if head is None:
                    head = next(rows, self._END)
                if head[0] > key:
                    break
                if head[0] == key:
                    found.append(make(head[1:]))
                head = None
            stream[3] = head
            setattr(offer, attribute, found)


@dataclass
class ServiceFilters:
    text: str = ""
    term_ids: list[int] = field(default_factory=list)
    vocabularies: list[str] = field(default_factory=list)  # taxonomy_id: any term of the list
    life_phases: list[int] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    areas: list[int] = field(default_factory=list)
    providers: list[int] = field(default_factory=list)
    centres: list[int] = field(default_factory=list)
    free_only: bool = False
    low_threshold_only: bool = False
    modified_after: datetime | None = None
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    with_place: bool = False  # service_at_locations: only offers that take place somewhere


def services(*, municipality, filters: ServiceFilters) -> QuerySet:
    """The public offers ``filters`` find, in the finder's order (``attach_related`` adds
    their schedules, terms and areas to a page of them)."""
    term_lists = [ids for ids in (filters.term_ids, filters.life_phases) if ids]
    if filters.vocabularies:
        term_lists.append(
            list(
                taxonomy.terms(municipality=municipality)
                .filter(vocabulary__in=filters.vocabularies)
                .values_list("pk", flat=True)
            )
            or [0]
        )
    query = OfferQuery(
        text=filters.text,
        term_lists=term_lists,
        languages=filters.languages,
        free_only=filters.free_only,
        low_threshold_only=filters.low_threshold_only,
        areas=filters.areas,
        providers=filters.providers,
        latitude=filters.latitude,
        longitude=filters.longitude,
        radius_km=filters.radius_km,
        municipality_id=municipality.pk,
    )
    offers = public_offers(municipality=municipality)
    if filters.centres:  # a centre as organization: the offers it provides itself
        offers = offers.filter(centre__in=filters.centres, provider__isnull=True)
    if filters.modified_after is not None:
        moment = filters.modified_after
        changed = public_offers(municipality=municipality).filter(schedules__updated_at__gte=moment)
        offers = offers.filter(Q(updated_at__gte=moment) | Q(pk__in=changed.values("pk")))
    if filters.postcode:
        offers = offers.filter(
            Q(place_kind=PlaceKind.ADDRESS, postcode=filters.postcode)
            | Q(place_kind=PlaceKind.FACILITY, location__postcode=filters.postcode)
        )
    if filters.with_place:
        offers = offers.filter(
            Q(place_kind=PlaceKind.FACILITY, location__isnull=False)
            | Q(place_kind=PlaceKind.ADDRESS)
            | Q(place_kind=PlaceKind.ONLINE)
        )
    return search_offers(offers, query).select_related(*LIST_RELATED)


def service(*, municipality, pk: int):
    """One public offer with everything its full HSDS object shows; DoesNotExist otherwise."""
    offer = public_offers(municipality=municipality).select_related(*LIST_RELATED).get(pk=pk)
    attach_related(municipality=municipality, offers=[offer], full=True)
    return offer


def postcode_centre(*, municipality, postcode: str) -> tuple[float, float] | None:
    """The middle of the public places with ``postcode`` (our own data, no geocoder)."""
    offers = public_offers(municipality=municipality)
    own = offers.filter(place_kind=PlaceKind.ADDRESS, postcode=postcode).values_list(
        "latitude", "longitude"
    )
    facility = offers.filter(place_kind=PlaceKind.FACILITY, location__postcode=postcode)
    points = [
        (float(lat), float(lon))
        for lat, lon in [
            *own,
            *facility.values_list("location__latitude", "location__longitude"),
        ]
        if lat is not None and lon is not None
    ]
    if not points:
        return None
    return (
        sum(lat for lat, _lon in points) / len(points),
        sum(lon for _lat, lon in points) / len(points),
    )


ORGANISATION_FIELDS = (
    "provider_id",
    "provider__name",
    "provider__description",
    "provider__email",
    "provider__website",
    "provider__phone",
)
CENTRE_FIELDS = ("centre_id", "centre__name", "centre__email", "centre__phone", "centre__slug")


def _providers(municipality) -> QuerySet:
    return (
        public_offers(municipality=municipality)
        .filter(provider__isnull=False)
        .values(*ORGANISATION_FIELDS)
        .distinct()
        .order_by("provider__name", "provider_id")
    )


def _centres(municipality) -> QuerySet:
    return (
        public_offers(municipality=municipality)
        .filter(provider__isnull=True)
        .values(*CENTRE_FIELDS)
        .distinct()
        .order_by("centre__name", "centre_id")
    )


def organisations_page(*, municipality, start: int, stop: int) -> tuple[int, list[dict]]:
    """(total, rows of this slice): the centres that offer themselves, then the partner
    organisations that provide public offers; each row dict has ``kind`` "centre" or
    "organisation" (four queries)."""
    centres, providers = _centres(municipality), _providers(municipality)
    n_centres = centres.count()
    total = n_centres + providers.count()
    rows = [{"kind": "centre", **row} for row in centres[start : min(stop, n_centres)]]
    if stop > n_centres:
        part = providers[max(0, start - n_centres) : stop - n_centres]
        rows += [{"kind": "organisation", **row} for row in part]
    return total, rows


def organisation(*, municipality, kind: str, pk: int) -> dict | None:
    if kind == "centre":
        row = _centres(municipality).filter(centre_id=pk).first()
    else:
        row = _providers(municipality).filter(provider_id=pk).first()
    return {"kind": kind, **row} if row else None


FACILITY_FIELDS = (
    "location_id",
    "location__name",
    "location__description",
    "location__street",
    "location__postcode",
    "location__city",
    "location__latitude",
    "location__longitude",
    "location__website",
)
ADDRESS_FIELDS = ("id", "title", "street", "postcode", "city", "latitude", "longitude")


def _facilities(municipality) -> QuerySet:
    return (
        public_offers(municipality=municipality)
        .filter(place_kind=PlaceKind.FACILITY, location__isnull=False)
        .values(*FACILITY_FIELDS)
        .distinct()
        .order_by("location__name", "location_id")
    )


def _addresses(municipality) -> QuerySet:
    return (
        public_offers(municipality=municipality)
        .filter(place_kind=PlaceKind.ADDRESS)
        .values(*ADDRESS_FIELDS, "online_url", "place_kind")
        .order_by("title", "id")
    )


def locations_page(*, municipality, start: int, stop: int) -> tuple[int, list[dict]]:
    """(total, rows): the facilities public offers take place in, then the own addresses of
    offers elsewhere (four queries). Rows have ``kind`` "facility" or "address"."""
    facilities, addresses = _facilities(municipality), _addresses(municipality)
    n_facilities = facilities.count()
    total = n_facilities + addresses.count()
    rows = [{"kind": "facility", **row} for row in facilities[start : min(stop, n_facilities)]]
    if stop > n_facilities:
        part = addresses[max(0, start - n_facilities) : stop - n_facilities]
        rows += [{"kind": "address", **row} for row in part]
    return total, rows


def terms(*, municipality, vocabularies=()) -> QuerySet:
    queryset = taxonomy.terms(municipality=municipality)
    if vocabularies:
        queryset = queryset.filter(vocabulary__in=vocabularies)
    return queryset


def term_keys(*, municipality, vocabulary: str, keys: list[str]) -> dict[str, int]:
    return dict(
        taxonomy.terms(municipality=municipality, vocabulary=vocabulary)
        .filter(key__in=keys)
        .values_list("key", "pk")
    )


def area_keys(*, municipality, codes: list[str]) -> dict[str, list[int]]:
    """code → the areas with that code (one per level at most)."""
    found: dict[str, list[int]] = {}
    rows = areas.area_list(municipality=municipality).filter(code__in=codes)
    for code, pk in rows.values_list("code", "pk"):
        found.setdefault(code, []).append(pk)
    return found


def location(*, municipality, kind: str, pk: int):
    """One place public offers take place at: for ``kind`` "facility" or "place" (an
    offer's own address) a row as in ``locations_page``, for "online" the offer; ``None``
    if no public offer is there (one query)."""
    if kind == "facility":
        row = _facilities(municipality).filter(location_id=pk).first()
        return {"kind": "facility", **row} if row else None
    if kind == "place":
        row = _addresses(municipality).filter(id=pk).first()
        return {"kind": "address", **row} if row else None
    return (
        public_offers(municipality=municipality)
        .filter(place_kind=PlaceKind.ONLINE, pk=pk)
        .only("pk", "title", "online_url", "place_kind")
        .first()
    )


# ------------------------------------------------------------------------ change metadata
# Public fields of an offer whose changes HSDS ``metadata`` shows: what the public page shows
# about the offer itself. Contact name, e-mail and phone are left out on purpose: an earlier
# value may be a person's data that is no longer published.
CHANGE_ACTIONS = {"offers.offer.create": "create", "offers.offer.update": "update"}
MAX_CHANGES = 20  # per offer, the newest


def offer_changes(*, municipality, offer_ids: list[int]) -> dict[int, list[dict]]:
    """offer id → its create and update audit entries, newest first (at most ``MAX_CHANGES``
    each), with ``updated_by``: the organisation (partner or centre) or role of whoever made
    the change, never the person. Two queries, whatever the number of offers."""
    from django.contrib.contenttypes.models import ContentType

    from verbund.accounts.models import Membership
    from verbund.core.models import AuditEntry
    from verbund.core.roles import Role
    from verbund.offers.models import Offer

    found: dict[int, list[dict]] = {pk: [] for pk in offer_ids}
    if not offer_ids:
        return found
    entries = list(
        AuditEntry.objects.filter(
            municipality=municipality,
            content_type=ContentType.objects.get_for_model(Offer),
            object_id__in=[str(pk) for pk in offer_ids],
            action__in=list(CHANGE_ACTIONS),
        )
        .order_by("-timestamp", "-id")
        .values("id", "object_id", "timestamp", "action", "before", "after", "actor_id")
    )
    actors = {entry["actor_id"] for entry in entries if entry["actor_id"]}
    names: dict[int, str] = {}
    memberships = Membership.objects.filter(
        municipality=municipality, user_id__in=actors
    ).values_list("user_id", "role", "provider__name", "centre__name")
    for user_id, role, provider, centre in sorted(memberships, key=lambda m: not m[2]):
        names.setdefault(user_id, provider or centre or str(Role(role).label))
    for entry in entries:
        changes = found.get(int(entry["object_id"]))
        if changes is None or len(changes) >= MAX_CHANGES:
            continue
        entry["updated_by"] = names.get(entry["actor_id"], "Verbund")
        entry["action"] = CHANGE_ACTIONS[entry["action"]]
        changes.append(entry)
    return found
