"""Room calendars (week and month) and the occupancy figure, computed from the bookings.

Occurrences are expanded only for the days shown; everything here works on bookings already
loaded (``selectors.bookings_between``), so a page costs the same few queries however many
bookings a room has.
"""

from __future__ import annotations

import calendar as cal
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from verbund.core.recurrence import WEEKDAY_NAMES, time_range

OCCUPANCY_DAYS = 28
MONTH_NAMES = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


@dataclass(frozen=True)
class Entry:
    day: date
    start: datetime
    end: datetime
    title: str
    booking_id: int
    booked_for: str
    is_series: bool

    @property
    def times(self) -> str:
        return time_range(self.start.time(), self.end.time())


@dataclass
class Day:
    day: date
    entries: list[Entry] = field(default_factory=list)
    in_month: bool = True
    is_today: bool = False
    in_holidays: bool = False

    @property
    def weekday_name(self) -> str:
        return str(WEEKDAY_NAMES[self.day.weekday()])


def expand(bookings, first: date, last: date, holidays=()) -> dict[int, dict[date, list[Entry]]]:
    """room id → day → entries, for the days from ``first`` to ``last``."""
    found: dict[int, dict[date, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for booking in bookings:
        recurrence = booking.recurrence(holidays if booking.skip_holidays else ())
        booked_for = booking.centre.name if booking.centre_id else ""
        for start, end in recurrence.occurrences(first, last):
            found[booking.room_id][start.date()].append(
                Entry(
                    start.date(),
                    start,
                    end,
                    booking.title,
                    booking.pk,
                    booked_for,
                    booking.is_series,
                )
            )
    for days in found.values():
        for entries in days.values():
            entries.sort(key=lambda e: (e.start, e.end, e.booking_id))
    return found


def week_span(anchor: date) -> tuple[date, date]:
    first = anchor - timedelta(days=anchor.weekday())
    return first, first + timedelta(days=6)


def month_span(anchor: date) -> tuple[date, date]:
    """The whole weeks (Monday to Sunday) covering the anchor's month."""
    start = anchor.replace(day=1)
    end = anchor.replace(day=cal.monthrange(anchor.year, anchor.month)[1])
    return start - timedelta(days=start.weekday()), end + timedelta(days=6 - end.weekday())


def _in_holidays(day: date, holidays) -> bool:
    return any(first <= day <= last for first, last in holidays)


def days_of(
    entries: dict[date, list[Entry]],
    first: date,
    last: date,
    *,
    month: int | None,
    today: date,
    holidays=(),
) -> list[Day]:
    days = []
    day = first
    while day <= last:
        days.append(
            Day(
                day,
                entries.get(day, []),
                in_month=month is None or day.month == month,
                is_today=day == today,
                in_holidays=_in_holidays(day, holidays),
            )
        )
        day += timedelta(days=1)
    return days


def weeks_of(days: list[Day]) -> list[list[Day]]:
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def period_title(view: str, first: date, last: date, anchor: date) -> str:
    if view == "month":
        return f"{MONTH_NAMES[anchor.month - 1]} {anchor.year}"
    return _("Woche vom %(first)s bis %(last)s") % {
        "first": first.strftime("%d.%m."),
        "last": last.strftime("%d.%m.%Y"),
    }


def shift(view: str, anchor: date, steps: int) -> date:
    if view == "month":
        month = anchor.month - 1 + steps
        year = anchor.year + month // 12
        month = month % 12 + 1
        return date(year, month, 1)
    return anchor + timedelta(days=7 * steps)


@dataclass(frozen=True)
class Occupancy:
    first: date
    last: date
    booked_minutes: int
    open_minutes: int

    @property
    def percent(self) -> int | None:
        if not self.open_minutes:
            return None
        return round(100 * self.booked_minutes / self.open_minutes)

    @property
    def booked_hours(self) -> str:
        return _hours(self.booked_minutes)

    @property
    def open_hours(self) -> str:
        return _hours(self.open_minutes)


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return str(hours)
    return f"{minutes / 60:.1f}".replace(".", ",")


def occupancy(room, entries: dict[date, list[Entry]], first: date) -> Occupancy:
    """Booked hours within the room's opening hours on its opening days over the
    ``OCCUPANCY_DAYS`` days from ``first``; overlapping bookings count once, time outside the
    opening hours not at all."""
    last = first + timedelta(days=OCCUPANCY_DAYS - 1)
    open_days = set(room.open_weekdays)
    booked = open_total = 0
    day = first
    while day <= last:
        if day.weekday() in open_days:
            opens = datetime.combine(day, room.open_from)
            closes = datetime.combine(day, room.open_until)
            open_total += int((closes - opens).total_seconds() // 60)
            spans = sorted(
                (max(e.start, opens), min(e.end, closes))
                for e in entries.get(day, [])
                if e.end > opens and e.start < closes
            )
            cursor = opens
            for start, end in spans:
                start = max(start, cursor)
                if end > start:
                    booked += int((end - start).total_seconds() // 60)
                    cursor = end
        day += timedelta(days=1)
    return Occupancy(first, last, booked, open_total)


def opening_text(room) -> str:
    """ "Mo–Fr, 8:00–18:00 Uhr"."""
    short = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
    days = room.open_weekdays
    if days and days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        names = f"{short[days[0]]}–{short[days[-1]]}"
    else:
        names = ", ".join(short[d] for d in days)
    return f"{names}, {time_range(room.open_from, room.open_until)}"
