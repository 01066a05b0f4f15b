"""Writes to an offer's schedules: create, change, delete, each checked by the recurrence
engine and audited. The caller (view) has checked ``manage_offer`` on the offer.

``data`` is what ``forms_schedule.ScheduleForm`` cleans: ``repeat`` (one of ``REPEAT``),
``start_date``, ``start_time``, ``end_time``, ``weekdays`` (Monday = 0), ``nth`` and
``month_weekday`` (n-th weekday of the month), ``rule`` (own RRULE), ``until``, ``count``,
``exdates`` (dates), ``skip_school_holidays``, ``note``. The row keeps the rule without UNTIL
and COUNT in ``rrule`` (those have their own columns), and ``weekdays`` (bit set, Monday = 1)
and ``start_minute`` for the search's weekday and time filters.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import VERSION_FIELD, create_logged, log_action, save_changes, snapshot
from verbund.core.recurrence import Kind, Recurrence

from . import occurrences
from .choices import ScheduleKind
from .models import FeedToken, Offer, OfferSchedule
from .models.feeds import new_token, token_digest

ON_REQUEST = "on_request"
# What the form offers, in its order: the engine's kinds plus "on request".
REPEAT = [Kind.SINGLE, Kind.WEEKLY, Kind.BIWEEKLY, Kind.MONTHLY_NTH, Kind.CUSTOM, ON_REQUEST]

SCHEDULE_FIELDS = [
    "kind",
    "start_date",
    "start_time",
    "end_time",
    "rrule",
    "until",
    "count",
    "exdates",
    "skip_school_holidays",
    "note",
    "weekdays",
    "start_minute",
]

# Kept by the services, not typed (not editable: the audit helpers read them as ``state``).
DERIVED_FIELDS = ["rrule", "weekdays", "start_minute", "booking"]
TYPED_FIELDS = [f for f in SCHEDULE_FIELDS if f not in DERIVED_FIELDS]


def _derived(schedule: OfferSchedule) -> dict[str, Any]:
    return {
        "rrule": schedule.rrule,
        "weekdays": schedule.weekdays,
        "start_minute": schedule.start_minute,
        "booking": schedule.booking_id,
    }


# The engine's error keys → the form's field names.
_ENGINE_FIELDS = {
    "kind": "repeat",
    "skip_holidays": "skip_school_holidays",
}


def weekday_bits(days) -> int:
    bits = 0
    for day in days:
        bits |= 1 << day
    return bits


def _touched_weekdays(recurrence: Recurrence) -> set[int]:
    if recurrence.kind == Kind.SINGLE:
        return {recurrence.start_date.weekday()}
    if recurrence.kind in (Kind.WEEKLY, Kind.BIWEEKLY):
        return set(recurrence.effective_weekdays)
    if recurrence.kind == Kind.MONTHLY_NTH:
        return {recurrence.monthly_weekday}
    days: set[int] = set()
    for index, day in enumerate(recurrence.dates()):
        days.add(day.weekday())
        if len(days) == 7 or index > 400:
            break
    return days


def build_recurrence(data: dict[str, Any], holidays=()) -> Recurrence | None:
    """The engine's value for the form's data (None for "on request"). Raises a German
    ``ValidationError`` keyed to the form's fields."""
    repeat = data.get("repeat")
    if repeat == ON_REQUEST:
        return None
    if repeat not in REPEAT:
        raise ValidationError({"repeat": _("Bitte wählen Sie, wie oft das Angebot stattfindet.")})
    missing = {}
    for name, message in (
        ("start_date", _("Bitte das Datum (des ersten Termins) angeben.")),
        ("start_time", _("Bitte die Uhrzeit des Beginns angeben.")),
        ("end_time", _("Bitte die Uhrzeit des Endes angeben.")),
    ):
        if not data.get(name):
            missing[name] = message
    if missing:
        raise ValidationError(missing)
    single = repeat == Kind.SINGLE
    if repeat == Kind.MONTHLY_NTH:
        weekday = data.get("month_weekday")
        weekdays = (weekday,) if weekday is not None else ()
    else:
        weekdays = tuple(data.get("weekdays") or ())
    recurrence = Recurrence(
        start_date=data["start_date"],
        start_time=data["start_time"],
        end_time=data["end_time"],
        kind=repeat,
        weekdays=() if single else weekdays,
        nth=data.get("nth") if repeat == Kind.MONTHLY_NTH else None,
        rule=(data.get("rule") or "") if repeat == Kind.CUSTOM else "",
        until=None if single else data.get("until"),
        count=None if single else data.get("count"),
        exdates=() if single else tuple(sorted(set(data.get("exdates") or ()))),
        skip_holidays=bool(data.get("skip_school_holidays")),
        holidays=tuple(holidays),
    )
    try:
        recurrence.validate()
    except ValidationError as error:
        errors: dict[str, list[str]] = {}
        for key, messages in error.message_dict.items():
            target = _ENGINE_FIELDS.get(key, key)
            if key == "weekdays" and repeat == Kind.MONTHLY_NTH:
                target = "month_weekday"
            errors.setdefault(target, []).extend(messages)
        raise ValidationError(errors) from None
    return recurrence


