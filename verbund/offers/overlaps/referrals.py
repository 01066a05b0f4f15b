"""Reads of the brokering records: the centre's own list and the counts.

Single referrals are seen only by those who record them for their centre (``record_referral``).
Counts (``view_referrals``) that span more than the user's own centres — the planner's city-wide
view, a provider's centres, the administration — leave out every number below
``MIN_COUNT``: a cell "1 referral, 0–1 years, poverty, in this month" could point to one family.

``referral_counts`` is the selector the gap analysis uses.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet

from verbund.core.roles import Reach
from verbund.tenancy.models import FamilyCentre

from .. import permissions as perms
from ..models import Referral, ReferralOutcome

MIN_COUNT = 3
OPEN_WEEKS = 4
OPEN_WEEKS_DELTA = datetime.timedelta(weeks=OPEN_WEEKS)


@dataclass
class ReferralFilter:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    centre_ids: list[int] | None = None
    area_ids: list[int] | None = None  # the Sozialräume of the referring centres
    outcome: str = ""


def suppresses(access) -> bool:
    """True when the user's counts reach beyond the centres they work in."""
    reaches = access.reaches(perms.view_referrals)
    return bool(reaches & {Reach.MUNICIPALITY, Reach.PROVIDER})


def _filtered(queryset: QuerySet, filters: ReferralFilter | None) -> QuerySet:
    filters = filters or ReferralFilter()
    if filters.date_from:
        queryset = queryset.filter(date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(date__lte=filters.date_to)
    if filters.centre_ids:
        queryset = queryset.filter(centre_id__in=filters.centre_ids)
    if filters.area_ids is not None:
        # A subquery, not a join: a centre serving several of the areas counts once, and
        # grouped counts stay free of DISTINCT.
        centres = FamilyCentre.objects.filter(areas__in=filters.area_ids).values("pk")
        queryset = queryset.filter(centre_id__in=centres)
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    return queryset


def referral_list(*, municipality, access, filters: ReferralFilter | None = None) -> QuerySet:
    """Single referrals of the centres the user records for (never across other centres)."""
    queryset = access.narrow(
        perms.record_referral, Referral.objects.filter(municipality=municipality)
    )
    return _filtered(queryset, filters).select_related(
        "offer", "offer__provider", "centre", "life_phase", "topic", "need"
    )


def referral_get(*, municipality, pk: int) -> Referral:
    return Referral.objects.select_related("offer", "centre", "life_phase", "topic", "need").get(
        municipality=municipality, pk=pk
    )


def counted(*, municipality, access, filters: ReferralFilter | None = None) -> QuerySet:
    queryset = access.narrow(
        perms.view_referrals, Referral.objects.filter(municipality=municipality)
    )
    return _filtered(queryset, filters)


def _suppress(counts: dict, suppress: bool) -> dict:
    if not suppress:
        return counts
    return {key: (value if value >= MIN_COUNT else None) for key, value in counts.items()}


def referral_matrix(
    *, municipality, access, filters: ReferralFilter | None = None, suppress: bool | None = None
) -> dict[tuple[int, int | None], int | None]:
    """(life phase term id, topic term id or None) → count; ``None`` for a count withheld
    because it is below ``MIN_COUNT`` in a view across centres (one query)."""
    if suppress is None:
        suppress = suppresses(access)
    rows = (
        counted(municipality=municipality, access=access, filters=filters)
        .order_by()
        .values("life_phase_id", "topic_id")
        .annotate(n=Count("pk"))
        .values_list("life_phase_id", "topic_id", "n")
    )
    return _suppress({(phase, topic): n for phase, topic, n in rows}, suppress)


def referral_counts(
    municipality,
    access,
    *,
    filters: ReferralFilter | None = None,
    suppress: bool | None = None,
) -> dict[tuple[int, int | None], int]:
    """For the gap analysis: referrals per (life phase term id, topic term id), within the
    user's reach of ``view_referrals``. Counts below ``MIN_COUNT`` are left out when the view
    spans more than the user's own centres (``suppress=None`` decides that from ``access``).
    One query."""
    matrix = referral_matrix(
        municipality=municipality, access=access, filters=filters, suppress=suppress
    )
    return {key: value for key, value in matrix.items() if value is not None}


def referral_cell_figure(scope, rows, columns, *, access=None):
    """Referrals per cell of the gap matrix (life phases × topics only: a referral carries
    nothing else), counted for the centres of the matrix's place; withheld counts as in
    ``referral_counts``. None where it does not apply."""
    if access is None or not rows or not columns:
        return None
    if rows[0].vocabulary != "life_phase" or columns[0].vocabulary != "topic":
        return None
    if not access.reaches(perms.view_referrals):
        return None
    area_ids = scope.area_ids() if scope is not None else None
    filters = ReferralFilter(area_ids=area_ids) if area_ids is not None else None
    return referral_counts(scope.municipality, access, filters=filters)


@dataclass
class OfferCount:
    offer_id: int | None
    title: str
    total: int | None
    by_outcome: dict[str, int | None]


def counts_per_offer(
    *,
    municipality,
    access,
    filters: ReferralFilter | None = None,
    limit: int = 50,
    suppress: bool | None = None,
) -> list[OfferCount]:
    """The offers referred to most, with their outcomes (one query)."""
    if suppress is None:
        suppress = suppresses(access)
    queryset = counted(municipality=municipality, access=access, filters=filters)
    outcome_counts = {
        value: Count("pk", filter=Q(outcome=value)) for value in ReferralOutcome.values
    }
    rows = (
        queryset.values("offer_id", "offer__title")
        .annotate(total=Count("pk"), **outcome_counts)
        .order_by("-total", "offer__title")[:limit]
    )
    result = []
    for row in rows:
        total = row["total"]
        outcomes = {value: row[value] for value in ReferralOutcome.values}
        if suppress and (total < MIN_COUNT or any(0 < n < MIN_COUNT for n in outcomes.values())):
            # A small outcome count would also follow from the total minus the others.
            outcomes = dict.fromkeys(outcomes)
            if total < MIN_COUNT:
                total = None
        result.append(
            OfferCount(
                offer_id=row["offer_id"],
                title=row["offer__title"] or "",
                total=total,
                by_outcome=outcomes,
            )
        )
    return result


def open_referrals_by_centre(*, municipality, access, today: datetime.date):
    """Per centre: referrals still open ``OPEN_WEEKS`` after they were made (one query)."""
    cutoff = today - OPEN_WEEKS_DELTA
    return (
        access.narrow(perms.record_referral, Referral.objects.filter(municipality=municipality))
        .filter(outcome=ReferralOutcome.OPEN, date__lte=cutoff)
        .values("centre_id", "centre__name")
        .annotate(n=Count("pk"), oldest=Min("date"))
        .order_by("oldest", "centre_id")
    )
