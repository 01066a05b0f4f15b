"""Dates that repeat: one value for single dates and series, on RFC 5545 rules (python-dateutil).

A :class:`Recurrence` is a start date, a start and end time on the same day, and a kind: a
single date, every week, every other week, the n-th weekday of the month ("2nd Tuesday", "last
Friday") or a custom RRULE. A series ends by ``until`` (a date, inclusive) or ``count``;
``exdates`` drop single dates and ``skip_holidays`` drops every date inside one of the
``holidays`` periods ((first_day, last_day), both inclusive) the caller passes in. As in RFC
5545, ``count`` counts the rule's dates *before* exceptions and holidays are removed.

Storage: keep ``start_date``, ``start_time``, ``end_time``, ``rule_text()`` (the RRULE value
without UNTIL/COUNT, "" for a single date), ``until``, ``count``, ``exdates`` and
``skip_holidays`` on the row; :meth:`Recurrence.from_rrule` rebuilds the value from them.

Occurrences are computed, never stored: :meth:`Recurrence.occurrences` walks the rule lazily
for a window. Every series is bounded (``validate`` requires UNTIL or COUNT, at most
``MAX_DATES`` dates within ``MAX_YEARS`` years), so nothing here can run without end.

``validate()`` raises a ``ValidationError`` whose keys are the attribute names below
(``start_date``, ``start_time``, ``end_time``, ``kind``, ``weekdays``, ``nth``, ``rule``,
``until``, ``count``, ``exdates``, ``skip_holidays``); a form with other field names maps them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property

from dateutil import rrule as du
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from verbund.core.rrule_parts import (
    MAX_DATES,
    MAX_YEARS,
    NTH_CHOICES,
    RULE_TEXT,
    WEEKDAY_ADVERBS,
    WEEKDAY_CODES,
    WEEKDAY_NAMES,
    Kind,
    check_parts,
    check_series,
    describe,
    format_day,
    may_match,
    normalise_rule,
    nth_weekday,
    overlapping,
    parse_parts,
    parse_until,
    short_time,
    simple_kind,
    time_range,
)

__all__ = [
    "MAX_DATES",
    "MAX_YEARS",
    "NTH_CHOICES",
    "WEEKDAY_ADVERBS",
    "WEEKDAY_CODES",
    "WEEKDAY_NAMES",
    "Kind",
    "Recurrence",
    "normalise_rule",
    "overlapping",
    "time_range",
]


@dataclass(frozen=True)
class Recurrence:
    start_date: date
    start_time: time
    end_time: time
    kind: str = Kind.SINGLE
    weekdays: tuple[int, ...] = ()  # WEEKLY/BIWEEKLY: Monday=0; default the start's weekday
    nth: int | None = None  # MONTHLY_NTH: 1–5 or -1 (last); default from the start date
    rule: str = ""  # CUSTOM: the RRULE value without UNTIL/COUNT
    until: date | None = None
    count: int | None = None
    exdates: tuple[date, ...] = ()
    skip_holidays: bool = False
    holidays: tuple[tuple[date, date], ...] = field(default=(), compare=False)

    # ------------------------------------------------------------------ building

    @classmethod
    def from_rrule(
        cls,
        text: str,
        *,
        start_date: date,
        start_time: time,
        end_time: time,
        until: date | None = None,
        count: int | None = None,
        exdates: Iterable[date] = (),
        skip_holidays: bool = False,
        holidays: Iterable[tuple[date, date]] = (),
    ) -> Recurrence:
        """The value for an RRULE text ("" for a single date). UNTIL and COUNT inside the
        text win over the arguments. Raises ``ValidationError`` (key ``rule``) on text that is
        not a rule; recognises the simple kinds and keeps anything else as CUSTOM."""
        common = {
            "start_date": start_date,
            "start_time": start_time,
            "end_time": end_time,
            "exdates": tuple(sorted(set(exdates))),
            "skip_holidays": skip_holidays,
            "holidays": tuple(holidays),
        }
        text = normalise_rule(text)
        if not text:
            return cls(kind=Kind.SINGLE, **common)
        if not RULE_TEXT.match(text):
            raise ValidationError(
                {"rule": gettext("Die Regel „%(rule)s“ ist ungültig.") % {"rule": text}}
            )
        try:
            parts = parse_parts(text)
        except ValueError as exc:
            raise ValidationError({"rule": str(exc)}) from exc
        if "UNTIL" in parts:
            until = parse_until(parts.pop("UNTIL"))
        if "COUNT" in parts:
            raw = parts.pop("COUNT")
            if not raw.lstrip("-").isdecimal() or not raw.isascii():
                raise ValidationError(
                    {"count": gettext("Die Anzahl „%(v)s“ ist keine Zahl.") % {"v": raw}}
                )
            count = int(raw)
        common.update(until=until, count=count)
        simple = simple_kind(parts)
        if simple is not None:
            kind, weekdays, nth = simple
            return cls(kind=kind, weekdays=weekdays, nth=nth, **common)
        rest = ";".join(f"{k}={v}" for k, v in parts.items())
        return cls(kind=Kind.CUSTOM, rule=rest, **common)

    def rule_text(self) -> str:
        """The RRULE value without UNTIL and COUNT (for storage); "" for a single date."""
        if self.kind == Kind.SINGLE:
            return ""
        if self.kind in (Kind.WEEKLY, Kind.BIWEEKLY):
            days = ",".join(WEEKDAY_CODES[d] for d in self.effective_weekdays)
            interval = ";INTERVAL=2" if self.kind == Kind.BIWEEKLY else ""
            return f"FREQ=WEEKLY{interval};BYDAY={days}"
        if self.kind == Kind.MONTHLY_NTH:
            return f"FREQ=MONTHLY;BYDAY={self.effective_nth}{WEEKDAY_CODES[self.monthly_weekday]}"
        return normalise_rule(self.rule)

    def to_rrule(self, *, tz: tzinfo | None = None) -> str:
        """The RFC 5545 RRULE value ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T090000").

        UNTIL is the start time on the last day: local ("floating") without ``tz``; with
        ``tz`` (DTSTART written with a TZID) it is converted to UTC, as RFC 5545 requires."""
        text = self.rule_text()
        if not text:
            return ""
        if self.until is not None:
            last = datetime.combine(self.until, self.start_time)
            if tz is not None:
                stamp = last.replace(tzinfo=tz).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
            else:
                stamp = last.strftime("%Y%m%dT%H%M%S")
            text += f";UNTIL={stamp}"
        elif self.count is not None:
            text += f";COUNT={self.count}"
        return text

    # ------------------------------------------------------------------ derived

    @property
    def is_series(self) -> bool:
        return self.kind != Kind.SINGLE

    @property
    def effective_weekdays(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.weekdays))) or (self.start_date.weekday(),)

    @property
    def monthly_weekday(self) -> int:
        return self.weekdays[0] if self.weekdays else self.start_date.weekday()

    @property
    def effective_nth(self) -> int:
        if self.nth is not None:
            return self.nth
        return (self.start_date.day - 1) // 7 + 1

    @property
    def horizon(self) -> date:
        """The last day any series may reach (``MAX_YEARS`` after the start)."""
        try:
            return self.start_date.replace(year=self.start_date.year + MAX_YEARS)
        except ValueError:  # 29 February
            return self.start_date.replace(year=self.start_date.year + MAX_YEARS, day=28)

    @property
    def duration(self) -> timedelta:
        return datetime.combine(self.start_date, self.end_time) - datetime.combine(
            self.start_date, self.start_time
        )

    @cached_property
    def _rule(self) -> du.rrule | None:
        """The dateutil rule of a CUSTOM series, bounded by UNTIL or by the horizon (never
        open-ended); None for a rule no day up to the horizon can match (dateutil would walk
        such a rule up to the year 9999). Raises ``ValueError`` on a rule that is not valid."""
        if self.kind != Kind.CUSTOM:
            return None
        # Always bounded by a date: COUNT is applied while walking (``_raw_dates``), since
        # dateutil walks a COUNT-only rule that matches nothing up to the year 9999.
        last = min(self.until, self.horizon) if self.until else self.horizon
        dtstart = datetime.combine(self.start_date, self.start_time)
        until = datetime.combine(last, self.start_time)
        text = self.rule_text()
        if not may_match(check_parts(parse_parts(text)), self.start_date, self.horizon):
            return None
        text += f";UNTIL={until:%Y%m%dT%H%M%S}"
        rule = du.rrulestr(text, dtstart=dtstart)
        if not isinstance(rule, du.rrule):  # pragma: no cover - a single RRULE never makes a set
            raise ValueError(gettext("Die Regel ist ungültig."))
        return rule

    @cached_property
    def _excluded(self) -> frozenset[date]:
        return frozenset(self.exdates)

    @cached_property
    def _holiday_periods(self) -> tuple[list[date], list[date]]:
        """The holiday periods merged where they overlap or touch: (starts, ends), sorted."""
        starts: list[date] = []
        ends: list[date] = []
        if self.skip_holidays:
            for first, last in sorted(p for p in self.holidays if p[0] <= p[1]):
                if ends and first <= ends[-1] + timedelta(days=1):
                    ends[-1] = max(ends[-1], last)
                else:
                    starts.append(first)
                    ends.append(last)
        return starts, ends

    def in_holidays(self, day: date) -> bool:
        """Whether ``day`` lies in one of the holiday periods (only with ``skip_holidays``)."""
        starts, ends = self._holiday_periods
        index = bisect.bisect_right(starts, day) - 1
        return index >= 0 and ends[index] >= day

    def _raw_dates(self, first: date | None = None, last: date | None = None) -> Iterator[date]:
        """The rule's dates (before exceptions and holidays) from ``first`` to ``last``."""
        if self.kind == Kind.SINGLE:
            if (first is None or self.start_date >= first) and (
                last is None or self.start_date <= last
            ):
                yield self.start_date
            return
        first = max(first or self.start_date, self.start_date)
        stop = min(last or self.horizon, self.until or self.horizon, self.horizon)
        limit = self.count if self.count is not None and self.count > 0 else None
        if self.kind in (Kind.WEEKLY, Kind.BIWEEKLY, Kind.MONTHLY_NTH):
            # Computed directly (as RFC 5545 with WKST=MO defines them; the tests compare
            # with dateutil): ten times faster than walking a dateutil rule.
            walk = self._weekly if self.kind != Kind.MONTHLY_NTH else self._monthly
            yield from walk(first, stop, limit)
            return
        rule = self._rule
        if rule is None:
            return
        for index, moment in enumerate(rule):
            if limit is not None and index >= limit:
                return
            day = moment.date()
            if day > stop:
                return
            if day >= first:
                yield day

    def _weekly(self, first: date, stop: date, limit: int | None) -> Iterator[date]:
        step = 2 if self.kind == Kind.BIWEEKLY else 1
        week = self.start_date - timedelta(days=self.start_date.weekday())
        if limit is None and first > self.start_date:
            # Without COUNT nothing before ``first`` matters: jump to its week (same parity).
            weeks = (first - week).days // 7
            week += timedelta(weeks=weeks - weeks % step)
        produced = 0
        days = [d for d in self.effective_weekdays if 0 <= d <= 6]
        while week <= stop:
            for weekday in days:
                day = week + timedelta(days=weekday)
                if day < self.start_date:
                    continue
                if day > stop or (limit is not None and produced >= limit):
                    return
                produced += 1
                if day >= first:
                    yield day
            week += timedelta(weeks=step)

    def _monthly(self, first: date, stop: date, limit: int | None) -> Iterator[date]:
        weekday, nth = self.monthly_weekday, self.effective_nth
        if not 0 <= weekday <= 6 or nth == 0 or not -5 <= nth <= 5:
            return
        year, month = self.start_date.year, self.start_date.month
        if limit is None and first > self.start_date:
            year, month = first.year, first.month
        produced = 0
        while date(year, month, 1) <= stop:
            day = nth_weekday(year, month, weekday, nth)
            if day is not None and day >= self.start_date:
                if day > stop or (limit is not None and produced >= limit):
                    return
                produced += 1
                if day >= first:
                    yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def dates(self, first: date | None = None, last: date | None = None) -> Iterator[date]:
        """The dates that take place (exceptions and holidays removed), lazily, inclusive."""
        excluded = self._excluded
        for day in self._raw_dates(first, last):
            if day in excluded or (self.skip_holidays and self.in_holidays(day)):
                continue
            yield day

    def occurrences(
        self,
        window_start: date | datetime,
        window_end: date | datetime,
        *,
        tz: tzinfo | None = None,
    ) -> Iterator[tuple[datetime, datetime]]:
        """(start, end) of every date that takes place in the window, lazily.

        Dates are an inclusive range of days; datetimes a half-open window [start, end) that
        an occurrence overlaps. Datetimes returned are naive local time, or aware in ``tz``."""
        if isinstance(window_start, datetime):
            lo = _naive(window_start, tz)
            first = lo.date()
        else:
            lo, first = None, window_start
        if isinstance(window_end, datetime):
            hi = _naive(window_end, tz)
            last = hi.date()
        else:
            hi, last = None, window_end
        for day in self.dates(first, last):
            start = datetime.combine(day, self.start_time)
            end = datetime.combine(day, self.end_time)
            if (lo is not None and end <= lo) or (hi is not None and start >= hi):
                continue
            if tz is not None:
                start, end = start.replace(tzinfo=tz), end.replace(tzinfo=tz)
            yield start, end

    def first_date(self) -> date | None:
        return next(self.dates(), None)

    def last_date(self) -> date | None:
        """The last date that takes place (walks the bounded series once)."""
        last = None
        for last in self.dates():  # noqa: B007
            pass
        return last

    def holiday_dates(self) -> list[date]:
        """The rule's dates dropped for holidays (for EXDATE lines in an iCal export)."""
        if not self.skip_holidays:
            return []
        return [d for d in self._raw_dates() if self.in_holidays(d) and d not in self._excluded]

    # ------------------------------------------------------------------ checking

    def validate(self) -> None:
        """Raise ``ValidationError`` with German messages keyed to the attribute names."""
        errors: dict[str, list[str]] = {}

        def add(key: str, message: str) -> None:
            errors.setdefault(key, []).append(message)

        if self.end_time <= self.start_time:
            add(
                "end_time",
                gettext("Das Ende (%(end)s Uhr) muss nach dem Beginn (%(start)s Uhr) liegen.")
                % {"end": short_time(self.end_time), "start": short_time(self.start_time)},
            )
        if self.kind not in Kind.values:
            add("kind", gettext("Bitte eine Art der Wiederholung wählen."))
            raise ValidationError(errors)
        if self.kind == Kind.SINGLE:
            self._validate_single(add)
        else:
            check_series(self, add)
        if errors:
            raise ValidationError(errors)

    def _validate_single(self, add) -> None:
        if self.start_date in self._excluded:
            add("exdates", gettext("Der einzige Termin ist als Ausnahme eingetragen."))
        elif self.skip_holidays and self.in_holidays(self.start_date):
            add(
                "skip_holidays",
                gettext("Der Termin am %(date)s liegt in den Schulferien.")
                % {"date": format_day(self.start_date)},
            )

    def is_valid(self) -> bool:
        try:
            self.validate()
        except ValidationError:
            return False
        return True

    # ------------------------------------------------------------------ text

    def describe(self) -> str:
        """Plain German: "jeden Dienstag, 9:00–11:00 Uhr, vom 6.1. bis 30.6.2027, nicht in den
        Schulferien"."""
        return describe(self)


def _naive(moment: datetime, tz: tzinfo | None) -> datetime:
    if moment.tzinfo is None:
        return moment
    if tz is not None:
        moment = moment.astimezone(tz)
    return moment.replace(tzinfo=None)
