"""Bookings: single dates and series, checked for conflicts before anything is saved.

The offers app creates the bookings of its schedules through these functions (it holds a
one-to-one link to the booking); rooms knows nothing of offers.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes
from verbund.core.recurrence import Recurrence

from ..conflicts import conflict_message, find_conflicts, holiday_periods, span_of
from ..models import Booking, Room
from ..selectors import centre_may_book

BOOKING_FIELDS = [
    "title",
    "purpose",
    "centre",
    "start_date",
    "start_time",
    "end_time",
    "rrule",
    "until",
    "count",
    "exdates",
    "skip_holidays",
]
DERIVED_FIELDS = ["first_date", "last_date", "weekday_mask"]


def _with_holidays(room: Room, recurrence: Recurrence) -> Recurrence:
    if recurrence.skip_holidays and not recurrence.holidays:
        return dataclasses.replace(recurrence, holidays=holiday_periods(room.municipality_id))
    return recurrence


def _check(*, room: Room, centre, recurrence: Recurrence, exclude: Booking | None) -> None:
    """Refuse with German messages at the fields: an archived room, a centre without the
    right to the room, an invalid rule, and every colliding date (one message)."""
    if not room.active:
        raise ValidationError(
            _("Der Raum „%(room)s“ ist archiviert und kann nicht gebucht werden.")
            % {"room": room.name}
        )
    if centre is not None and not centre_may_book(room, centre):
        raise ValidationError(
            {
                "centre": _(
                    "„%(centre)s“ kann den Raum „%(room)s“ nicht buchen: er gehört weder zu "
                    "einer Einrichtung des Verbunds noch ist er über eine Vereinbarung in Kraft "
                    "freigegeben."
                )
                % {"centre": centre.name, "room": room.name}
            }
        )
    recurrence.validate()
    conflicts = find_conflicts(room, recurrence, exclude, holidays=recurrence.holidays)
    if conflicts:
        raise ValidationError({NON_FIELD_ERRORS: [conflict_message(conflicts)]}, code="conflict")


def _stored(recurrence: Recurrence) -> dict[str, Any]:
    """The rule's values as stored on the row, with the derived span and weekdays."""
    first, last, mask = span_of(recurrence)
    return {
        "start_date": recurrence.start_date,
        "start_time": recurrence.start_time,
        "end_time": recurrence.end_time,
        "rrule": recurrence.rule_text(),
        "until": recurrence.until if recurrence.is_series else None,
        "count": recurrence.count if recurrence.is_series else None,
        "exdates": [d.isoformat() for d in sorted(recurrence.exdates)]
        if recurrence.is_series
        else [],
        "skip_holidays": recurrence.skip_holidays,
        "first_date": first,
        "last_date": last,
        "weekday_mask": mask,
    }


@transaction.atomic
def booking_create(*, actor, room: Room, data: dict[str, Any], recurrence: Recurrence) -> Booking:
    """``data``: ``title``, ``purpose`` and ``centre`` (None: the room's holder uses it)."""
    centre = data.get("centre")
    recurrence = _with_holidays(room, recurrence)
    # Serialise bookings of one room, so two people cannot book the same free slot at once.
    Room.objects.select_for_update().filter(pk=room.pk).first()
    _check(room=room, centre=centre, recurrence=recurrence, exclude=None)
    stored = _stored(recurrence)
    derived = {name: stored.pop(name) for name in DERIVED_FIELDS}
    return create_logged(
        Booking,
        values={"municipality": room.municipality, "room": room, "created_by": actor, **derived},
        fields=BOOKING_FIELDS,
        data={**data, **stored},
        action="rooms.booking.created",
        actor=actor,
    )


@transaction.atomic
def booking_update(
    *, actor, booking: Booking, data: dict[str, Any], recurrence: Recurrence
) -> Booking:
    if booking.is_cancelled:
        raise ValidationError(_("Eine stornierte Buchung kann nicht mehr geändert werden."))
    room = booking.room
    centre = data.get("centre", booking.centre)
    recurrence = _with_holidays(room, recurrence)
    Room.objects.select_for_update().filter(pk=room.pk).first()
    _check(room=room, centre=centre, recurrence=recurrence, exclude=booking)
    stored = _stored(recurrence)
    for name in DERIVED_FIELDS:
        setattr(booking, name, stored.pop(name))
    return save_changes(
        booking,
        fields=BOOKING_FIELDS,
        data={**data, **stored},
        action="rooms.booking.changed",
        actor=actor,
    )


@transaction.atomic
def booking_cancel(*, actor, booking: Booking) -> Booking:
    if booking.is_cancelled:
        return booking
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["cancelled_at", "updated_at"])
    log_action(
        "rooms.booking.cancelled",
        actor=actor,
        instance=booking,
        before={"cancelled_at": None},
        after={"cancelled_at": booking.cancelled_at},
    )
    return booking


@transaction.atomic
def booking_skip_date(*, actor, booking: Booking, day: date) -> Booking:
    """Cancel one date of a series (an exception); the last date left cancels the booking."""
    if booking.is_cancelled:
        raise ValidationError(_("Die Buchung ist storniert."))
    if not booking.is_series:
        raise ValidationError(_("Ein Einzeltermin wird als Ganzes storniert."))
    recurrence = booking.recurrence(holiday_periods(booking.municipality_id))
    if day not in set(recurrence.dates(day, day)):
        raise ValidationError(
            _("Am %(date)s findet kein Termin dieser Buchung statt.")
            % {"date": day.strftime("%d.%m.%Y")}
        )
    exdates = sorted({*booking.exdates, day.isoformat()})
    if not list(
        dataclasses.replace(recurrence, exdates=tuple(map(date.fromisoformat, exdates))).dates()
    ):
        return booking_cancel(actor=actor, booking=booking)
    return save_changes(
        booking,
        fields=["exdates"],
        data={"exdates": exdates},
        action="rooms.booking.changed",
        actor=actor,
    )
