"""RRULE text for :mod:`verbund.core.recurrence`: the parts a rule may have, how they are
read and checked, the simple kinds the forms offer, and German date and time notation."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from verbund.core.recurrence import Recurrence

MAX_YEARS = 3
MAX_DATES = 1000

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = (
    _("Montag"),
    _("Dienstag"),
    _("Mittwoch"),
    _("Donnerstag"),
    _("Freitag"),
    _("Samstag"),
    _("Sonntag"),
)
WEEKDAY_ADVERBS = (
    _("montags"),
    _("dienstags"),
    _("mittwochs"),
    _("donnerstags"),
    _("freitags"),
    _("samstags"),
    _("sonntags"),
)
NTH_CHOICES = (
    (1, _("1.")),
    (2, _("2.")),
    (3, _("3.")),
    (4, _("4.")),
    (5, _("5.")),
    (-1, _("letzten")),
)


class Kind(models.TextChoices):
    SINGLE = "single", _("einmalig")
    WEEKLY = "weekly", _("jede Woche")
    BIWEEKLY = "biweekly", _("alle zwei Wochen")
    MONTHLY_NTH = "monthly_nth", _("jeden n-ten Wochentag im Monat")
    CUSTOM = "custom", _("eigene Regel (RRULE)")


RULE_TEXT = re.compile(r"^[A-Z]+=[A-Z0-9,+\-]+(;[A-Z]+=[A-Z0-9,+\-]+)*$")
_SUBDAILY = {"HOURLY", "MINUTELY", "SECONDLY"}
_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"}
BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


def format_day(value: date) -> str:
    """German date as in messages: 13.01.2027."""
    return value.strftime("%d.%m.%Y")


# "jeden 1. Dienstag im Monat": the German ordinal is the number with a dot; other languages
# (the public pages) write a word or a suffix.
ORDINALS = {
    1: pgettext_lazy("n-ter Wochentag im Monat", "1."),
    2: pgettext_lazy("n-ter Wochentag im Monat", "2."),
    3: pgettext_lazy("n-ter Wochentag im Monat", "3."),
    4: pgettext_lazy("n-ter Wochentag im Monat", "4."),
    5: pgettext_lazy("n-ter Wochentag im Monat", "5."),
    -1: pgettext_lazy("n-ter Wochentag im Monat", "letzten"),
}


def _german() -> bool:
    return (get_language() or "de").split("-")[0] == "de"


def short_day(value: date) -> str:
    """A date as in running text: 6.1.2027 in German; in another language of the public pages
    the month as a word ("6 Ocak 2027"), since 6.1. reads as 1 June in some of them."""
    if not _german():
        return date_format(value, "j E Y")  # E: the month in the form a date needs (5 января)
    return f"{value.day}.{value.month}.{value.year}"


def short_day_in_year(value: date) -> str:
    """Day and month without the year: 6.1. (German) or "6 Ocak"."""
    if not _german():
        return date_format(value, "j E")
    return f"{value.day}.{value.month}."


def short_time(value: time) -> str:
    return f"{value.hour}:{value.minute:02d}"


def time_range(start: time, end: time) -> str:
    """ "9:00–11:00 Uhr"."""
    return gettext("%(start)s–%(end)s Uhr") % {"start": short_time(start), "end": short_time(end)}


def parse_parts(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in text.split(";"):
        key, _sep, value = item.partition("=")
        if key in parts:
            raise ValueError(gettext("„%(key)s“ steht zweimal in der Regel.") % {"key": key})
        parts[key] = value
    return parts


def normalise_rule(text: str) -> str:
    """Upper case, no "RRULE:" prefix, no spaces."""
    text = "".join((text or "").split()).upper()
    return text.removeprefix("RRULE:")


def parse_until(raw: str) -> date:
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S", "%Y%m%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValidationError({"until": gettext("Das Enddatum „%(v)s“ ist kein Datum.") % {"v": raw}})


def simple_kind(parts: dict[str, str]) -> tuple[str, tuple[int, ...], int | None] | None:
    """(kind, weekdays, nth) when the rule is one the form offers, else None."""
    freq = parts.get("FREQ")
    keys = set(parts) - {"FREQ", "INTERVAL", "BYDAY", "WKST"}
    if keys or parts.get("WKST", "MO") != "MO" or "BYDAY" not in parts:
        return None
    interval = parts.get("INTERVAL", "1")
    days = []
    for code in parts["BYDAY"].split(","):
        match = BYDAY.match(code)
        if not match:
            return None
        days.append((match.group(1), WEEKDAY_CODES.index(match.group(2))))
    if freq == "WEEKLY" and interval in ("1", "2") and all(n is None for n, _d in days):
        kind = Kind.WEEKLY if interval == "1" else Kind.BIWEEKLY
        return kind, tuple(sorted({d for _n, d in days})), None
    if freq == "MONTHLY" and interval == "1" and len(days) == 1 and days[0][0] is not None:
        nth = int(days[0][0])
        if nth in {n for n, _label in NTH_CHOICES}:
            return Kind.MONTHLY_NTH, (days[0][1],), nth
    return None


def overlapping(
    first: Sequence[tuple[datetime, datetime]], second: Sequence[tuple[datetime, datetime]]
) -> Iterator[tuple[tuple[datetime, datetime], tuple[datetime, datetime]]]:
    """Pairs of overlapping intervals from two lists sorted by start (a merge walk)."""
    j = 0
    for a in first:
        while j < len(second) and second[j][1] <= a[0]:
            j += 1
        k = j
        while k < len(second) and second[k][0] < a[1]:
            if second[k][1] > a[0]:
                yield a, second[k]
            k += 1


def _ints(parts: dict[str, str], key: str, low: int, high: int) -> set[int]:
    values = set()
    for raw in filter(None, parts.get(key, "").split(",")):
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value == 0 or not low <= value <= high or not raw.lstrip("+-").isascii():
            raise ValueError(
                gettext("„%(key)s=%(value)s“ ist nicht möglich.") % {"key": key, "value": raw}
            )
        values.add(value)
    return values


def check_parts(parts: dict[str, str]) -> dict[str, set[int]]:
    """Refuse what the room and offer calendars cannot show (German ``ValueError``); return
    the plain filters (months, month days, weekdays) for ``_may_match``."""
    freq = parts.get("FREQ")
    if freq in _SUBDAILY:
        raise ValueError(gettext("Regeln im Stunden- oder Minutentakt sind nicht möglich."))
    if freq not in _FREQS:
        raise ValueError(gettext("FREQ muss DAILY, WEEKLY, MONTHLY oder YEARLY sein."))
    unknown = sorted(set(parts) - _PARTS - {"UNTIL", "COUNT"})
    if unknown:
        raise ValueError(
            gettext("%(parts)s wird nicht unterstützt.") % {"parts": ", ".join(unknown)}
        )
    _ints(parts, "INTERVAL", 1, 99)
    _ints(parts, "BYSETPOS", -366, 366)
    weekdays = set()
    for code in filter(None, parts.get("BYDAY", "").split(",")):
        match = BYDAY.match(code)
        if not match:
            raise ValueError(gettext("„BYDAY=%(value)s“ ist nicht möglich.") % {"value": code})
        weekdays.add(WEEKDAY_CODES.index(match.group(2)))
    if parts.get("WKST", "MO") not in WEEKDAY_CODES:
        raise ValueError(gettext("WKST muss ein Wochentag sein (MO … SU)."))
    return {
        "months": _ints(parts, "BYMONTH", 1, 12),
        "monthdays": _ints(parts, "BYMONTHDAY", -31, 31),
        "weekdays": weekdays,
    }


def may_match(filters: dict[str, set[int]], first: date, last: date) -> bool:
    """Whether any day from ``first`` to ``last`` passes the plain filters (a cheap walk of at
    most ``MAX_YEARS`` years; ordinals, intervals and set positions are left to dateutil)."""
    months, monthdays, weekdays = filters["months"], filters["monthdays"], filters["weekdays"]
    if not (months or monthdays or weekdays):
        return True
    day = first
    while day <= last:
        if (not months or day.month in months) and (not weekdays or day.weekday() in weekdays):
            if not monthdays:
                return True
            length = calendar.monthrange(day.year, day.month)[1]
            if day.day in monthdays or day.day - length - 1 in monthdays:
                return True
        day += timedelta(days=1)
    return False


def describe(r: Recurrence) -> str:
    """Plain German: "jeden Dienstag, 9:00–11:00 Uhr, vom 6.1. bis 30.6.2027, nicht in den
    Schulferien"."""
    times = time_range(r.start_time, r.end_time)
    if r.kind == Kind.SINGLE:
        return gettext("am %(weekday)s, %(date)s, %(times)s") % {
            "weekday": WEEKDAY_NAMES[r.start_date.weekday()],
            "date": short_day(r.start_date),
            "times": times,
        }
    parts = [_describe_rule(r), times, _describe_span(r)]
    if r.exdates:
        if len(r.exdates) <= 3:
            listed = pgettext("Aufzählung", ", ").join(short_day(d) for d in sorted(r.exdates))
            parts.append(gettext("außer am %(dates)s") % {"dates": listed})
        else:
            parts.append(gettext("mit %(n)s Ausnahmen") % {"n": len(r.exdates)})
    if r.skip_holidays:
        parts.append(gettext("nicht in den Schulferien"))
    return pgettext("Aufzählung", ", ").join(parts)


