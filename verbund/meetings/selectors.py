"""Reads of meetings; every list is narrowed by the one access rule."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from . import permissions as perms
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MinutesDelivery,
)

ACTION_RELATED = (
    "owner_user",
    "owner_contact",
    "owner_organisation",
    "meeting__body",
    "meeting__circle",
)


def meeting_list(*, municipality, access, body_id: int | None = None) -> QuerySet:
    meetings = Meeting.objects.filter(municipality=municipality).select_related(
        "body", "circle", "room"
    )
    if body_id is not None:
        meetings = meetings.filter(body_id=body_id)
    return access.narrow(perms.view_meeting, meetings)


def meeting_get(*, municipality, pk: int) -> Meeting:
    return (
        Meeting.objects.filter(municipality=municipality)
        .select_related(
            "body__centre", "circle__centre", "room__facility", "room__organisation", "booking"
        )
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.order_by("position", "id")),
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related(
                    "member__centre", "member__organisation", "member__contact", "user"
                ),
            ),
            Prefetch("decisions", queryset=Decision.objects.select_related("agenda_item")),
            Prefetch("actions", queryset=ActionItem.objects.select_related(*ACTION_RELATED)),
            "versions",
        )
        .get(pk=pk)
    )


def series_q(meeting: Meeting, prefix: str = "") -> Q:
    if meeting.body_id:
        return Q(**{f"{prefix}body_id": meeting.body_id})
    return Q(**{f"{prefix}circle_id": meeting.circle_id})


def carried_actions(meeting: Meeting) -> QuerySet:
    """Open action items of earlier meetings of the same body or circle: they stand on this
    meeting's agenda until they are done."""
    return (
        ActionItem.objects.filter(series_q(meeting, "meeting__"), status=ActionStatus.OPEN)
        .filter(
            Q(meeting__date__lt=meeting.date)
            | Q(meeting__date=meeting.date, meeting__start_time__lt=meeting.start_time)
        )
        .select_related(*ACTION_RELATED)
        .order_by("due_on", "id")
    )


def deliveries(meeting: Meeting) -> QuerySet:
    return MinutesDelivery.objects.filter(version__meeting=meeting).select_related("version")


def decision_search(*, municipality, access, query: str = "", body_id=None) -> QuerySet:
    decisions = Decision.objects.filter(municipality=municipality).select_related(
        "meeting__body", "meeting__circle", "agenda_item"
    )
    meetings = access.narrow(perms.view_meeting, Meeting.objects.filter(municipality=municipality))
    decisions = decisions.filter(meeting__in=meetings.values("pk"))
    if body_id is not None:
        decisions = decisions.filter(body_id=body_id)
    for word in query.split()[:8]:
        decisions = decisions.filter(Q(text__icontains=word) | Q(meeting__title__icontains=word))
    return decisions.order_by("-meeting__date", "-number")


def my_open_actions(*, municipality, access, user) -> QuerySet:
    actions = ActionItem.objects.filter(
        municipality=municipality, owner_user=user, status=ActionStatus.OPEN
    ).select_related(*ACTION_RELATED)
    return access.narrow(perms.view_meeting, actions).order_by("due_on", "id")


def overdue_by_series(*, municipality, access, today: date) -> list[dict]:
    """Per body or circle: the open action items past their due date (fixed queries)."""
    actions = access.narrow(
        perms.view_meeting,
        ActionItem.objects.filter(
            municipality=municipality, status=ActionStatus.OPEN, due_on__lt=today
        ),
    ).select_related(*ACTION_RELATED)
    groups: dict[tuple, dict] = {}
    for action in actions.order_by("due_on", "id"):
        series = action.meeting.body or action.meeting.circle
        key = ("body" if action.meeting.body_id else "circle", series.pk)
        groups.setdefault(key, {"series": series, "actions": []})["actions"].append(action)
    return sorted(groups.values(), key=lambda group: str(group["series"]))


def body_choices(*, municipality, access) -> QuerySet:
    """Bodies with at least one meeting the user reads (for the list's filter)."""
    meetings = access.narrow(perms.view_meeting, Meeting.objects.filter(municipality=municipality))
    from verbund.network.models import Body

    return (
        Body.objects.filter(pk__in=meetings.exclude(body=None).values("body_id"))
        .annotate(count=Count("meetings"))
        .order_by("name")
    )
