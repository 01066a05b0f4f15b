"""Writes of meetings: plan, agenda, attendance, minutes, decisions, action items, approval."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes
from verbund.core.recurrence import Recurrence
from verbund.network.models import Body
from verbund.rooms import services as rooms_services

from . import rules
from .content import clean_notes, content_hash, minutes_content
from .models import (
    TRANSITIONS,
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Circle,
    Decision,
    Meeting,
    MinutesDelivery,
    MinutesStatus,
    MinutesVersion,
    StandingReader,
)

MEETING_FIELDS = [
    "title",
    "date",
    "start_time",
    "end_time",
    "room",
    "address",
    "online_url",
    "confidential",
]
AGENDA_FIELDS = ["position", "title", "owner", "duration_minutes", "notes"]
ACTION_FIELDS = ["title", "owner_user", "owner_contact", "owner_organisation", "due_on"]


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _book(*, actor, meeting: Meeting) -> None:
    """Book the meeting's room through the rooms app (its conflict check included)."""
    series = meeting.series
    booking_data = {
        "title": meeting.title[:200],
        "purpose": _("Sitzung"),
        "centre": getattr(series, "centre", None),
    }
    recurrence = Recurrence(
        start_date=meeting.date, start_time=meeting.start_time, end_time=meeting.end_time
    )
    try:
        meeting.booking = rooms_services.booking_create(
            actor=actor, room=meeting.room, data=booking_data, recurrence=recurrence
        )
    except ValidationError as error:
        raise ValidationError({"room": error.messages}) from error
    meeting.save(update_fields=["booking", "updated_at"])


