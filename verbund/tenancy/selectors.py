from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from verbund.core.actions import registered_codes
from verbund.core.models import AuditEntry
from verbund.core.prepared import PreparedQuery

from .models import Facility, FamilyCentre, Municipality, Provider


@dataclass(frozen=True)
class FacilityFilter:
    query: str = ""
    kind: str = ""
    centre_id: int | None = None
    include_archived: bool = False


def facility_list(*, municipality: Municipality, filters: FacilityFilter | None = None) -> QuerySet:
    filters = filters or FacilityFilter()
    qs = Facility.objects.filter(municipality=municipality).select_related(
        "centre", "provider", "centre__provider"
    )
    if not filters.include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.centre_id:
        qs = qs.filter(centre_id=filters.centre_id)
    if filters.query:
        qs = qs.filter(
            Q(name__icontains=filters.query)
            | Q(street__icontains=filters.query)
            | Q(city__icontains=filters.query)
            | Q(postcode__startswith=filters.query)
        )
    return qs.order_by("name", "id")


# What the facility list shows of a row; its page loads only these (the whole rows of each
# facility, its centre, their providers cost more than the SQL that reads them).
FACILITY_LIST_COLUMNS = (
    "id",
    "municipality_id",
    "name",
    "archived_at",
    "kind",
    "street",
    "postcode",
    "city",
    "centre",
    "centre__name",
)


def facility_list_rows(facilities: QuerySet) -> QuerySet:
    """``facility_list`` with only the list page's columns."""
    return facilities.select_related(None).select_related("centre").only(*FACILITY_LIST_COLUMNS)


_FACILITY = PreparedQuery(
    lambda municipality_id, pk: Facility.objects.select_related(
        "centre", "provider", "centre__provider"
    ).filter(municipality_id=municipality_id, pk=pk)
)


def facility_get(*, municipality: Municipality, pk: int) -> Facility:
    """Raises Facility.DoesNotExist for IDs of other municipalities (the scope filters them);
    one query, compiled once per process (``core.prepared``)."""
    return _FACILITY.one(municipality_id=municipality.pk, pk=int(pk))


def centre_list(*, municipality: Municipality) -> QuerySet:
    return FamilyCentre.objects.filter(municipality=municipality).select_related("provider")


def provider_list(*, municipality: Municipality) -> QuerySet:
    return Provider.objects.filter(municipality=municipality)


def centre_overview(*, municipality: Municipality) -> QuerySet:
    """Centres with the number of their active facilities (one query). For a page of a long
    list, page ``centre_list`` and use ``with_facility_counts``: counting for every centre
    before paging costs the whole facility table."""
    return centre_list(municipality=municipality).annotate(
        facility_count=Count("facilities", filter=Q(facilities__archived_at__isnull=True))
    )


def with_facility_counts(centres) -> list[FamilyCentre]:
    """The given centres (one page) with ``facility_count`` set, in one query."""
    centres = list(centres)
    counts = dict(
        Facility.objects.filter(centre__in=centres, archived_at__isnull=True)
        .values_list("centre_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    for centre in centres:
        centre.facility_count = counts.get(centre.pk, 0)
    return centres


def centre_get(*, municipality: Municipality, pk: int) -> FamilyCentre:
    return centre_list(municipality=municipality).get(pk=pk)


def provider_get(*, municipality: Municipality, pk: int) -> Provider:
    return provider_list(municipality=municipality).get(pk=pk)


def provider_overview(*, municipality: Municipality) -> QuerySet:
    return provider_list(municipality=municipality).annotate(centre_count=Count("centres"))


def centre_team(*, centre: FamilyCentre) -> QuerySet:
    """Who works for the centre, for its contact block (names and roles only). Memberships
    live in a higher layer (accounts); the reverse relation reads them without importing it."""
    return (
        centre.memberships.filter(municipality_id=centre.municipality_id)
        .select_related("user")
        .order_by("role", "user__last_name")
    )


def audit_people(*, municipality) -> list[tuple[int, str]]:
    """(user id, name) of everyone who has an entry in the municipality's audit log."""
    from django.contrib.auth import get_user_model

    ids = AuditEntry.objects.filter(municipality=municipality, actor__isnull=False).values("actor")
    users = get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name")
    return [(user.pk, user.get_full_name().strip() or user.get_username()) for user in users]


def audit_kinds() -> list[tuple[str, str]]:
    """(code prefix, German name) of each area of work that logs actions."""
    from django.apps import apps

    kinds = {}
    for code in registered_codes():
        prefix = code.split(".", 1)[0]
        try:
            label = str(apps.get_app_config(prefix).verbose_name)
        except LookupError:
            label = _("Sicherheit") if prefix == "security" else prefix
        kinds[prefix] = label
    return sorted(kinds.items(), key=lambda item: item[1])


def audit_entries(*, municipality, person=None, kind="", since=None, until=None):
    entries = AuditEntry.objects.filter(municipality=municipality)
    if person:
        entries = entries.filter(actor_id=person)
    if kind:
        entries = entries.filter(action__startswith=f"{kind}.")
    if since:
        entries = entries.filter(timestamp__date__gte=since)
    if until:
        entries = entries.filter(timestamp__date__lte=until)
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-id")
