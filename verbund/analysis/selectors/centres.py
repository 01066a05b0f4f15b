"""Reads of centres within reach, their figures and their needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from verbund.core.roles import Reach
from verbund.tenancy.models import FamilyCentre

from ..choices import NeedStatus
from ..models import CentreFigures, Need, NeedRule

# ----------------------------------------------------------------------------- scoping


def centre_scope(*, access, permission) -> set[int] | None:
    """Centre IDs within the permission's reach (the one access rule, ``Access.filter``), or
    None for the whole municipality."""
    if Reach.MUNICIPALITY in access.reaches(permission):
        return None
    centres = FamilyCentre.objects.filter(municipality_id=access.municipality_id)
    return set(centres.filter(access.filter(permission, FamilyCentre)).values_list("pk", flat=True))


def centre_list(*, municipality, centre_ids: set[int] | None = None) -> QuerySet:
    qs = FamilyCentre.objects.filter(municipality=municipality).select_related("provider")
    if centre_ids is not None:
        qs = qs.filter(pk__in=centre_ids)
    return qs.order_by("name")


def centre_get(*, municipality, pk: int) -> FamilyCentre:
    return FamilyCentre.objects.select_related("provider").get(municipality=municipality, pk=pk)


# ----------------------------------------------------------------------- centre figures


def figures_latest(*, municipality, centre_ids: set[int] | None) -> dict[int, CentreFigures]:
    """The newest figures per centre."""
    qs = CentreFigures.objects.filter(municipality=municipality)
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=centre_ids)
    latest = {}
    for figures in qs.order_by("centre_id", "-year"):
        latest.setdefault(figures.centre_id, figures)
    return latest


def figures_of_centre(*, centre) -> QuerySet:
    return CentreFigures.objects.filter(municipality_id=centre.municipality_id, centre=centre)


def figures_export_rows(*, municipality, centre_ids: set[int] | None) -> QuerySet:
    qs = CentreFigures.objects.filter(municipality=municipality).select_related("centre")
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=centre_ids)
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
    *, municipality, centre_ids: set[int] | None, filters: NeedFilter | None = None
) -> QuerySet:
    filters = filters or NeedFilter()
    qs = (
        Need.objects.filter(municipality=municipality)
        .select_related("centre", "centre__provider", "area", "rule")
        .annotate(evidence_count=Count("evidence"))
    )
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=centre_ids)
    if filters.centre_id:
        qs = qs.filter(centre_id=filters.centre_id)
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif not filters.include_rejected:
        qs = qs.exclude(status=NeedStatus.REJECTED)
    for name in ("life_phase", "topic", "target_group", "priority"):
        if value := getattr(filters, name):
            qs = qs.filter(**{name: value})
    return qs.order_by("area__name", "centre__name", "-updated_at", "-id")


def needs_by_area(*, needs: QuerySet) -> list[dict]:
    """Per Sozialraum: how many needs, how many with high priority, how many centres."""
    return list(
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
    return Need.objects.select_related("centre", "centre__provider", "area", "rule").get(
        municipality=municipality, pk=pk
    )


def need_evidence(*, need: Need) -> QuerySet:
    return need.evidence.select_related(
        "indicator_value__indicator", "indicator_value__area", "centre_figures"
    )


def need_rule_list(*, municipality) -> QuerySet:
    return NeedRule.objects.filter(municipality=municipality).select_related("indicator")


def need_rule_get(*, municipality, pk: int) -> NeedRule:
    return NeedRule.objects.select_related("indicator").get(municipality=municipality, pk=pk)
