from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet

from verbund.core.prepared import PreparedQuery, attach_all
from verbund.network.models import Organisation
from verbund.tenancy.models import FamilyCentre, Municipality

from . import permissions as perms
from .models import (
    IN_FORCE,
    Agreement,
    AgreementVersion,
    Attachment,
    Party,
    Resource,
    Responsibility,
)


def _party_queryset() -> QuerySet:
    return Party.objects.select_related("organisation")


@dataclass(frozen=True)
class AgreementFilter:
    query: str = ""
    status: str = ""
    centre_id: int | None = None
    organisation_id: int | None = None


def agreement_list(
    *, municipality: Municipality, access, filters: AgreementFilter | None = None
) -> QuerySet:
    filters = filters or AgreementFilter()
    qs = Agreement.objects.filter(municipality=municipality)
    qs = access.narrow(perms.view_agreement, qs)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.centre_id:
        qs = qs.filter(centre_id=filters.centre_id)
    if filters.organisation_id:
        qs = qs.filter(parties__organisation_id=filters.organisation_id)
    if filters.query:
        qs = qs.filter(
            Q(title__icontains=filters.query)
            | Q(subject__icontains=filters.query)
            | Q(parties__organisation__name__icontains=filters.query)
        ).distinct()
    return (
        qs.select_related("centre", "centre__provider", "municipality")
        .prefetch_related(Prefetch("parties", queryset=_party_queryset()))
        .order_by("title", "id")
    )


def agreement_list_rows(queryset: QuerySet) -> QuerySet:
    """What the agreement list shows of a page of ``agreement_list``: no texts, the centre's
    name and the partners' names only (not whole organisation rows)."""
    parties = (
        Party.objects.filter(organisation__isnull=False)
        .select_related("organisation")
        .only(
            "id",
            "municipality_id",
            "agreement_id",
            "organisation_id",
            "position",
            "organisation__name",
        )
        .order_by("position", "id")
    )
    return (
        queryset.select_related(None)
        .select_related("centre")
        .only(*LIST_FIELDS, "centre__id", "centre__name")
        .prefetch_related(None)
        # A list, not a queryset per agreement (Django builds one per row for a prefetch
        # into the manager).
        .prefetch_related(Prefetch("parties", queryset=parties, to_attr="listed_parties"))
    )


LIST_FIELDS = (
    "id",
    "municipality_id",
    "centre_id",
    "title",
    "includes_municipality",
    "start_date",
    "end_date",
    "review_date",
    "status",
)


def partner_organisations(*, municipality: Municipality, access) -> QuerySet:
    """Organisations that are party to an agreement the user may see (for the list filter)."""
    visible = agreement_list(municipality=municipality, access=access)
    return (
        Organisation.objects.filter(
            municipality=municipality,
            agreement_parties__agreement__in=visible.values("pk"),
        )
        .distinct()
        .order_by("name", "id")
    )


def agreements_of_organisation(*, municipality: Municipality, organisation, access) -> QuerySet:
    """For the network's organisation page: the agreements this organisation is party to,
    as far as the user may see them."""
    return agreement_list(
        municipality=municipality,
        access=access,
        filters=AgreementFilter(organisation_id=organisation.pk),
    )


def _agreement_query(municipality_id, pk):
    return Agreement.objects.select_related("centre", "centre__provider", "municipality").filter(
        municipality_id=municipality_id, pk=pk
    )


def _parties_query(pk):
    return _party_queryset().filter(agreement_id=pk)


def _responsibilities_query(pk):
    return (
        Responsibility.objects.select_related("party", "contact_person")
        .filter(agreement_id=pk)
        .order_by("party__position", "party_id", "id")
    )


def _resources_query(pk):
    return (
        Resource.objects.select_related("party")
        .filter(agreement_id=pk)
        .order_by("party__position", "party_id", "kind", "id")
    )


def _versions_query(pk):
    return (
        AgreementVersion.objects.select_related("signed_by")
        .filter(agreement_id=pk)
        .order_by("-number")
    )


def _attachments_query(pk):
    return Attachment.objects.select_related(
        "version", "uploaded_by", "uploaded_by_party__organisation"
    ).filter(agreement_id=pk)


_AGREEMENT = PreparedQuery(_agreement_query)
_AGREEMENT_RELATED = (
    ("parties", PreparedQuery(_parties_query)),
    ("responsibilities", PreparedQuery(_responsibilities_query)),
    ("resources", PreparedQuery(_resources_query)),
    ("versions", PreparedQuery(_versions_query)),
    ("attachments", PreparedQuery(_attachments_query)),
)


def agreement_get(*, municipality: Municipality, pk: int) -> Agreement:
    """Raises Agreement.DoesNotExist for IDs of other municipalities. The agreement with its
    parties, responsibilities, resources, versions and attachments, each read by a query
    compiled once per process (``verbund.core.prepared``)."""
    agreement = _AGREEMENT.one(municipality_id=municipality.pk, pk=int(pk))
    attach_all(agreement, _AGREEMENT_RELATED)
    return agreement


def current_version(agreement: Agreement) -> AgreementVersion:
    """The newest version (uses the prefetched list when there is one)."""
    return max(agreement.versions.all(), key=lambda version: version.number)


def version_get(*, agreement: Agreement, pk: int) -> AgreementVersion:
    for version in agreement.versions.all():
        if version.pk == pk:
            return version
    raise AgreementVersion.DoesNotExist


def attachment_get(*, municipality: Municipality, pk: int) -> Attachment:
    return Attachment.objects.select_related("agreement").get(municipality=municipality, pk=pk)


def centres_managed(*, municipality: Municipality, access, permission) -> QuerySet:
    """The centres ``permission`` reaches (the one access rule)."""
    centres = FamilyCentre.objects.filter(municipality=municipality).select_related("provider")
    return access.narrow(permission, centres)


