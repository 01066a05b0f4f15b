"""Reads of planning, narrowed by the access rule; a fixed number of queries per page."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from verbund.tenancy.models import FamilyCentre

from . import permissions as perms
from .models import (
    OPEN_MEASURE,
    Goal,
    GoalReview,
    Measure,
    Programme,
    ProgrammeStatus,
    Review,
    ReviewStatus,
)


def programmes(*, municipality, access, permission=perms.view_programme) -> QuerySet:
    return access.narrow(
        permission,
        Programme.objects.filter(municipality=municipality)
        .select_related("centre", "centre__provider")
        .annotate(goal_count=Count("goals", distinct=True)),
    )


def programme_detail(*, municipality, access, programme_id: int) -> Programme:
    """Raises Programme.DoesNotExist for what the user may not see."""
    return access.narrow(
        perms.view_programme,
        Programme.objects.filter(municipality=municipality).select_related(
            "centre", "centre__provider", "approved_by", "copied_from"
        ),
    ).get(pk=programme_id)


def goals_of(programme: Programme) -> list[Goal]:
    return list(
        programme.goals.prefetch_related(
            "needs",
            "offers",
            "agreements",
            "bodies",
            Prefetch(
                "measures",
                queryset=Measure.objects.select_related("responsible").prefetch_related(
                    "action_items"
                ),
            ),
        )
    )


def goal_detail(*, municipality, access, goal_id: int) -> Goal:
    return access.narrow(
        perms.view_programme,
        Goal.objects.filter(municipality=municipality).select_related(
            "programme", "programme__centre", "programme__centre__provider"
        ),
    ).get(pk=goal_id)


def measure_detail(*, municipality, access, measure_id: int) -> Measure:
    return access.narrow(
        perms.view_programme,
        Measure.objects.filter(municipality=municipality).select_related(
            "goal", "goal__programme", "goal__programme__centre", "responsible"
        ),
    ).get(pk=measure_id)


def review_detail(*, municipality, access, review_id: int) -> Review:
    return access.narrow(
        perms.view_programme,
        Review.objects.filter(municipality=municipality).select_related(
            "programme", "programme__centre", "programme__centre__provider"
        ),
    ).get(pk=review_id)


def results_of(review: Review) -> dict[int, GoalReview]:
    return {r.goal_id: r for r in review.results.all()}


def last_year_programme(programme_qs: QuerySet, centre: FamilyCentre, year: int):
    return programme_qs.filter(centre=centre, year__lt=year).order_by("-year").first()


def my_open_measures(*, municipality, access, user) -> QuerySet:
    """The user's open measures (responsible), in programmes the user may see."""
    return access.narrow(
        perms.view_programme,
        Measure.objects.filter(
            municipality=municipality, responsible=user, status__in=OPEN_MEASURE
        ).select_related("goal", "goal__programme", "goal__programme__centre"),
    ).order_by("end_on", "id")


def reviews_due(*, municipality, access, today, horizon) -> QuerySet:
    """Planned reviews of approved programmes the user edits, up to ``horizon``."""
    return access.narrow(
        perms.edit_programme,
        Review.objects.filter(
            municipality=municipality,
            status=ReviewStatus.PLANNED,
            programme__status=ProgrammeStatus.APPROVED,
            planned_on__lte=horizon,
        ).select_related("programme", "programme__centre"),
    ).order_by("planned_on", "id")


def awaiting_approval(*, municipality, access) -> QuerySet:
    return access.narrow(
        perms.approve_programme,
        Programme.objects.filter(
            municipality=municipality, status=ProgrammeStatus.SUBMITTED
        ).select_related("centre"),
    ).order_by("submitted_at", "id")


def centres_editable(*, municipality, access) -> QuerySet:
    return access.narrow(
        perms.edit_programme, FamilyCentre.objects.filter(municipality=municipality)
    ).order_by("name")