def schedule_values(
    data: dict[str, Any], holidays=(), recurrence: Recurrence | None = None
) -> dict[str, Any]:
    """The row's values for the form's data, validated by the engine."""
    if recurrence is None and data.get("repeat") != ON_REQUEST:
        recurrence = build_recurrence(data, holidays)
    note = (data.get("note") or "").strip()
    if recurrence is None:
        return {
            "kind": ScheduleKind.ON_REQUEST,
            "start_date": None,
            "start_time": None,
            "end_time": None,
            "rrule": "",
            "until": None,
            "count": None,
            "exdates": [],
            "skip_school_holidays": False,
            "note": note,
            "weekdays": 0,
            "start_minute": None,
        }
    return {
        "kind": ScheduleKind.SERIES if recurrence.is_series else ScheduleKind.SINGLE,
        "start_date": recurrence.start_date,
        "start_time": recurrence.start_time,
        "end_time": recurrence.end_time,
        "rrule": recurrence.rule_text(),
        "until": recurrence.until,
        "count": recurrence.count,
        "exdates": [d.isoformat() for d in recurrence.exdates],
        "skip_school_holidays": recurrence.skip_holidays,
        "note": note,
        "weekdays": weekday_bits(_touched_weekdays(recurrence)),
        "start_minute": recurrence.start_time.hour * 60 + recurrence.start_time.minute,
    }


def _holidays_for(offer: Offer, data: dict[str, Any]):
    if data.get("skip_school_holidays"):
        return occurrences.holiday_periods(offer.municipality_id)
    return ()


def _booking_data(offer: Offer) -> dict[str, Any]:
    return {"title": offer.title[:200], "purpose": _("Angebot"), "centre": offer.centre}


def _room_errors(error: ValidationError) -> ValidationError:
    """The rooms service's refusal (conflicts naming each date, a room the centre may not
    book, an archived room) shown at the form's room field."""
    return ValidationError({"room": error.messages})


def _sync_booking(
    *, actor, offer: Offer, schedule: OfferSchedule | None, room, recurrence: Recurrence | None
):
    """Create, change or cancel the room booking of a schedule line; the booking to link (or
    None). Raises ``ValidationError`` at ``room`` before anything is written for a conflict."""
    from verbund.rooms.services import booking_cancel, booking_create, booking_update

    current = schedule.booking if schedule is not None and schedule.booking_id else None
    if current is not None and current.cancelled_at is not None:
        current = None
    if room is not None and room.municipality_id != offer.municipality_id:
        raise ValidationError({"room": _("Diesen Raum gibt es nicht.")})
    if room is not None and recurrence is None:
        raise ValidationError(
            {"room": _("Für ein Angebot nach Vereinbarung kann kein Raum gebucht werden.")}
        )
    try:
        if room is None:
            if current is not None:
                booking_cancel(actor=actor, booking=current)
            return None
        if current is not None and current.room_id == room.pk:
            return booking_update(
                actor=actor, booking=current, data=_booking_data(offer), recurrence=recurrence
            )
        booking = booking_create(
            actor=actor, room=room, data=_booking_data(offer), recurrence=recurrence
        )
        if current is not None:
            booking_cancel(actor=actor, booking=current)
        return booking
    except ValidationError as error:
        raise _room_errors(error) from None


def book_room(*, actor, schedule: OfferSchedule, room, holidays=()) -> bool:
    """Book ``room`` for an existing schedule line (demo data, imports): True when booked,
    False when the room is taken at one of its dates (nothing is written then)."""
    from .occurrences import recurrence_for

    recurrence = recurrence_for(schedule, holidays)
    if recurrence is None:
        return False
    try:
        with transaction.atomic():
            booking = _sync_booking(
                actor=actor,
                offer=schedule.offer,
                schedule=schedule,
                room=room,
                recurrence=recurrence,
            )
    except ValidationError:
        return False
    schedule.booking = booking
    schedule.save(update_fields=["booking", "updated_at"])
    return True


