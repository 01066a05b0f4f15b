"""When an offer's schedules take place: computed from the stored rule, never stored date by
date. Reads only; the recurrence engine is ``verbund.core.recurrence``.

``next_dates_for(offer)`` is what the offer's detail page shows (description and the next
dates of every schedule line) at a fixed number of queries: the schedules (none when the
caller prefetched ``schedules``) and, only if a line skips school holidays, the holiday
periods.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.recurrence import Recurrence
from verbund.rooms.conflicts import holiday_periods as rooms_holiday_periods

from .choices import ScheduleKind
from .models import OfferSchedule

BERLIN = ZoneInfo("Europe/Berlin")
NEXT_DATES = 5

Holidays = tuple[tuple[date, date], ...]


def holiday_periods(municipality) -> Holidays:
    """The school holiday periods (first day, last day) the municipality's admin imported
    as iCal (rooms app; one query). ``municipality``: the row or its id."""
    return rooms_holiday_periods(municipality)


def needs_holidays(schedules: Iterable[OfferSchedule]) -> bool:
    return any(s.skip_school_holidays and s.kind != ScheduleKind.ON_REQUEST for s in schedules)


def stored_exdates(schedule: OfferSchedule) -> tuple[date, ...]:
    """The exception dates of a row (ISO strings in JSON); anything unreadable is left out."""
    days = []
    for value in schedule.exdates or ():
        try:
            days.append(date.fromisoformat(str(value)))
        except ValueError:
            continue
    return tuple(sorted(set(days)))


def recurrence_for(schedule: OfferSchedule, holidays: Holidays = ()) -> Recurrence | None:
    """The engine's value for a schedule row; None for "on request" and for rows that are
    incomplete or carry a rule the engine does not read (kept, but without dates)."""
    if schedule.kind == ScheduleKind.ON_REQUEST:
        return None
    if schedule.start_date is None or schedule.start_time is None or schedule.end_time is None:
        return None
    text = schedule.rrule if schedule.kind == ScheduleKind.SERIES else ""
    try:
        return Recurrence.from_rrule(
            text,
            start_date=schedule.start_date,
            start_time=schedule.start_time,
            end_time=schedule.end_time,
            until=schedule.until,
            count=schedule.count,
            exdates=stored_exdates(schedule),
            skip_holidays=schedule.skip_school_holidays,
            holidays=holidays,
        )
    except ValidationError:
        return None


def describe(schedule: OfferSchedule, recurrence: Recurrence | None) -> str:
    """Plain German, e.g. "jeden Dienstag, 9:00–11:00 Uhr, vom 5.1. bis 30.6.2027"."""
    if schedule.kind == ScheduleKind.ON_REQUEST:
        text = _("nach Vereinbarung")
    elif recurrence is None:
        text = _("Termin noch unvollständig")
    else:
        try:
            text = recurrence.describe()
        except (ValueError, TypeError):
            text = _("nach der Regel %(rule)s") % {"rule": schedule.rrule}
    if schedule.note:
        text = f"{text} – {schedule.note}"
    return text


def next_dates(
    recurrence: Recurrence | None, *, today: date | None = None, limit: int = NEXT_DATES
) -> list[tuple[datetime, datetime]]:
    """The next ``limit`` (start, end) from today on (naive local time)."""
    if recurrence is None:
        return []
    today = today or timezone.localdate()
    try:
        return list(islice(recurrence.occurrences(today, recurrence.horizon), limit))
    except (ValueError, TypeError, OverflowError):
        return []


@dataclass
class ScheduleLine:
    """One schedule of an offer as shown: the row, its description, its next dates."""

    schedule: OfferSchedule
    recurrence: Recurrence | None
    description: str
    dates: list[tuple[datetime, datetime]] = field(default_factory=list)

    @property
    def is_over(self) -> bool:
        return self.recurrence is not None and not self.dates


def schedule_lines(
    schedules: Iterable[OfferSchedule],
    *,
    holidays: Holidays | None = None,
    municipality=None,
    today: date | None = None,
    limit: int = NEXT_DATES,
) -> list[ScheduleLine]:
    schedules = list(schedules)
    if holidays is None:
        holidays = holiday_periods(municipality) if needs_holidays(schedules) else ()
    lines = []
    for schedule in schedules:
        recurrence = recurrence_for(schedule, holidays)
        lines.append(
            ScheduleLine(
                schedule=schedule,
                recurrence=recurrence,
                description=describe(schedule, recurrence),
                dates=next_dates(recurrence, today=today, limit=limit),
            )
        )
    return lines


def next_dates_for(
    offer, *, limit: int = NEXT_DATES, today: date | None = None, holidays: Holidays | None = None
) -> list[ScheduleLine]:
    """Every schedule line of ``offer`` with its next ``limit`` dates and room. Uses prefetched
    ``offer.schedules`` when there (prefetch them with ``select_related("booking__room")``);
    at most two queries otherwise (schedules with their rooms, holiday periods)."""
    cached = getattr(offer, "_prefetched_objects_cache", {}).get("schedules")
    if cached is None:
        cached = offer.schedules.select_related("booking", "booking__room")
    return schedule_lines(
        cached,
        holidays=holidays,
        municipality=offer.municipality_id,
        today=today,
        limit=limit,
    )


@dataclass(frozen=True)
class Occurrence:
    schedule: OfferSchedule
    start: datetime
    end: datetime


def expand(
    schedules: Iterable[OfferSchedule],
    first: date,
    last: date,
    *,
    holidays: Holidays = (),
) -> list[Occurrence]:
    """Every date the schedules take place from ``first`` to ``last`` (inclusive), sorted."""
    found = []
    for schedule in schedules:
        recurrence = recurrence_for(schedule, holidays)
        if recurrence is None:
            continue
        for start, end in recurrence.occurrences(first, last):
            found.append(Occurrence(schedule, start, end))
    found.sort(key=lambda o: (o.start, o.schedule.pk or 0))
    return found