def _describe_rule(r: Recurrence) -> str:
    if r.kind in (Kind.WEEKLY, Kind.BIWEEKLY):
        names = [str(WEEKDAY_NAMES[d]) for d in r.effective_weekdays]
        comma = pgettext("Aufzählung", ", ")
        days = (
            names[0] if len(names) == 1 else comma.join(names[:-1]) + gettext(" und ") + names[-1]
        )
        if r.kind == Kind.WEEKLY:
            return gettext("jeden %(days)s") % {"days": days}
        return gettext("alle zwei Wochen am %(days)s") % {"days": days}
    if r.kind == Kind.MONTHLY_NTH:
        nth = r.effective_nth
        which = ORDINALS.get(nth, f"{nth}.")
        return gettext("jeden %(nth)s %(weekday)s im Monat") % {
            "nth": which,
            "weekday": WEEKDAY_NAMES[r.monthly_weekday],
        }
    return gettext("nach der Regel %(rule)s") % {"rule": normalise_rule(r.rule)}


def _describe_span(r: Recurrence) -> str:
    start = r.start_date
    if r.until is not None:
        first = short_day_in_year(start) if r.until.year == start.year else short_day(start)
        return gettext("vom %(first)s bis %(last)s") % {
            "first": first,
            "last": short_day(r.until),
        }
    return gettext("ab %(first)s, %(count)s-mal") % {
        "first": short_day(start),
        "count": r.count,
    }


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The ``nth`` (1–5, or -1 for the last, -2 …) ``weekday`` of the month, or None."""
    length = calendar.monthrange(year, month)[1]
    if nth > 0:
        day = 1 + (weekday - date(year, month, 1).weekday()) % 7 + 7 * (nth - 1)
    else:
        day = length - (date(year, month, length).weekday() - weekday) % 7 + 7 * (nth + 1)
    return date(year, month, day) if 1 <= day <= length else None


def check_series(self: Recurrence, add) -> None:
    """The checks of a series (``Recurrence.validate``): German messages by field."""
    if self.kind in (Kind.WEEKLY, Kind.BIWEEKLY, Kind.MONTHLY_NTH) and any(
        not isinstance(d, int) or not 0 <= d <= 6 for d in self.weekdays
    ):
        add("weekdays", gettext("Bitte gültige Wochentage wählen."))
        return
    if self.kind == Kind.MONTHLY_NTH:
        if len(set(self.weekdays)) > 1:
            add("weekdays", gettext("Bitte genau einen Wochentag wählen."))
            return
        if self.effective_nth not in {n for n, _label in NTH_CHOICES}:
            add("nth", gettext("Bitte 1., 2., 3., 4., 5. oder letzten Wochentag wählen."))
            return
    if self.kind == Kind.CUSTOM:
        text = normalise_rule(self.rule)
        if not text:
            add("rule", gettext("Bitte eine Regel eingeben, z. B. FREQ=WEEKLY;BYDAY=TU."))
            return
        if not RULE_TEXT.match(text):
            add("rule", gettext("Die Regel „%(rule)s“ ist ungültig.") % {"rule": text})
            return
        try:
            parts = parse_parts(text)
        except ValueError as exc:
            add("rule", str(exc))
            return
        inner = sorted({"UNTIL", "COUNT", "DTSTART"} & parts.keys())
        if inner:
            add(
                "rule",
                gettext("%(parts)s bitte nicht in der Regel, sondern in den Feldern angeben.")
                % {"parts": ", ".join(inner)},
            )
            return
    if self.until is None and self.count is None:
        add(
            "until",
            gettext(
                "Eine Terminreihe braucht ein Enddatum oder eine Anzahl von Terminen "
                "(höchstens %(years)s Jahre)."
            )
            % {"years": MAX_YEARS},
        )
        return
    if self.until is not None and self.count is not None:
        add(
            "count",
            gettext("Bitte entweder ein Enddatum oder eine Anzahl angeben, nicht beides."),
        )
        return
    if self.count is not None:
        if self.count < 1:
            add("count", gettext("Die Anzahl der Termine muss mindestens 1 sein."))
            return
        if self.count > MAX_DATES:
            add("count", gettext("Höchstens %(max)s Termine pro Reihe.") % {"max": "1.000"})
            return
    if self.until is not None:
        if self.until < self.start_date:
            add("until", gettext("Das Enddatum liegt vor dem Beginn der Reihe."))
            return
        if self.until > self.horizon:
            add(
                "until",
                gettext("Eine Reihe darf höchstens %(years)s Jahre laufen, also bis %(date)s.")
                % {"years": MAX_YEARS, "date": format_day(self.horizon)},
            )
            return
    try:
        raw = []
        for day in self._raw_dates():
            raw.append(day)
            if len(raw) > MAX_DATES:
                break
    except (ValueError, TypeError, OverflowError) as exc:
        add("rule", gettext("Die Regel ist ungültig: %(error)s") % {"error": exc})
        return
    if len(raw) > MAX_DATES:
        add(
            "until" if self.kind != Kind.CUSTOM else "rule",
            gettext("Die Reihe ergibt mehr als %(max)s Termine.") % {"max": "1.000"},
        )
        return
    if self.count is not None and len(raw) < self.count:
        add(
            "count",
            gettext(
                "Die Reihe erreicht %(count)s Termine nicht innerhalb von %(years)s Jahren "
                "(bis %(date)s)."
            )
            % {"count": self.count, "years": MAX_YEARS, "date": format_day(self.horizon)},
        )
        return
    if not raw:
        add(
            "rule" if self.kind == Kind.CUSTOM else "start_date",
            gettext("Die Regel ergibt keinen einzigen Termin."),
        )
        return
    stray = sorted(set(self.exdates) - set(raw))
    if stray:
        add(
            "exdates",
            gettext("Kein Termin der Reihe: %(dates)s.")
            % {"dates": ", ".join(format_day(d) for d in stray)},
        )
        return
    left = [d for d in raw if d not in self._excluded]
    if not left:
        add("exdates", gettext("Alle Termine der Reihe sind als Ausnahme eingetragen."))
        return
    if self.skip_holidays and not any(not self.in_holidays(d) for d in left):
        add(
            "skip_holidays",
            gettext("Alle Termine der Reihe fallen in die Schulferien – es bleibt keiner übrig."),
        )
