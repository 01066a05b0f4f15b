"""Planning's items on "Was steht an" (one query each) and its source for "Meine Aufgaben"."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.dashboard.registry import DueItem

from . import permissions as perms
from . import selectors

LIMIT = 20
HORIZON_DAYS = 30


def reviews_due(ctx) -> list[DueItem]:
    if not ctx.access.can(perms.edit_programme):
        return []
    reviews = selectors.reviews_due(
        municipality=ctx.municipality,
        access=ctx.access,
        today=ctx.today,
        horizon=ctx.today + timedelta(days=HORIZON_DAYS),
    )[:LIMIT]
    return [
        DueItem(
            key=f"planning.review.{review.pk}",
            title=_("Überprüfung des Jahresprogramms %(year)s") % {"year": review.programme.year},
            url=reverse("planning:review", args=[ctx.municipality.slug, review.pk]),
            action=_("Ziele überprüfen"),
            due=review.planned_on,
            detail=review.programme.centre.name,
            group="deadlines",
        )
        for review in reviews
    ]


def awaiting_approval(ctx) -> list[DueItem]:
    if not ctx.access.can(perms.approve_programme):
        return []
    programmes = selectors.awaiting_approval(municipality=ctx.municipality, access=ctx.access)[
        :LIMIT
    ]
    return [
        DueItem(
            key=f"planning.approval.{programme.pk}",
            title=_("Jahresprogramm %(year)s wartet auf Freigabe") % {"year": programme.year},
            url=reverse("planning:programme_detail", args=[ctx.municipality.slug, programme.pk]),
            action=_("Freigeben oder zurückgeben"),
            due=programme.submitted_at.date() if programme.submitted_at else None,
            detail=programme.centre.name,
            group="deadlines",
        )
        for programme in programmes
    ]


def open_measures(*, municipality, access, user):
    from verbund.meetings.task_sources import Task

    if not access.can(perms.view_programme):
        return []
    measures = selectors.my_open_measures(municipality=municipality, access=access, user=user)[
        :LIMIT
    ]
    return [
        Task(
            title=measure.title,
            url=reverse("planning:measure_detail", args=[municipality.slug, measure.pk]),
            due=measure.end_on,
            detail=_("Ziel „%(goal)s“, Jahresprogramm %(year)s, %(centre)s")
            % {
                "goal": measure.goal.title,
                "year": measure.goal.programme.year,
                "centre": measure.goal.programme.centre.name,
            },
        )
        for measure in measures
    ]


def register() -> None:
    from verbund.dashboard.registry import register_items
    from verbund.meetings.task_sources import register_task_source

    reads = ("planning.Programme", "planning.Review", "tenancy.FamilyCentre")
    register_items("planning.reviews", reviews_due, group="deadlines", order=60, reads=reads)
    register_items("planning.approval", awaiting_approval, group="deadlines", order=61, reads=reads)
    register_task_source(
        "planning.measures", gettext_lazy("Maßnahmen aus Jahresprogrammen"), open_measures
    )