def _warm_feed_cache(recurrence: Recurrence | None) -> None:
    """The dates a series skips for school holidays, cached for the iCal feeds after the
    commit (a feed of hundreds of series then walks none of them)."""
    if recurrence is None or not recurrence.skip_holidays or not recurrence.is_series:
        return
    from .feeds import warm_holiday_exdates

    transaction.on_commit(lambda: warm_holiday_exdates([recurrence], recurrence.holidays))


def _derived_values(values: dict[str, Any], booking) -> dict[str, Any]:
    return {
        "rrule": values["rrule"],
        "weekdays": values["weekdays"],
        "start_minute": values["start_minute"],
        "booking": booking.pk if booking else None,
    }


@transaction.atomic
def schedule_create(*, actor, offer: Offer, data: dict[str, Any]) -> OfferSchedule:
    """A schedule line and, with ``data["room"]``, its room booking (refused on conflicts)."""
    holidays = _holidays_for(offer, data)
    recurrence = build_recurrence(data, holidays)
    values = schedule_values(data, holidays, recurrence)
    booking = _sync_booking(
        actor=actor, offer=offer, schedule=None, room=data.get("room"), recurrence=recurrence
    )
    _warm_feed_cache(recurrence)
    return create_logged(
        OfferSchedule,
        values={"municipality": offer.municipality, "offer": offer, "booking": booking},
        fields=SCHEDULE_FIELDS,
        data=values,
        action="offers.schedule.create",
        actor=actor,
        extra={"offer": offer.pk, **_derived_values(values, booking)},
    )


@transaction.atomic
def schedule_update(*, actor, schedule: OfferSchedule, data: dict[str, Any]) -> OfferSchedule:
    offer = schedule.offer
    holidays = _holidays_for(offer, data)
    recurrence = build_recurrence(data, holidays)
    values = schedule_values(data, holidays, recurrence)
    if data.get(VERSION_FIELD):
        values[VERSION_FIELD] = data[VERSION_FIELD]
    booking = _sync_booking(
        actor=actor, offer=offer, schedule=schedule, room=data.get("room"), recurrence=recurrence
    )
    derived = {**{name: values[name] for name in DERIVED_FIELDS[:-1]}, "booking": booking}

    def write_derived(row: OfferSchedule) -> None:
        changed = [name for name in DERIVED_FIELDS if getattr(row, name) != derived[name]]
        if changed:
            for name in changed:
                setattr(row, name, derived[name])
            row.save(update_fields=[*changed, "updated_at"])

    _warm_feed_cache(recurrence)
    return save_changes(
        schedule,
        fields=TYPED_FIELDS,
        data=values,
        action="offers.schedule.update",
        actor=actor,
        state=_derived,
        after_save=write_derived,
    )


@transaction.atomic
def schedule_delete(*, actor, schedule: OfferSchedule) -> None:
    """The line goes; its room booking is cancelled (the room is free again)."""
    _sync_booking(actor=actor, offer=schedule.offer, schedule=schedule, room=None, recurrence=None)
    before = {**snapshot(schedule, TYPED_FIELDS), **_derived(schedule)}
    log_action(
        "offers.schedule.delete",
        actor=actor,
        instance=schedule,
        before=before,
        data={"offer": schedule.offer_id},
    )
    schedule.delete()


# Personal calendar addresses ------------------------------------------------------------------


@transaction.atomic
def feed_token_create(*, actor, municipality, label: str) -> tuple[FeedToken, str]:
    """A new personal calendar address; returns the row and the token (shown once)."""
    token = new_token()
    row = create_logged(
        FeedToken,
        values={"municipality": municipality, "user": actor, "digest": token_digest(token)},
        fields=["label"],
        data={"label": (label or "").strip() or _("Kalender")},
        action="offers.feedtoken.create",
        actor=actor,
    )
    return row, token


@transaction.atomic
def feed_token_revoke(*, actor, token: FeedToken) -> FeedToken:
    """Stops the address at once (the row stays for the record)."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    log_action(
        "offers.feedtoken.revoke",
        actor=actor,
        instance=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.isoformat()},
    )
    return token
