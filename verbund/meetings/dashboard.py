"""The user's own open action items due soon (or overdue) on "Was steht an" (one query)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.core.prepared import PreparedQuery
from verbund.dashboard.registry import DueItem

from . import permissions as perms
from . import selectors

LIMIT = 20


def _my_actions(access, municipality_id, user_id, horizon):
    # Only the columns shown; compiled once per reach (the selector's five joins cost more to
    # compile than to run).
    return (
        selectors.my_open_actions(municipality=municipality_id, access=access, user=user_id)
        .filter(due_on__lte=horizon)
        .values_list("pk", "title", "due_on", "meeting__body__name", "meeting__circle__name")[
            :LIMIT
        ]
    )


_MY_ACTIONS = PreparedQuery(_my_actions)


def my_action_items(ctx) -> list[DueItem]:
    if not ctx.access.can(perms.view_meeting):
        return []
    from .reminders import reminder_days

    horizon = ctx.today + timedelta(days=reminder_days())
    actions = _MY_ACTIONS.rows_within(
        ctx.access, municipality_id=ctx.municipality.pk, user_id=ctx.user.pk, horizon=horizon
    )
    url = reverse("meetings:my_tasks", args=[ctx.municipality.slug])
    return [
        DueItem(
            key=f"meetings.action.{pk}",
            title=title,
            url=url,
            action=_("Aufgabe erledigen"),
            due=due_on,
            detail=body_name or circle_name or "",
            group="deadlines",
        )
        for pk, title, due_on, body_name, circle_name in actions
    ]


def register() -> None:
    from verbund.dashboard.registry import register_items

    register_items(
        "meetings.actions",
        my_action_items,
        group="deadlines",
        order=40,
        reads=(
            "meetings.ActionItem",
            "meetings.Meeting",
            "meetings.Circle",
            "meetings.Circle.members",
            "network.Body",
            "network.BodyMember",
            "network.Organisation",
            "tenancy.FamilyCentre",
            "accounts.Membership",
            "accounts.User",
        ),
    )