@transaction.atomic
def meeting_create(*, actor, municipality, data: dict[str, Any]) -> Meeting:
    """``data``: ``body`` or ``circle`` and the MEETING_FIELDS. Books the room, if one is
    chosen, and puts every current member on the attendance list."""
    body, circle = data.get("body"), data.get("circle")
    meeting = create_logged(
        Meeting,
        values={"municipality": municipality, "created_by": actor, "body": body, "circle": circle},
        fields=MEETING_FIELDS,
        data=data,
        action="meetings.meeting.created",
        actor=actor,
        extra={"series": str(body or circle)},
    )
    if meeting.room_id:
        _book(actor=actor, meeting=meeting)
    lines = []
    if meeting.body_id:
        for seat in rules.current_seats(meeting.body):
            lines.append(Attendance(municipality=municipality, meeting=meeting, member=seat))
    else:
        for user in meeting.circle.members.all():
            lines.append(Attendance(municipality=municipality, meeting=meeting, user=user))
    Attendance.objects.bulk_create(lines)
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, data: dict[str, Any]) -> Meeting:
    meeting = _locked(meeting)
    rules.refuse_if_approved(meeting)
    before = (meeting.room_id, meeting.date, meeting.start_time, meeting.end_time)
    meeting = save_changes(
        meeting, fields=MEETING_FIELDS, data=data, action="meetings.meeting.changed", actor=actor
    )
    after = (meeting.room_id, meeting.date, meeting.start_time, meeting.end_time)
    if before != after:
        if meeting.booking_id:
            rooms_services.booking_cancel(actor=actor, booking=meeting.booking)
            meeting.booking = None
            meeting.save(update_fields=["booking", "updated_at"])
        if meeting.room_id:
            _book(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def agenda_item_create(*, actor, meeting: Meeting, data: dict[str, Any]) -> AgendaItem:
    meeting = _locked(meeting)
    rules.refuse_if_approved(meeting)
    data = {**data, "notes": clean_notes(data.get("notes", ""))}
    if not data.get("position"):
        last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
        data["position"] = last + 1
    return create_logged(
        AgendaItem,
        values={"municipality": meeting.municipality, "meeting": meeting},
        fields=AGENDA_FIELDS,
        data=data,
        action="meetings.agenda.created",
        actor=actor,
    )


@transaction.atomic
def agenda_item_update(*, actor, item: AgendaItem, data: dict[str, Any]) -> AgendaItem:
    rules.refuse_if_approved(_locked(item.meeting))
    data = {**data}
    if "notes" in data:
        data["notes"] = clean_notes(data["notes"])
    fields = [name for name in AGENDA_FIELDS if name in data]
    return save_changes(
        item, fields=fields, data=data, action="meetings.agenda.changed", actor=actor
    )


def _refuse_delete_if_approved(meeting: Meeting, what: str) -> None:
    if meeting.is_approved:
        raise ValidationError(
            _(
                "%(what)s kann nicht mehr gelöscht werden: Das Protokoll der Sitzung "
                "„%(meeting)s“ ist genehmigt. Beginnen Sie eine Korrektur, um es zu ändern."
            )
            % {"what": what, "meeting": meeting}
        )


@transaction.atomic
def agenda_item_delete(*, actor, item: AgendaItem) -> None:
    """Remove an agenda item while the minutes are not approved; its decisions and action
    items stay with the meeting (without the item)."""
    meeting = _locked(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    _refuse_delete_if_approved(meeting, _("Der Tagesordnungspunkt „%(item)s“") % {"item": item})
    data = {"position": item.position, "title": item.title, "notes": item.notes}
    item.delete()
    log_action("meetings.agenda.deleted", actor=actor, instance=meeting, before=data)


@transaction.atomic
def decision_delete(*, actor, decision: Decision) -> None:
    """Remove a decision while the minutes are not approved (its number is not given again
    unless it was the series' last)."""
    meeting = _locked(decision.meeting)
    decision = Decision.objects.get(pk=decision.pk, meeting=meeting)
    _refuse_delete_if_approved(meeting, _("Beschluss Nr. %(number)s") % {"number": decision.number})
    data = {"number": decision.number, "text": decision.text}
    decision.delete()
    log_action("meetings.decision.deleted", actor=actor, instance=meeting, before=data)


@transaction.atomic
def attendance_record(
    *,
    actor,
    meeting: Meeting,
    statuses: dict[int, str],
    guests: list[str] = (),
    organisations=(),
    contacts=(),
) -> Meeting:
    """``statuses``: attendance line id → status; ``guests``: names of guests; organisations
    and contact persons of the network beyond the body's seats (all added as present). They
    must belong to the meeting's municipality; erased contacts cannot be added."""
    meeting = _locked(meeting)
    rules.refuse_if_approved(meeting)
    lines = {line.pk: line for line in meeting.attendance.all()}
    changed = {}
    for pk, status in statuses.items():
        if pk not in lines:
            raise ValidationError(_("Diese Zeile gehört nicht zur Anwesenheitsliste."))
        if status not in AttendanceStatus.values:
            raise ValidationError(
                _("Unbekannter Stand der Anwesenheit bei „%(name)s“.") % {"name": lines[pk].name}
            )
        if lines[pk].status != status:
            changed[lines[pk].name] = {"before": lines[pk].status, "after": status}
            lines[pk].status = status
            lines[pk].save(update_fields=["status", "updated_at"])
    added = []
    for name in guests:
        name = " ".join(name.split())[:200]
        if name and not meeting.attendance.filter(guest_name=name).exists():
            Attendance.objects.create(
                municipality=meeting.municipality,
                meeting=meeting,
                guest_name=name,
                status=AttendanceStatus.PRESENT,
            )
            added.append(name)
    for organisation in organisations:
        if organisation.municipality_id != meeting.municipality_id:
            raise ValidationError(
                {"organisation": _("Diese Organisation gehört nicht zu dieser Kommune.")}
            )
        if organisation.archived_at is not None:
            raise ValidationError(
                {"organisation": _("„%(name)s“ ist archiviert.") % {"name": organisation}}
            )
        if not meeting.attendance.filter(organisation=organisation).exists():
            Attendance.objects.create(
                municipality=meeting.municipality,
                meeting=meeting,
                organisation=organisation,
                status=AttendanceStatus.PRESENT,
            )
            added.append(str(organisation))
    for contact in contacts:
        if contact.municipality_id != meeting.municipality_id:
            raise ValidationError(
                {"contact": _("Diese Ansprechperson gehört nicht zu dieser Kommune.")}
            )
        if contact.erased_at is not None:
            raise ValidationError({"contact": _("Die Daten dieser Ansprechperson sind gelöscht.")})
        if not meeting.attendance.filter(contact=contact).exists():
            Attendance.objects.create(
                municipality=meeting.municipality,
                meeting=meeting,
                contact=contact,
                status=AttendanceStatus.PRESENT,
            )
            added.append(str(contact))
    if changed or added:
        log_action(
            "meetings.attendance.changed",
            actor=actor,
            instance=meeting,
            data={"changed": changed, "guests": added},
        )
    return meeting


def _series_filter(meeting: Meeting) -> dict:
    return {"body_id": meeting.body_id} if meeting.body_id else {"circle_id": meeting.circle_id}


@transaction.atomic
def decision_create(
    *, actor, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None
) -> Decision:
    """The next number of the body or circle (the series row is locked while counting)."""
    meeting = _locked(meeting)
    rules.refuse_if_approved(meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Der Punkt gehört nicht zu dieser Sitzung.")})
    series_model = Body if meeting.body_id else Circle
    series_model.objects.select_for_update().filter(pk=meeting.body_id or meeting.circle_id).first()
    series = _series_filter(meeting)
    last = Decision.objects.filter(**series).aggregate(last=Max("number"))["last"] or 0
    return create_logged(
        Decision,
        values={
            "municipality": meeting.municipality,
            "meeting": meeting,
            "agenda_item": agenda_item,
            "number": last + 1,
            **series,
        },
        fields=["text"],
        data={"text": text},
        log_fields=["number", "text"],
        action="meetings.decision.created",
        actor=actor,
    )


@transaction.atomic
def action_create(*, actor, meeting: Meeting, data: dict[str, Any]) -> ActionItem:
    meeting = _locked(meeting)
    rules.refuse_if_approved(meeting)
    rules.check_owner(meeting, data)
    item = data.get("agenda_item")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Der Punkt gehört nicht zu dieser Sitzung.")})
    return create_logged(
        ActionItem,
        values={"municipality": meeting.municipality, "meeting": meeting, "agenda_item": item},
        fields=ACTION_FIELDS,
        data=data,
        action="meetings.action.created",
        actor=actor,
    )


@transaction.atomic
def action_done(*, actor, action: ActionItem, note: str = "") -> ActionItem:
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    if action.status == ActionStatus.DONE:
        raise ValidationError(_("Die Aufgabe „%(title)s“ ist schon erledigt.") % {"title": action})
    action.status = ActionStatus.DONE
    action.done_note = note.strip()[:2000]
    action.done_at = timezone.now()
    action.done_by = actor if getattr(actor, "is_authenticated", False) else None
    action.full_clean()
    action.save()
    log_action(
        "meetings.action.done",
        actor=actor,
        instance=action,
        before={"status": ActionStatus.OPEN},
        after={"status": ActionStatus.DONE, "done_note": action.done_note},
    )
    return action


@transaction.atomic
def reader_add(*, actor, body=None, circle=None, user=None, contact=None) -> StandingReader:
    existing = StandingReader.objects.filter(body=body, circle=circle, user=user, contact=contact)
    if existing.exists():
        raise ValidationError(
            _("„%(name)s“ liest schon ständig mit.") % {"name": existing.first().name}
        )
    return create_logged(
        StandingReader,
        values={
            "municipality": (body or circle).municipality,
            "body": body,
            "circle": circle,
            "user": user,
            "contact": contact,
        },
        action="meetings.reader.created",
        actor=actor,
    )


def _check_circle(*, municipality, name: str, centre, members) -> str:
    """The circle's name, cleaned; its centre and members must belong to the municipality."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Bitte geben Sie der Runde einen Namen.")})
    if centre is None or centre.municipality_id != municipality.pk:
        raise ValidationError(
            {"centre": _("Bitte ein Familienzentrum dieser Kommune als verantwortlich wählen.")}
        )
    strangers = [
        str(user)
        for user in members
        if not user.is_active
        or not user.memberships.filter(municipality_id=municipality.pk).exists()
    ]
    if strangers:
        raise ValidationError(
            {
                "members": _("Nicht in dieser Kommune tätig und daher nicht wählbar: %(names)s.")
                % {"names": ", ".join(strangers)}
            }
        )
    return name


def _members_state(circle: Circle) -> dict[str, list[str]]:
    names = sorted(user.get_full_name() or user.username for user in circle.members.all())
    return {"members": names}


@transaction.atomic
def circle_create(*, actor, municipality, name: str, centre, members=()) -> Circle:
    members = list(members)
    name = _check_circle(municipality=municipality, name=name, centre=centre, members=members)
    return create_logged(
        Circle,
        values={"municipality": municipality, "name": name, "centre": centre},
        log_fields=["name", "centre"],
        after_save=lambda circle: circle.members.set(members) or _members_state(circle),
        action="meetings.circle.created",
        actor=actor,
    )


@transaction.atomic
def circle_update(*, actor, circle: Circle, name: str, centre, members) -> Circle:
    """Name, responsible centre and members; new members are put on the attendance list of
    the circle's coming meetings whose minutes are still a draft."""
    members = list(members)
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    name = _check_circle(
        municipality=circle.municipality, name=name, centre=centre, members=members
    )
    before_ids = set(circle.members.values_list("pk", flat=True))
    circle = save_changes(
        circle,
        fields=["name", "centre"],
        data={"name": name, "centre": centre},
        action="meetings.circle.changed",
        actor=actor,
        state=_members_state,
        after_save=lambda circle: circle.members.set(members),
    )
    added = [user for user in members if user.pk not in before_ids]
    if added:
        coming = Meeting.objects.filter(
            circle=circle, date__gte=timezone.localdate(), minutes_status=MinutesStatus.DRAFT
        )
        lines = [
            Attendance(municipality=circle.municipality, meeting=meeting, user=user)
            for meeting in coming
            for user in added
            if not meeting.attendance.filter(user=user).exists()
        ]
        Attendance.objects.bulk_create(lines)
    return circle


# -- the minutes' workflow ---------------------------------------------------------------------


def _approve(*, actor, meeting: Meeting) -> MinutesVersion:
    from .delivery import file_minutes, send_minutes

    content = minutes_content(meeting)
    last = meeting.versions.aggregate(last=Max("number"))["last"] or 0
    version = MinutesVersion.objects.create(
        municipality=meeting.municipality,
        meeting=meeting,
        number=last + 1,
        content=content,
        content_sha256=content_hash(content),
        approved_at=timezone.now(),
        approved_by=actor if getattr(actor, "is_authenticated", False) else None,
        correction_note=meeting.correction_note,
    )
    MinutesDelivery.objects.bulk_create(
        MinutesDelivery(
            municipality=meeting.municipality,
            version=version,
            name=name[:300],
            email=email,
            reason=reason[:100],
        )
        for name, email, reason in rules.recipients_for(meeting)
    )
    if version.deliveries.exists():
        send_minutes.enqueue(
            municipality=meeting.municipality,
            owner=actor if getattr(actor, "is_authenticated", False) else None,
            label=_("Protokoll versenden: %(meeting)s") % {"meeting": meeting},
            version_id=version.pk,
        )
    file_minutes.enqueue(  # the PDF into the archive (kind Protokoll, linked to the meeting)
        municipality=meeting.municipality,
        owner=actor if getattr(actor, "is_authenticated", False) else None,
        label=_("Protokoll ablegen: %(meeting)s") % {"meeting": meeting},
        version_id=version.pk,
    )
    return version


@transaction.atomic
def minutes_transition(*, actor, meeting: Meeting, to: str) -> Meeting:
    """Draft → circulated → approved (or back to draft for corrections before approval).
    Approval freezes the minutes as a new version and sends them to those absent."""
    meeting = _locked(meeting)
    current = meeting.minutes_status
    if to not in MinutesStatus.values:
        raise ValidationError({"to": _("Diesen Stand gibt es nicht.")})
    if to not in TRANSITIONS[current]:
        raise ValidationError(
            _("Von „%(from)s“ kann nicht zu „%(to)s“ gewechselt werden.")
            % {"from": MinutesStatus(current).label, "to": MinutesStatus(to).label}
        )
    data: dict[str, Any] = {}
    if to == MinutesStatus.APPROVED:
        if not meeting.agenda.exists():
            raise ValidationError(
                _("Ein Protokoll ohne Tagesordnungspunkt kann nicht genehmigt werden.")
            )
        version = _approve(actor=actor, meeting=meeting)
        data = {"version": version.number, "content_sha256": version.content_sha256}
        meeting.correction_note = ""
    meeting.minutes_status = to
    meeting.save(update_fields=["minutes_status", "correction_note", "updated_at"])
    log_action(
        "meetings.minutes.approved" if to == MinutesStatus.APPROVED else "meetings.minutes.status",
        actor=actor,
        instance=meeting,
        before={"minutes_status": current},
        after={"minutes_status": to},
        data=data or None,
    )
    return meeting


@transaction.atomic
def minutes_correct(*, actor, meeting: Meeting, note: str) -> Meeting:
    """Reopen approved minutes for a correction; the next approval makes a new version (the
    approved ones stay as they were)."""
    meeting = _locked(meeting)
    if not meeting.is_approved:
        raise ValidationError(_("Nur ein genehmigtes Protokoll kann korrigiert werden."))
    note = " ".join((note or "").split())
    if not note:
        raise ValidationError({"note": _("Bitte geben Sie den Grund der Korrektur an.")})
    meeting.minutes_status = MinutesStatus.DRAFT
    meeting.correction_note = note[:500]
    meeting.save(update_fields=["minutes_status", "correction_note", "updated_at"])
    log_action(
        "meetings.minutes.correction",
        actor=actor,
        instance=meeting,
        before={"minutes_status": MinutesStatus.APPROVED},
        after={"minutes_status": MinutesStatus.DRAFT},
        data={"note": meeting.correction_note},
    )
    return meeting