def organisation_choices(*, municipality: Municipality) -> QuerySet:
    return Organisation.objects.filter(
        municipality=municipality, archived_at__isnull=True
    ).order_by("name", "id")


# -- due dates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    agreement: Agreement
    kind: str  # "review" | "expiry"
    kind_label: str
    due_date: date
    days_left: int

    @property
    def overdue_days(self) -> int:
        return -self.days_left


@dataclass(frozen=True)
class DueFilter:
    within_days: int = 90
    kind: str = ""  # "", "review", "expiry"
    centre_id: int | None = None
    include_overdue: bool = True


def _due_queryset(*, municipality: Municipality, access, filters: DueFilter, lower, horizon):
    qs = agreement_list(municipality=municipality, access=access).filter(status__in=IN_FORCE)
    if filters.centre_id:
        qs = qs.filter(centre_id=filters.centre_id)
    date_filter = Q(pk__in=[])
    if filters.kind in ("", "review"):
        date_filter |= Q(review_date__gte=lower, review_date__lte=horizon)
    if filters.kind in ("", "expiry"):
        date_filter |= Q(end_date__gte=lower, end_date__lte=horizon)
    return qs.filter(date_filter)


def _due_keys(
    *, municipality: Municipality, access, today: date, filters: DueFilter
) -> list[tuple[date, str, str, int]]:
    """(due date, title, kind, agreement id) of every due date in the window, soonest first;
    one query reading four columns, whatever the number of agreements."""
    horizon = today + timedelta(days=filters.within_days)
    lower = date.min if filters.include_overdue else today
    keys = []
    for pk, title, review_date, end_date in (
        _due_queryset(
            municipality=municipality, access=access, filters=filters, lower=lower,
            horizon=horizon,
        )
        .select_related(None)
        .prefetch_related(None)
        .order_by()
        .values_list("pk", "title", "review_date", "end_date")
    ):  # fmt: skip
        for kind, value in (("review", review_date), ("expiry", end_date)):
            if filters.kind and filters.kind != kind:
                continue
            if value and lower <= value <= horizon:
                keys.append((value, title, kind, pk))
    keys.sort()
    return keys


def due_items(keys, *, municipality: Municipality, access, today: date) -> list[DueItem]:
    """The items of ``keys`` with their agreements (centre, parties) loaded in one go."""
    from django.utils.translation import gettext as _

    labels = {"review": _("Überprüfung"), "expiry": _("Ablauf")}
    agreements = agreement_list_rows(agreement_list(municipality=municipality, access=access))
    agreements = agreements.in_bulk({pk for _due, _title, _kind, pk in keys})
    return [
        DueItem(agreements[pk], kind, labels[kind], due, (due - today).days)
        for due, _title, kind, pk in keys
        if pk in agreements
    ]


def agreements_due(
    *, municipality: Municipality, access, today: date, filters: DueFilter | None = None
) -> list[DueItem]:
    """Review dates and expiries of agreements in force within ``within_days`` (and overdue
    ones, which need attention most), soonest first; whole agreements in one pass (two
    queries: the start page's items and the exports). The deadlines page pages them
    (``agreements_due_page``)."""
    from django.utils.translation import gettext as _

    filters = filters or DueFilter()
    labels = {"review": _("Überprüfung"), "expiry": _("Ablauf")}
    horizon = today + timedelta(days=filters.within_days)
    lower = date.min if filters.include_overdue else today
    items: list[DueItem] = []
    for agreement in _due_queryset(municipality=municipality, access=access, filters=filters,
                                   lower=lower, horizon=horizon):  # fmt: skip
        for kind, value in (("review", agreement.review_date), ("expiry", agreement.end_date)):
            if filters.kind and filters.kind != kind:
                continue
            if value and lower <= value <= horizon:
                items.append(DueItem(agreement, kind, labels[kind], value, (value - today).days))
    items.sort(key=lambda item: (item.due_date, item.agreement.title, item.kind))
    return items


def agreements_due_page(
    *,
    municipality: Municipality,
    access,
    today: date,
    filters: DueFilter | None = None,
    page_number=None,
    per_page: int = 50,
    with_items: bool = True,
):
    """One page of ``agreements_due`` (a ``Page`` whose ``object_list`` holds the items): the
    due dates of all agreements are read as four columns, only the page's agreements whole.
    ``with_items=False``: the page holds only the keys (due date, title, kind, agreement id),
    for a page whose rows come from the cache (``due_items`` loads them)."""
    from django.core.paginator import Paginator

    filters = filters or DueFilter()
    keys = _due_keys(municipality=municipality, access=access, today=today, filters=filters)
    page = Paginator(keys, per_page).get_page(page_number)
    if with_items:
        page.object_list = due_items(
            page.object_list, municipality=municipality, access=access, today=today
        )
    return page


def partner_state(agreement: Agreement) -> dict[str, list[int]]:
    """The partner organisations (ids) as logged and as an edit form's version holds them."""
    parties = agreement.parties.all()
    return {"partners": sorted(p.organisation_id for p in parties if p.organisation_id)}


def agreement_edges(*, municipality: Municipality, centre_ids) -> QuerySet:
    """Agreements in force as centre–organisation edges of the network graph (one query),
    registered with ``verbund.network.edges`` in ``CooperationConfig.ready()``."""
    return (
        Party.objects.filter(
            municipality=municipality,
            organisation__isnull=False,
            agreement__centre_id__in=centre_ids,
            agreement__status__in=IN_FORCE,
        )
        .values_list("agreement__centre_id", "organisation_id", "agreement__title")
        .order_by("agreement_id")
    )
