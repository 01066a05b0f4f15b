"""Who belongs to a series (body or circle), who may read confidential minutes, and the checks
the services make before they write (they write nothing themselves)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from verbund.network.models import BodyMember, Contact, Organisation

from . import permissions as perms
from .models import AttendanceStatus, Meeting, StandingReader


def current_seats(body) -> QuerySet:
    return BodyMember.objects.filter(body=body, left_on__isnull=True)


def series_users(meeting: Meeting) -> QuerySet:
    """Users who belong to the meeting's body or circle: for a body, the people of its
    responsible centre and of every centre and organisation holding a seat."""
    User = get_user_model()
    if meeting.circle_id:
        return meeting.circle.members.all()
    seats = current_seats(meeting.body)
    centres = set(seats.exclude(centre=None).values_list("centre_id", flat=True))
    if meeting.body.centre_id:
        centres.add(meeting.body.centre_id)
    facilities = set(
        seats.exclude(organisation__facility=None).values_list(
            "organisation__facility_id", flat=True
        )
    )
    return User.objects.filter(
        Q(memberships__centre_id__in=centres) | Q(memberships__facility_id__in=facilities),
        memberships__municipality_id=meeting.municipality_id,
        is_active=True,
    ).distinct()


def series_organisations(meeting: Meeting) -> QuerySet:
    if meeting.circle_id:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        body_seats__body=meeting.body, body_seats__left_on__isnull=True
    ).distinct()


def series_contacts(meeting: Meeting) -> QuerySet:
    if meeting.circle_id:
        return Contact.objects.none()
    return Contact.objects.filter(
        Q(body_seats__body=meeting.body, body_seats__left_on__isnull=True)
        | Q(
            organisation__body_seats__body=meeting.body,
            organisation__body_seats__left_on__isnull=True,
        ),
        erased_at__isnull=True,
    ).distinct()


def readers_of(meeting: Meeting) -> QuerySet:
    if meeting.circle_id:
        return StandingReader.objects.filter(circle_id=meeting.circle_id)
    return StandingReader.objects.filter(body_id=meeting.body_id)


def present_q(access, user, prefix: str = "") -> Q:
    """Attendance lines that count as the user being present: their own line, or the seat of
    their centre or of their facility's organisation marked present (a body's seats are
    held by centres and organisations, not by people)."""
    condition = Q(**{f"{prefix}user": user})
    centres = set(getattr(access, "centre_ids", ()) or ())
    facilities = set(getattr(access, "facility_ids", ()) or ())
    if centres:
        condition |= Q(**{f"{prefix}member__centre_id__in": sorted(centres)})
    if facilities:
        condition |= Q(**{f"{prefix}member__organisation__facility_id__in": sorted(facilities)})
    return condition & Q(**{f"{prefix}status": AttendanceStatus.PRESENT})


def may_manage(access, meeting: Meeting) -> bool:
    """Managing is checked against the series: the body (its responsible centre, or the
    municipality) or the circle's responsible centre — not against a member's seat."""
    return access.can(perms.manage_meeting, meeting.series)


def may_read_minutes(access, user, meeting: Meeting) -> bool:
    """Members read the minutes; confidential ones only those present, the named readers and
    those who manage the meeting."""
    if not access.can(perms.view_meeting, meeting):
        return False
    if not meeting.confidential or may_manage(access, meeting):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if meeting.attendance.filter(present_q(access, user)).exists():
        return True
    return readers_of(meeting).filter(user=user).exists()


def refuse_if_approved(meeting: Meeting) -> None:
    if meeting.is_approved:
        raise ValidationError(
            _(
                "Das Protokoll der Sitzung „%(meeting)s“ ist genehmigt und kann nicht mehr "
                "geändert werden. Beginnen Sie eine Korrektur, um eine neue Fassung zu erstellen."
            )
            % {"meeting": meeting}
        )


def check_owner(meeting: Meeting, data: dict[str, Any]) -> None:
    """An action item's owner must belong to the body or circle."""
    owners = [
        name for name in ("owner_user", "owner_contact", "owner_organisation") if data.get(name)
    ]
    if len(owners) != 1:
        raise ValidationError(
            {"owner_user": _("Bitte genau eine zuständige Person oder Organisation wählen.")}
        )
    name = owners[0]
    value = data[name]
    allowed = {
        "owner_user": series_users,
        "owner_contact": series_contacts,
        "owner_organisation": series_organisations,
    }[name](meeting)
    if not allowed.filter(pk=value.pk).exists():
        raise ValidationError(
            {
                name: _("„%(owner)s“ gehört nicht zu „%(series)s“.")
                % {"owner": value, "series": meeting.series}
            }
        )


def recipients_for(meeting: Meeting) -> list[tuple[str, str, str]]:
    """(name, email, reason) of those absent or excused and of the standing readers, one per
    address (case-insensitive), without those lacking an address. Confidential minutes go to
    the standing readers only (those absent may not read them)."""
    seen: dict[str, tuple[str, str, str]] = {}
    lines = meeting.attendance.none() if meeting.confidential else meeting.attendance
    lines = lines.select_related(
        "member__centre",
        "member__organisation",
        "member__contact",
        "user",
        "organisation",
        "contact__organisation",
    ).filter(status__in=[AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED])
    for line in lines:
        if line.email:
            seen.setdefault(
                line.email.lower(), (line.name, line.email, str(line.get_status_display()))
            )
    for reader in readers_of(meeting).select_related("user", "contact"):
        if reader.email:
            seen.setdefault(reader.email.lower(), (reader.name, reader.email, _("ständig lesend")))
    return sorted(seen.values())
