"""What the action budget adds to the start page ("Was steht an"), one query per provider:
applications waiting for the budget owner's decision, and for the applicants the decisions of
the last weeks (they also become notifications and the daily digest)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.numbers import format_amount
from verbund.core.prepared import PreparedQuery
from verbund.core.roles import Role
from verbund.dashboard.registry import DueItem

from . import permissions as perms
from .rules import may_decide
from .selectors import open_applications, recent_decisions

# An application should be decided within this time after it was made.
DECISION_DAYS = 14
# Decisions are shown to the applicants for this long.
DECISION_NEWS_DAYS = 14


def _applicant(application) -> str:
    if application.organisation_id:
        return application.organisation.name
    return application.centre.name if application.centre_id else ""


# Who gets these items: the budget owners, and those who apply (the municipality's
# administration can act everywhere but is not told about every application).
DECIDERS = {Role.PLANNER, Role.PROVIDER_ADMIN}
APPLICANTS = {Role.COORDINATOR, Role.CENTRE_LEAD, Role.STAFF, Role.PARTNER}


_OPEN = PreparedQuery(
    lambda access, municipality_id: open_applications(municipality=municipality_id, access=access)
)


def applications_to_decide_items(ctx) -> list[DueItem]:
    if not (ctx.access.roles & DECIDERS) or not ctx.access.can(perms.decide_application):
        return []
    slug = ctx.municipality.slug
    return [
        DueItem(
            key=f"budget.application_open:{application.pk}",
            title=_("Antrag entscheiden: %(purpose)s") % {"purpose": application.purpose},
            url=reverse("budget:application_decide", args=[slug, application.pk]),
            action=_("Bewilligen oder ablehnen"),
            due=timezone.localdate(application.created_at) + timedelta(days=DECISION_DAYS),
            detail=f"{_applicant(application)} · {format_amount(application.amount_requested)} €",
            group="steps",
        )
        for application in _OPEN.objects_within(ctx.access, municipality_id=ctx.municipality.pk)
        if may_decide(ctx.access, application.budget)
    ]


def decisions_items(ctx) -> list[DueItem]:
    if not (ctx.access.roles & APPLICANTS) or not ctx.access.can(perms.apply_for_budget):
        return []
    since = timezone.make_aware(
        datetime.combine(ctx.today - timedelta(days=DECISION_NEWS_DAYS), time.min)
    )
    slug = ctx.municipality.slug
    return [
        DueItem(
            key=f"budget.application_decided:{application.pk}",
            title=_("Antrag %(status)s: %(purpose)s")
            % {"status": application.get_status_display(), "purpose": application.purpose},
            url=reverse("budget:application_detail", args=[slug, application.pk]),
            action=_("Entscheidung ansehen"),
            detail=_applicant(application),
            group="other",
        )
        for application in recent_decisions(
            municipality=ctx.municipality, access=ctx.access, since=since
        )
    ]
