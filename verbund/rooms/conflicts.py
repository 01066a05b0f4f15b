"""Which dates of a planned booking collide with bookings already in the room.

``find_conflicts`` expands the candidate (a single date or a bounded series, at most 1,000
dates) and compares it with the room's bookings that can collide at all, narrowed in SQL:
the same room, not cancelled, a span of dates that overlaps the candidate's, times that
overlap on a day, and for single bookings one of the candidate's dates, for series one of its
weekdays. Only the series left are expanded, and only between the candidate's first and last
date. Every occurrence of a booking has the same times, so two dates collide exactly when the
day is the same and the times overlap.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, time

from django.db.models import F
from django.utils.translation import gettext as _

from verbund.core.prepared import PreparedQuery
from verbund.core.recurrence import Recurrence, time_range

from .models import Booking, HolidayPeriod, Room


@dataclass(frozen=True, order=True)
class Conflict:
    day: date
    start_time: time
    end_time: time
    booking_id: int
    title: str

    @property
    def times(self) -> str:
        return time_range(self.start_time, self.end_time).removesuffix(" Uhr")


def weekday_mask(days) -> int:
    mask = 0
    for day in days:
        mask |= 1 << day.weekday()
    return mask


def span_of(recurrence: Recurrence) -> tuple[date, date, int]:
    """First and last date and weekday mask of the rule before exceptions and holidays (what
    a booking stores for the prefilter, so it never misses a date)."""
    plain = dataclasses.replace(recurrence, exdates=(), skip_holidays=False)
    raw = list(plain.dates())
    return raw[0], raw[-1], weekday_mask(raw)


_HOLIDAYS = PreparedQuery(
    lambda municipality_id: (
        HolidayPeriod.objects.filter(municipality=municipality_id)
        .order_by("first_day")
        .values_list("first_day", "last_day")
    )
)


def holiday_periods(municipality) -> tuple[tuple[date, date], ...]:
    """The municipality's school holidays as (first_day, last_day) pairs (one query, compiled
    once per process: every room list and calendar reads them)."""
    return tuple(_HOLIDAYS.rows(municipality_id=getattr(municipality, "pk", municipality)))


def find_conflicts(
    room: Room,
    recurrence: Recurrence,
    exclude_booking: Booking | int | None = None,
    *,
    holidays: tuple[tuple[date, date], ...] | None = None,
) -> list[Conflict]:
    """Each date of ``recurrence`` on which another booking of ``room`` overlaps, with that
    booking's title and times; sorted by date. ``holidays`` (for series of other bookings
    that skip them) are read when needed and not given."""
    candidate = list(recurrence.dates())
    if not candidate:
        return []
    wanted = set(candidate)
    overlap = {
        "room": room,
        "cancelled_at__isnull": True,
        "start_time__lt": recurrence.end_time,
        "end_time__gt": recurrence.start_time,
    }
    exclude_id = getattr(exclude_booking, "pk", exclude_booking)
    # Single dates: one of the candidate's dates (index on room and date).
    singles = Booking.objects.filter(**overlap, rrule="", start_date__in=candidate)
    # Series: a span that overlaps the candidate's and a common weekday.
    series = Booking.objects.filter(
        **overlap, rrule__gt="", first_date__lte=candidate[-1], last_date__gte=candidate[0]
    )
    if exclude_id is not None:
        singles, series = singles.exclude(pk=exclude_id), series.exclude(pk=exclude_id)
    found: list[Conflict] = [
        Conflict(day, start, end, pk, title)
        for pk, title, day, start, end in singles.order_by().values_list(
            "pk", "title", "start_date", "start_time", "end_time"
        )
    ]
    series = list(
        series.annotate(common=F("weekday_mask").bitand(weekday_mask(candidate)))
        .filter(common__gt=0)
        .order_by()
        .only(
            "pk",
            "title",
            "start_date",
            "start_time",
            "end_time",
            "rrule",
            "until",
            "count",
            "exdates",
            "skip_holidays",
        )
    )
    if series and not holidays and any(b.skip_holidays for b in series):
        holidays = holiday_periods(room.municipality_id)
    for booking in series:
        other = booking.recurrence(holidays or ())
        for day in other.dates(candidate[0], candidate[-1]):
            if day in wanted:
                found.append(
                    Conflict(day, booking.start_time, booking.end_time, booking.pk, booking.title)
                )
    return sorted(found, key=lambda c: (c.day, c.start_time, c.end_time, c.booking_id))


def conflict_message(conflicts: list[Conflict]) -> str:
    """One German sentence naming each colliding date:
    "Der Raum ist am 13.01.2027 (9:00–11:00, „Elterncafé“) schon belegt."."""
    parts = [
        _("am %(date)s (%(times)s, „%(title)s“)")
        % {"date": c.day.strftime("%d.%m.%Y"), "times": c.times, "title": c.title}
        for c in conflicts
    ]
    listed = ", ".join(parts[:-1]) + _(" und ") + parts[-1] if len(parts) > 1 else parts[0]
    return _("Der Raum ist %(dates)s schon belegt.") % {"dates": listed}
