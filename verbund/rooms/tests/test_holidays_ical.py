"""School holidays from iCal files as the Länder publish them, and broken files."""

from datetime import date
from pathlib import Path

import pytest

from verbund.rooms.holidays_ical import parse_holidays

DATA = Path(__file__).parent / "data"


def test_nrw_file_gives_every_period_with_the_exclusive_end_resolved():
    result = parse_holidays((DATA / "schulferien_nrw_2026_2027.ics").read_bytes())
    assert result.ok, result.errors
    assert [(p.name, p.first_day, p.last_day) for p in result.periods] == [
        ("Herbstferien 2026 Nordrhein-Westfalen", date(2026, 10, 17), date(2026, 10, 31)),
        (
            "Weihnachtsferien 2026/2027 Nordrhein-Westfalen",
            date(2026, 12, 23),
            date(2027, 1, 6),
        ),
        ("Osterferien 2027 Nordrhein-Westfalen", date(2027, 3, 22), date(2027, 4, 3)),
        ("Pfingstferien 2027 Nordrhein-Westfalen", date(2027, 5, 18), date(2027, 5, 18)),
        ("Sommerferien 2027 Nordrhein-Westfalen", date(2027, 7, 19), date(2027, 8, 31)),
    ]
    assert [p.line for p in result.periods] == [8, 19, 30, 41, 52]
    assert result.periods[-1].days == 44


def test_berlin_file_with_a_one_day_event_without_end():
    result = parse_holidays((DATA / "schulferien_berlin_2027.ics").read_bytes())
    assert result.ok
    assert [(p.first_day, p.last_day) for p in result.periods] == [
        (date(2027, 2, 1), date(2027, 2, 6)),
        (date(2027, 5, 7), date(2027, 5, 7)),
    ]


def ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n".encode()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe\x00garbage", "keine Textdatei"),
        (b"Name;Von;Bis\r\nSommerferien;19.07.2027;31.08.2027\r\n", "keine iCal-Datei"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "keine Termine"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:X\r\n", "beschädigt"),
        (ics("DTSTART;VALUE=DATE:20270301\r\n"), "Zeile 3: Der Termin hat keinen Namen"),
        (ics("SUMMARY:Osterferien\r\n"), "Zeile 3: „Osterferien“ hat kein gültiges Anfangsdatum"),
        (
            ics("SUMMARY:Osterferien\r\nDTSTART;VALUE=DATE:20271399\r\n"),
            "Zeile 3: „Osterferien“ hat kein gültiges Anfangsdatum",
        ),
        (
            ics("SUMMARY:Ostern\r\nDTSTART;VALUE=DATE:20270401\r\nDTEND;VALUE=DATE:20270301\r\n"),
            "Zeile 3: „Ostern“ endet (28.02.2027) vor dem Beginn (01.04.2027).",
        ),
        (
            ics("SUMMARY:Lang\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20271231\r\n"),
            "dauert 364 Tage",
        ),
        (
            ics("SUMMARY:Alt\r\nDTSTART;VALUE=DATE:19270101\r\n"),
            "beginnt im Jahr 1927",
        ),
        (
            ics("SUMMARY:Jede Woche\r\nDTSTART;VALUE=DATE:20270101\r\nRRULE:FREQ=WEEKLY\r\n"),
            "wiederholt sich",
        ),
    ],
)
def test_bad_files_get_german_errors_naming_the_line(data, expected):
    result = parse_holidays(data)
    assert not result.ok
    assert any(expected in error for error in result.errors), result.errors


def test_one_bad_event_keeps_the_good_ones_out_of_the_import():
    result = parse_holidays(
        ics(
            "SUMMARY:Herbstferien\r\nDTSTART;VALUE=DATE:20261017\r\nDTEND;VALUE=DATE:20261101\r\n",
            "SUMMARY:Kaputt\r\nDTSTART;VALUE=DATE:kaputt\r\n",
        )
    )
    assert len(result.periods) == 1
    assert not result.ok
    assert result.errors == ["Zeile 8: „Kaputt“ hat kein gültiges Anfangsdatum (DTSTART)."]
