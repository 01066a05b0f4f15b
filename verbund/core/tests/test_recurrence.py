"""Dates that repeat: rules, bounds, exceptions, holidays, German text and messages."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule as du
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from verbund.core.recurrence import MAX_DATES, Kind, Recurrence, overlapping

NINE, ELEVEN = time(9), time(11)
BERLIN = ZoneInfo("Europe/Berlin")


def weekly(**kwargs) -> Recurrence:
    values = {
        "start_date": date(2027, 1, 5),  # a Tuesday
        "start_time": NINE,
        "end_time": ELEVEN,
        "kind": Kind.WEEKLY,
        "until": date(2027, 6, 29),
    }
    values.update(kwargs)
    return Recurrence(**values)


def errors_of(recurrence: Recurrence) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        recurrence.validate()
    return info.value.message_dict


# ---------------------------------------------------------------- rules and text


def test_weekly_series_dates_and_rrule():
    r = weekly()
    r.validate()
    assert r.to_rrule() == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T090000"
    days = list(r.dates())
    assert days[0] == date(2027, 1, 5)
    assert days[-1] == date(2027, 6, 29)
    assert len(days) == 26
    assert all(d.weekday() == 1 for d in days)


def test_until_in_utc_when_written_with_a_time_zone():
    # 9:00 in Berlin in summer is 7:00 UTC.
    assert weekly().to_rrule(tz=BERLIN).endswith(";UNTIL=20270629T070000Z")


def test_biweekly_monthly_and_count():
    r = weekly(kind=Kind.BIWEEKLY, until=None, count=4)
    r.validate()
    assert r.to_rrule() == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4"
    assert list(r.dates()) == [
        date(2027, 1, 5),
        date(2027, 1, 19),
        date(2027, 2, 2),
        date(2027, 2, 16),
    ]

    second_tuesday = weekly(kind=Kind.MONTHLY_NTH, nth=2, until=date(2027, 4, 30))
    assert second_tuesday.to_rrule().startswith("FREQ=MONTHLY;BYDAY=2TU")
    assert list(second_tuesday.dates()) == [
        date(2027, 1, 12),
        date(2027, 2, 9),
        date(2027, 3, 9),
        date(2027, 4, 13),
    ]
    last_friday = weekly(kind=Kind.MONTHLY_NTH, nth=-1, weekdays=(4,), until=date(2027, 3, 31))
    assert list(last_friday.dates()) == [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26)]
    # Without nth, the start date's position in its month is taken (5 January: 1st Tuesday).
    assert weekly(kind=Kind.MONTHLY_NTH).effective_nth == 1


def test_several_weekdays():
    r = weekly(weekdays=(3, 1), until=date(2027, 1, 14))
    assert r.to_rrule().startswith("FREQ=WEEKLY;BYDAY=TU,TH")
    assert list(r.dates()) == [
        date(2027, 1, 5),
        date(2027, 1, 7),
        date(2027, 1, 12),
        date(2027, 1, 14),
    ]
    assert r.describe().startswith("jeden Dienstag und Donnerstag")


@pytest.mark.parametrize(
    "recurrence",
    [
        weekly(),
        weekly(kind=Kind.BIWEEKLY, until=None, count=7, exdates=(date(2027, 1, 19),)),
        weekly(kind=Kind.MONTHLY_NTH, nth=-1, weekdays=(4,)),
        weekly(kind=Kind.CUSTOM, rule="FREQ=MONTHLY;BYMONTHDAY=1,15"),
        weekly(weekdays=(0, 2, 4)),
    ],
)
def test_rrule_round_trip(recurrence):
    recurrence.validate()
    text = recurrence.to_rrule()
    back = Recurrence.from_rrule(
        text,
        start_date=recurrence.start_date,
        start_time=recurrence.start_time,
        end_time=recurrence.end_time,
        exdates=recurrence.exdates,
    )
    assert back.to_rrule() == text
    assert list(back.dates()) == list(recurrence.dates())
    assert back.kind == recurrence.kind
    # dateutil reads the same text to the same dates.
    theirs = du.rrulestr(text, dtstart=datetime.combine(recurrence.start_date, NINE))
    expected = [d.date() for d in theirs if d.date() not in set(recurrence.exdates)]
    assert list(recurrence.dates()) == expected


def test_from_rrule_recognises_the_simple_kinds():
    kw = {"start_date": date(2027, 1, 5), "start_time": NINE, "end_time": ELEVEN}
    assert Recurrence.from_rrule("", **kw).kind == Kind.SINGLE
    r = Recurrence.from_rrule("RRULE:freq=weekly;interval=2;byday=TU;count=3", **kw)
    assert (r.kind, r.count) == (Kind.BIWEEKLY, 3)
    r = Recurrence.from_rrule("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T235959Z", **kw)
    assert (r.kind, r.nth, r.weekdays, r.until) == (Kind.MONTHLY_NTH, -1, (4,), date(2027, 12, 31))
    r = Recurrence.from_rrule("FREQ=DAILY;INTERVAL=3;COUNT=5", **kw)
    assert (r.kind, r.rule, r.count) == (Kind.CUSTOM, "FREQ=DAILY;INTERVAL=3", 5)
    assert r.rule_text() == "FREQ=DAILY;INTERVAL=3"


@pytest.mark.parametrize(
    "text", ["FREQ=WEEKLY;;", "hello", "FREQ=WEEKLY\nEXDATE:1", "FREQ=WEEKLY;FREQ=DAILY"]
)
def test_from_rrule_refuses_what_is_no_rule(text):
    with pytest.raises(ValidationError) as info:
        Recurrence.from_rrule(text, start_date=date(2027, 1, 5), start_time=NINE, end_time=ELEVEN)
    assert "rule" in info.value.message_dict


def test_describe_in_plain_german():
    r = weekly(
        start_date=date(2027, 1, 6),
        weekdays=(1,),
        until=date(2027, 6, 30),
        skip_holidays=True,
    )
    assert r.describe() == (
        "jeden Dienstag, 9:00–11:00 Uhr, vom 6.1. bis 30.6.2027, nicht in den Schulferien"
    )
    assert weekly(kind=Kind.BIWEEKLY, until=None, count=10).describe() == (
        "alle zwei Wochen am Dienstag, 9:00–11:00 Uhr, ab 5.1.2027, 10-mal"
    )
    assert weekly(kind=Kind.MONTHLY_NTH, nth=2, until=date(2028, 1, 1)).describe() == (
        "jeden 2. Dienstag im Monat, 9:00–11:00 Uhr, vom 5.1.2027 bis 1.1.2028"
    )
    assert (
        weekly(kind=Kind.MONTHLY_NTH, nth=-1, weekdays=(4,))
        .describe()
        .startswith("jeden letzten Freitag im Monat")
    )
    assert weekly(exdates=(date(2027, 1, 12),)).describe().endswith("außer am 12.1.2027")
    single = Recurrence(date(2027, 1, 13), time(14, 30), time(16))
    assert single.describe() == "am Mittwoch, 13.1.2027, 14:30–16:00 Uhr"


# ---------------------------------------------------------------- windows


def test_occurrences_in_a_window_of_days_and_of_datetimes():
    r = weekly()
    got = list(r.occurrences(date(2027, 1, 12), date(2027, 1, 19)))
    assert got == [
        (datetime(2027, 1, 12, 9), datetime(2027, 1, 12, 11)),
        (datetime(2027, 1, 19, 9), datetime(2027, 1, 19, 11)),
    ]
    # Half-open window of datetimes: an occurrence overlapping the edge counts, touching does not.
    assert len(list(r.occurrences(datetime(2027, 1, 12, 10), datetime(2027, 1, 19, 9)))) == 1
    aware = list(r.occurrences(date(2027, 1, 12), date(2027, 1, 12), tz=BERLIN))
    assert aware[0][0].tzinfo is BERLIN
    utc_window = datetime(2027, 1, 12, 8, tzinfo=UTC), datetime(2027, 1, 12, 9, tzinfo=UTC)
    assert len(list(r.occurrences(*utc_window, tz=BERLIN))) == 1  # 9–10 Berlin
    assert list(r.occurrences(date(2028, 1, 1), date(2028, 12, 31))) == []


def test_occurrences_are_lazy():
    r = weekly(kind=Kind.CUSTOM, rule="FREQ=DAILY", until=date(2029, 1, 1))
    walk = r.occurrences(date(2027, 1, 1), date(2030, 1, 1))
    assert next(walk)[0] == datetime(2027, 1, 5, 9)


def test_exceptions_and_holidays_are_left_out():
    holidays = ((date(2027, 3, 22), date(2027, 4, 3)), (date(2027, 1, 1), date(2027, 1, 8)))
    r = weekly(exdates=(date(2027, 2, 2),), skip_holidays=True, holidays=holidays)
    r.validate()
    days = list(r.dates())
    assert date(2027, 1, 5) not in days  # holidays
    assert date(2027, 2, 2) not in days  # exception
    assert date(2027, 3, 23) not in days and date(2027, 3, 30) not in days
    assert date(2027, 4, 6) in days
    assert r.holiday_dates() == [date(2027, 1, 5), date(2027, 3, 23), date(2027, 3, 30)]
    assert r.first_date() == date(2027, 1, 12)
    assert r.last_date() == date(2027, 6, 29)
    # Without the flag the holidays are ignored.
    assert date(2027, 1, 5) in list(weekly(holidays=holidays).dates())


def test_overlapping_pairs():
    a = [
        (datetime(2027, 1, 1, 9), datetime(2027, 1, 1, 11)),
        (datetime(2027, 1, 2, 9), datetime(2027, 1, 2, 10)),
    ]
    b = [
        (datetime(2027, 1, 1, 11), datetime(2027, 1, 1, 12)),
        (datetime(2027, 1, 2, 9, 30), datetime(2027, 1, 2, 9, 45)),
    ]
    assert list(overlapping(a, b)) == [(a[1], b[1])]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "key", "fragment"),
    [
        ({"end_time": time(8)}, "end_time", "muss nach dem Beginn"),
        ({"end_time": NINE}, "end_time", "muss nach dem Beginn"),
        ({"until": None}, "until", "Enddatum oder eine Anzahl"),
        ({"until": date(2026, 12, 1)}, "until", "vor dem Beginn"),
        ({"until": date(2031, 1, 1)}, "until", "höchstens 3 Jahre"),
        ({"until": None, "count": 0}, "count", "mindestens 1"),
        ({"until": None, "count": -3}, "count", "mindestens 1"),
        ({"until": None, "count": 5000}, "count", "Höchstens 1.000"),
        ({"count": 3}, "count", "nicht beides"),
        ({"kind": Kind.CUSTOM, "rule": "FREQ=HOURLY"}, "rule", "Stunden"),
        ({"kind": Kind.CUSTOM, "rule": "FREQ=WEEKLY;BYDAY=XX"}, "rule", "ungültig"),
        ({"kind": Kind.CUSTOM, "rule": "FREQ=SOMETIMES"}, "rule", "ungültig"),
        ({"kind": Kind.CUSTOM, "rule": "BYDAY=TU"}, "rule", "ungültig"),
        ({"kind": Kind.CUSTOM, "rule": "FREQ=WEEKLY;COUNT=3"}, "rule", "in den Feldern"),
        ({"kind": Kind.CUSTOM, "rule": ""}, "rule", "Regel eingeben"),
        (
            {"kind": Kind.CUSTOM, "rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"},
            "rule",
            "keinen einzigen",
        ),
        (
            {"kind": Kind.CUSTOM, "rule": "FREQ=DAILY", "until": date(2029, 12, 1)},
            "rule",
            "mehr als",
        ),
        (
            {"kind": Kind.CUSTOM, "rule": "FREQ=YEARLY", "until": None, "count": 10},
            "count",
            "nicht innerhalb",
        ),
        ({"exdates": (date(2027, 1, 6),)}, "exdates", "Kein Termin der Reihe: 06.01.2027"),
        (
            {"until": date(2027, 1, 12), "exdates": (date(2027, 1, 5), date(2027, 1, 12))},
            "exdates",
            "Alle Termine",
        ),
        (
            {
                "until": date(2027, 1, 12),
                "skip_holidays": True,
                "holidays": ((date(2027, 1, 1), date(2027, 1, 15)),),
            },
            "skip_holidays",
            "Schulferien",
        ),
        ({"kind": Kind.MONTHLY_NTH, "nth": 7}, "nth", "letzten"),
        ({"kind": Kind.MONTHLY_NTH, "weekdays": (1, 2)}, "weekdays", "genau einen"),
        ({"weekdays": (9,)}, "weekdays", "gültige"),
        ({"kind": "yearly"}, "kind", "Art der Wiederholung"),
    ],
)
def test_bad_rules_get_a_german_message_at_the_field(kwargs, key, fragment):
    errors = errors_of(weekly(**kwargs))
    assert key in errors, errors
    assert fragment in " ".join(errors[key])


def test_single_date_checks():
    single = Recurrence(date(2027, 1, 5), NINE, ELEVEN)
    single.validate()
    assert single.to_rrule() == ""
    assert list(single.dates()) == [date(2027, 1, 5)]
    holidays = ((date(2027, 1, 1), date(2027, 1, 8)),)
    errors = errors_of(
        Recurrence(date(2027, 1, 5), NINE, ELEVEN, skip_holidays=True, holidays=holidays)
    )
    assert "05.01.2027" in errors["skip_holidays"][0]
    assert "exdates" in errors_of(
        Recurrence(date(2027, 1, 5), NINE, ELEVEN, exdates=(date(2027, 1, 5),))
    )


def test_pathological_rule_is_quick():
    """A rule that never matches stops at the horizon instead of walking to year 9999."""
    import time as clock

    r = weekly(kind=Kind.CUSTOM, rule="FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", until=None, count=1)
    started = clock.perf_counter()
    assert not r.is_valid()
    assert list(r.occurrences(date(2027, 1, 1), date(9000, 1, 1))) == []
    assert clock.perf_counter() - started < 1


# ---------------------------------------------------------------- properties

days = st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def recurrences(draw):
    start = draw(days)
    hour = draw(st.integers(0, 22))
    length = draw(st.integers(15, 180))
    start_time = time(hour, draw(st.sampled_from([0, 15, 30, 45])))
    end_dt = datetime.combine(start, start_time) + timedelta(minutes=length)
    assume(end_dt.date() == start)
    kind = draw(
        st.sampled_from([Kind.SINGLE, Kind.WEEKLY, Kind.BIWEEKLY, Kind.MONTHLY_NTH, Kind.CUSTOM])
    )
    values = {
        "start_date": start,
        "start_time": start_time,
        "end_time": end_dt.time(),
        "kind": kind,
    }
    if kind in (Kind.WEEKLY, Kind.BIWEEKLY):
        values["weekdays"] = tuple(draw(st.sets(st.integers(0, 6), max_size=3)))
    if kind == Kind.MONTHLY_NTH:
        values["nth"] = draw(st.sampled_from([1, 2, 3, 4, -1]))
        values["weekdays"] = (draw(st.integers(0, 6)),)
    if kind == Kind.CUSTOM:
        values["rule"] = draw(
            st.sampled_from(
                ["FREQ=DAILY;INTERVAL=2", "FREQ=MONTHLY;BYMONTHDAY=1,15", "FREQ=WEEKLY;BYDAY=MO,FR"]
            )
        )
    if draw(st.booleans()):
        values["until"] = start + timedelta(days=draw(st.integers(0, 500)))
    else:
        values["count"] = draw(st.integers(1, 60))
    base = Recurrence(**values)
    raw = list(base._raw_dates()) if base.is_valid() else []
    if raw:
        values["exdates"] = tuple(draw(st.sets(st.sampled_from(raw), max_size=5)))
    periods = []
    for _ in range(draw(st.integers(0, 3))):
        first = start + timedelta(days=draw(st.integers(-30, 400)))
        periods.append((first, first + timedelta(days=draw(st.integers(0, 40)))))
    values["holidays"] = tuple(periods)
    values["skip_holidays"] = draw(st.booleans())
    return Recurrence(**values)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recurrences(), days, st.integers(0, 400))
def test_valid_rules_stay_in_their_bounds(r, window_start, window_days):
    assume(r.is_valid())
    window_end = window_start + timedelta(days=window_days)
    got = list(r.occurrences(window_start, window_end))
    every = list(r.dates())
    assert every, "a valid rule yields at least one date"
    assert len(every) <= MAX_DATES
    for start, end in got:
        day = start.date()
        assert window_start <= day <= window_end
        assert r.start_date <= day <= r.horizon
        if r.until is not None:
            assert day <= r.until
        assert (start.time(), end.time()) == (r.start_time, r.end_time)
        assert day not in r.exdates
        if r.skip_holidays:
            assert not any(first <= day <= last for first, last in r.holidays)
    if r.count is not None:
        assert len(every) <= r.count
    # The window shows exactly the dates of the whole series that fall into it.
    assert [s.date() for s, _e in got] == [d for d in every if window_start <= d <= window_end]
    # Round trip through the stored form.
    back = Recurrence.from_rrule(
        r.rule_text(),
        start_date=r.start_date,
        start_time=r.start_time,
        end_time=r.end_time,
        until=r.until,
        count=r.count,
        exdates=r.exdates,
        skip_holidays=r.skip_holidays,
        holidays=r.holidays,
    )
    assert list(back.dates()) == every


@settings(max_examples=100, deadline=None)
@given(recurrences())
def test_validate_never_crashes(r):
    try:
        r.validate()
    except ValidationError as exc:
        assert exc.message_dict
        assert all(isinstance(m, str) and m for ms in exc.message_dict.values() for m in ms)
    r.describe()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recurrences(), days)
def test_simple_kinds_match_dateutil_reading_the_exported_rule(r, first):
    """Weekly, every other week and n-th weekday are computed directly; dateutil reading the
    exported RRULE must give the same dates (also from a later first day)."""
    assume(r.kind in (Kind.WEEKLY, Kind.BIWEEKLY, Kind.MONTHLY_NTH) and r.is_valid())
    theirs = [
        moment.date()
        for moment in du.rrulestr(
            r.to_rrule(), dtstart=datetime.combine(r.start_date, r.start_time)
        )
    ]
    assert list(r._raw_dates()) == theirs
    assert list(r._raw_dates(first)) == [d for d in theirs if d >= first]
