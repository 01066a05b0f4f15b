"""Reads of meetings; every list is narrowed by the one access rule."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from verbund.core.roles import Reach

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
                    "member__centre",
                    "member__organisation",
                    "member__contact",
                    "user",
                    "organisation",
                    "contact__organisation",
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


def carried_actions(meeting: Meeting, *, access=None, user=None) -> QuerySet:
    """Open action items of earlier meetings of the same body or circle: they stand on this
    meeting's agenda until they are done (with ``access``: only those of minutes the user
    reads — a confidential meeting's items stay with those who read it)."""
    actions = ActionItem.objects.filter(series_q(meeting, "meeting__"), status=ActionStatus.OPEN)
    if access is not None:
        readable = readable_meetings(municipality=meeting.municipality_id, access=access, user=user)
        actions = actions.filter(meeting__in=readable.values("pk"))
    return (
        actions.filter(
            Q(meeting__date__lt=meeting.date)
            | Q(meeting__date=meeting.date, meeting__start_time__lt=meeting.start_time)
        )
        .select_related(*ACTION_RELATED)
        .order_by("due_on", "id")
    )


def deliveries(meeting: Meeting) -> QuerySet:
    return MinutesDelivery.objects.filter(version__meeting=meeting).select_related("version")


def decision_search(*, municipality, access, user, query: str = "", body_id=None) -> QuerySet:
    decisions = Decision.objects.filter(municipality=municipality).select_related(
        "meeting__body", "meeting__circle", "agenda_item"
    )
    meetings = readable_meetings(municipality=municipality, access=access, user=user)
    decisions = decisions.filter(meeting__in=meetings.values("pk"))
    if body_id is not None:
        decisions = decisions.filter(body_id=body_id)
    for word in query.split()[:8]:
        decisions = decisions.filter(Q(text__icontains=word) | Q(meeting__title__icontains=word))
    return decisions.order_by("-meeting__date", "-number")


def my_open_actions(*, municipality, access, user, series_ids=None) -> QuerySet:
    """The user's open action items of the meetings they read. With ``series_ids`` (from
    ``readable_series_ids``) the rule is applied as two id lists — cheaper to plan on
    PostgreSQL than its subqueries (one query more, so the start page goes without)."""
    actions = ActionItem.objects.filter(
        municipality=municipality, owner_user=user, status=ActionStatus.OPEN
    ).select_related(*ACTION_RELATED)
    if series_ids is None:
        actions = access.narrow(perms.view_meeting, actions)
    else:
        bodies, circles = series_ids
        actions = actions.filter(
            Q(meeting__body_id__in=sorted(bodies)) | Q(meeting__circle_id__in=sorted(circles))
        )
    return actions.order_by("due_on", "id")


def overdue_by_series(*, municipality, access, user, today: date) -> list[dict]:
    """Per body or circle: the open action items past their due date (fixed queries), of the
    meetings whose minutes the user reads."""
    readable = readable_meetings(municipality=municipality, access=access, user=user)
    actions = ActionItem.objects.filter(
        municipality=municipality,
        status=ActionStatus.OPEN,
        due_on__lt=today,
        meeting__in=readable.values("pk"),
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


def readable_meetings(*, municipality, access, user) -> QuerySet:
    """Meetings whose minutes the user may read: those they read, confidential ones only
    when they manage the series, were present or read it standing (as ``rules``)."""
    from verbund.network.models import Body

    from .models import Circle

    managed_bodies = access.narrow(perms.manage_meeting, Body.objects.all()).values("pk")
    managed_circles = access.narrow(perms.manage_meeting, Circle.objects.all()).values("pk")
    condition = Q(confidential=False) | Q(body__in=managed_bodies) | Q(circle__in=managed_circles)
    if getattr(user, "is_authenticated", False):
        from .rules import present_q

        condition |= (
            Q(pk__in=Attendance.objects.filter(present_q(access, user)).values("meeting_id"))
            | Q(body__standing_readers__user=user)
            | Q(circle__standing_readers__user=user)
        )
    meetings = access.narrow(perms.view_meeting, Meeting.objects.filter(municipality=municipality))
    return meetings.filter(pk__in=Meeting.objects.filter(condition).values("pk"))


def readable_series_ids(*, municipality, access) -> tuple[set[int], set[int]]:
    """The bodies and circles whose meetings the user reads, in one small query.

    Every access path of ``Meeting`` leads through its body or circle, so a series is readable
    when its meetings are; a list of ids is far cheaper for the database to plan than the
    rule's ORed subqueries repeated inside a larger query (My tasks, the start page)."""
    pairs = (
        access.narrow(perms.view_meeting, Meeting.objects.filter(municipality=municipality))
        .values_list("body_id", "circle_id")
        .distinct()
        .order_by()
    )
    bodies: set[int] = set()
    circles: set[int] = set()
    for body_id, circle_id in pairs:
        if body_id:
            bodies.add(body_id)
        else:
            circles.add(circle_id)
    return bodies, circles


def circle_list(*, municipality, access, user) -> QuerySet:
    """Circles the user reads: those their centre or provider runs, those they belong to and
    those whose meetings they read through a member's centre (as ``Meeting.access_paths``)."""
    from .models import Circle

    circles = Circle.objects.filter(municipality=municipality)
    run = access.narrow(perms.view_meeting, circles).values("pk")
    centres = access.reach_ids(perms.view_meeting, Reach.CENTRE)
    facilities = access.reach_ids(perms.view_meeting, Reach.OWN)
    by_members = circles.filter(
        Q(members__memberships__centre_id__in=centres)
        | Q(members__memberships__facility_id__in=facilities)
    ).values("pk")
    condition = Q(pk__in=run) | Q(pk__in=by_members)
    if getattr(user, "is_authenticated", False):
        condition |= Q(members=user)
    return (
        circles.filter(pk__in=circles.filter(condition).values("pk"))
        .select_related("centre")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name", "id")
    )


def circle_get(*, municipality, pk: int):
    from django.contrib.auth import get_user_model

    from .models import Circle

    return (
        Circle.objects.filter(municipality=municipality)
        .select_related("centre")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=get_user_model()
                .objects.order_by("last_name", "first_name", "username")
                .prefetch_related("memberships__centre", "memberships__facility"),
            )
        )
        .get(pk=pk)
    )
