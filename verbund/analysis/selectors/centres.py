"""Reads of centres within reach, their figures and their needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from verbund.areas.models import shape_of
from verbund.tenancy.models import FamilyCentre

from ..choices import NeedStatus
from ..models import CentreFigures, Need, NeedRule

# ----------------------------------------------------------------------------- scoping


def _within(qs: QuerySet, access, permission) -> QuerySet:
    """The rows ``permission`` reaches (the one access rule); all without ``access``."""
    return qs if access is None else access.narrow(permission, qs)


def centre_list(*, municipality, access=None, permission=None) -> QuerySet:
    qs = FamilyCentre.objects.filter(municipality=municipality).select_related("provider")
    return _within(qs, access, permission).order_by("name")


def centre_get(*, municipality, pk: int) -> FamilyCentre:
    return FamilyCentre.objects.select_related("provider").get(municipality=municipality, pk=pk)


# ----------------------------------------------------------------------- centre figures


def figures_latest(
    *, municipality, access=None, permission=None, centre_ids=None
) -> dict[int, CentreFigures]:
    """The newest figures per centre (of the centres ``permission`` reaches; of ``centre_ids``
    only, if given: a page of the overview)."""
    qs = _within(CentreFigures.objects.filter(municipality=municipality), access, permission)
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=list(centre_ids))
    latest = {}
    for figures in qs.order_by("centre_id", "-year"):
        latest.setdefault(figures.centre_id, figures)
    return latest


def figures_of_centre(*, centre) -> QuerySet:
    return CentreFigures.objects.filter(municipality_id=centre.municipality_id, centre=centre)


def figures_export_rows(*, municipality, access=None, permission=None) -> QuerySet:
    qs = CentreFigures.objects.filter(municipality=municipality).select_related("centre")
    qs = _within(qs, access, permission)
    return qs.order_by("centre__name", "year")


# -------------------------------------------------------------------------------- needs


@dataclass(frozen=True)
class NeedFilter:
    centre_id: int | None = None
    area_id: int | None = None
    status: str = ""
    life_phase: str = ""
    topic: str = ""
    target_group: str = ""
    priority: str = ""
    include_rejected: bool = False


def need_list(
    *, municipality, access=None, permission=None, filters: NeedFilter | None = None
) -> QuerySet:
    filters = filters or NeedFilter()
    qs = (
        Need.objects.filter(municipality=municipality)
        .select_related(
            "centre", "centre__provider", "area", "rule", "life_phase", "topic", "target_group"
        )
        # An area's name, never its boundary: the GeoJSON was parsed for every row (20 ms
        # for a page of 50 needs).
        .defer(*shape_of("area"))
        .annotate(evidence_count=Count("evidence"))
    )
    qs = _within(qs, access, permission)
    if filters.centre_id:
        qs = qs.filter(centre_id=filters.centre_id)
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif not filters.include_rejected:
        qs = qs.exclude(status=NeedStatus.REJECTED)
    for name in ("life_phase", "topic", "target_group"):  # by the terms' stable keys
        if value := getattr(filters, name):
            qs = qs.filter(**{f"{name}__key": value})
    if filters.priority:
        qs = qs.filter(priority=filters.priority)
    return qs.order_by("area__name", "centre__name", "-updated_at", "-id")


def reported_need_list(*, municipality, access, permission) -> QuerySet:
    """The needs the centres reported (confirmed), with only what the start page shows of
    them: compiling ``need_list``'s seven joins and its evidence count cost more than reading
    its rows."""
    qs = (
        Need.objects.filter(municipality=municipality, status=NeedStatus.CONFIRMED)
        .select_related("centre", "area")
        .only("id", "title", "priority", "updated_at", "centre__name", "area__name")
    )
    return _within(qs, access, permission).order_by(
        "area__name", "centre__name", "-updated_at", "-id"
    )


BY_AREA_FIELDS = ("area_id", "area__name", "total", "high", "centres")


def needs_by_area(*, needs: QuerySet) -> list[dict]:
    """Per Sozialraum: how many needs, how many with high priority, how many centres."""
    return list(needs_by_area_query(needs))


def needs_by_area_query(needs: QuerySet) -> QuerySet:
    """``needs_by_area``'s rows as a ``values`` queryset (``BY_AREA_FIELDS``)."""
    return (
        needs.order_by()
        .values("area_id", "area__name")
        .annotate(
            total=Count("id", distinct=True),
            high=Count("id", filter=Q(priority="high"), distinct=True),
            centres=Count("centre", distinct=True),
        )
        .order_by("-high", "-total", "area__name")
    )


def need_get(*, municipality, pk: int) -> Need:
    return Need.objects.select_related(
        "centre", "centre__provider", "area", "rule", "life_phase", "topic", "target_group"
    ).get(municipality=municipality, pk=pk)


def need_evidence(*, need: Need) -> QuerySet:
    return need.evidence.select_related(
        "indicator_value__indicator", "indicator_value__area", "centre_figures"
    )


def need_rule_list(*, municipality) -> QuerySet:
    return NeedRule.objects.filter(municipality=municipality).select_related(
        "indicator", "life_phase", "topic", "target_group"
    )


def need_rule_get(*, municipality, pk: int) -> NeedRule:
    return NeedRule.objects.select_related("indicator", "life_phase", "topic", "target_group").get(
        municipality=municipality, pk=pk
    )
