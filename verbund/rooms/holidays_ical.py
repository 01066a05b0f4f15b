"""Read school holidays from an iCal file (as the ministries and ferienwiki publish them).

Each VEVENT is one holiday period: SUMMARY is its name, DTSTART its first day and DTEND the
day *after* the last (RFC 5545: the end of an all-day event is exclusive); without DTEND the
event lasts one day (or its DURATION). Errors name the line where the event begins; the
import takes all periods or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from icalendar import Calendar

MAX_BYTES = 512 * 1024
MAX_EVENTS = 500
MAX_DAYS = 120  # the longest holidays (summer) last about six weeks


@dataclass(frozen=True)
class ParsedHoliday:
    line: int
    name: str
    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass
class ParseResult:
    periods: list[ParsedHoliday] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.periods)


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _event_lines(text: str) -> list[int]:
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip().upper() == "BEGIN:VEVENT"
    ]


def parse_holidays(data: bytes) -> ParseResult:
    """The holiday periods of an iCal file, or German errors (per line where possible)."""
    result = ParseResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(
            _("Die Datei ist keine Textdatei in UTF-8 – bitte die .ics-Datei wählen.")
        )
        return result
    if "BEGIN:VCALENDAR" not in text.upper():
        result.errors.append(
            _("Das ist keine iCal-Datei: „BEGIN:VCALENDAR“ fehlt. Bitte eine .ics-Datei wählen.")
        )
        return result
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError, TypeError):
        result.errors.append(
            _(
                "Die iCal-Datei ist unvollständig oder beschädigt (z. B. fehlt ein „END:VEVENT“ "
                "oder „END:VCALENDAR“). Bitte die Datei neu herunterladen."
            )
        )
        return result
    events = list(calendar.walk("VEVENT"))
    if not events:
        result.errors.append(_("Die Datei enthält keine Termine (VEVENT)."))
        return result
    if len(events) > MAX_EVENTS:
        result.errors.append(
            _("Die Datei enthält %(n)s Termine; erlaubt sind höchstens %(max)s.")
            % {"n": len(events), "max": MAX_EVENTS}
        )
        return result
    lines = _event_lines(text)
    for index, event in enumerate(events):
        line = lines[index] if index < len(lines) else 0
        period, error = _period(event, line)
        if error:
            result.errors.append(_("Zeile %(line)s: %(error)s") % {"line": line, "error": error})
        elif period is not None:
            result.periods.append(period)
    result.periods.sort(key=lambda p: (p.first_day, p.last_day))
    return result


def _period(event, line: int) -> tuple[ParsedHoliday | None, str | None]:
    name = " ".join(str(event.get("SUMMARY", "")).split())
    label = f"„{name}“" if name else _("Der Termin")
    if not name:
        return None, _("Der Termin hat keinen Namen (SUMMARY).")
    if event.get("RRULE") is not None:
        return None, _(
            "%(label)s wiederholt sich (RRULE); bitte jede Ferienzeit einzeln eintragen."
        ) % {"label": label}
    try:
        start = event.get("DTSTART")
        first = _day(start.dt) if start is not None else None
    except (ValueError, AttributeError, TypeError):
        first = None
    if first is None:
        return None, _("%(label)s hat kein gültiges Anfangsdatum (DTSTART).") % {"label": label}
    try:
        end = event.get("DTEND")
        duration = event.get("DURATION")
        if end is not None:
            value = end.dt
            last = _day(value)
            if last is not None and (
                not isinstance(value, datetime) or value.time() == datetime.min.time()
            ):
                last -= timedelta(days=1)  # the end of an all-day event is exclusive
        elif duration is not None:
            last = first + timedelta(days=max(duration.dt.days, 1) - 1)
        else:
            last = first
    except (ValueError, AttributeError, TypeError, OverflowError):
        last = None
    if last is None:
        return None, _("%(label)s hat kein gültiges Enddatum (DTEND).") % {"label": label}
    if not 2000 <= first.year <= 2100:
        return None, _("%(label)s beginnt im Jahr %(year)s – bitte das Datum prüfen.") % {
            "label": label,
            "year": first.year,
        }
    if last < first:
        return None, _("%(label)s endet (%(last)s) vor dem Beginn (%(first)s).") % {
            "label": label,
            "last": last.strftime("%d.%m.%Y"),
            "first": first.strftime("%d.%m.%Y"),
        }
    days = (last - first).days + 1
    if days > MAX_DAYS:
        return None, _("%(label)s dauert %(days)s Tage – Schulferien dauern höchstens %(max)s.") % {
            "label": label,
            "days": days,
            "max": MAX_DAYS,
        }
    return ParsedHoliday(line, name, first, last), None
