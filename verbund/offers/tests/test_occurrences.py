"""Next dates and expansion of stored schedules (holidays from the rooms app)."""

from datetime import date, datetime, time

import pytest
from django_scopes import scope

from verbund.offers import occurrences
from verbund.offers.choices import ScheduleKind
from verbund.offers.models import Offer, OfferSchedule
from verbund.rooms.tests.factories import HolidayPeriodFactory

from .factories import OfferFactory, OfferScheduleFactory

pytestmark = pytest.mark.django_db


def schedule(**values) -> OfferSchedule:
    base = {
        "kind": ScheduleKind.SERIES,
        "start_date": date(2027, 1, 5),
        "start_time": time(9),
        "end_time": time(11),
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "until": date(2027, 3, 30),
    }
    return OfferSchedule(**{**base, **values})


def test_next_dates_from_today_skip_exceptions_and_holidays():
    row = schedule(exdates=["2027-01-19"], skip_school_holidays=True)
    holidays = ((date(2027, 1, 25), date(2027, 2, 5)),)
    line = occurrences.schedule_lines([row], holidays=holidays, today=date(2027, 1, 10))[0]
    assert [start.date() for start, _end in line.dates] == [
        date(2027, 1, 12),
        date(2027, 2, 9),  # 19.1. excepted, 26.1. and 2.2. in the holidays
        date(2027, 2, 16),
        date(2027, 2, 23),
        date(2027, 3, 2),
    ]
    assert line.dates[0] == (datetime(2027, 1, 12, 9), datetime(2027, 1, 12, 11))
    assert line.description.startswith("jeden Dienstag, 9:00–11:00 Uhr, vom 5.1. bis 30.3.2027")
    assert "nicht in den Schulferien" in line.description


def test_series_over_and_on_request():
    over = occurrences.schedule_lines([schedule()], holidays=(), today=date(2028, 1, 1))[0]
    assert over.dates == [] and over.is_over
    on_request = occurrences.schedule_lines(
        [schedule(kind=ScheduleKind.ON_REQUEST, note="Termine nach Absprache")], holidays=()
    )[0]
    assert on_request.recurrence is None and not on_request.is_over
    assert on_request.description == "nach Vereinbarung – Termine nach Absprache"


def test_unreadable_stored_rules_show_no_dates_instead_of_failing():
    for row in (
        schedule(rrule="FREQ=SECONDLY"),
        schedule(rrule="KEINE REGEL"),
        schedule(start_time=None),
        schedule(exdates=["kein Datum", "2027-01-12"]),
    ):
        line = occurrences.schedule_lines([row], holidays=(), today=date(2027, 1, 1))[0]
        assert isinstance(line.description, str)
    assert occurrences.stored_exdates(schedule(exdates=["kein Datum", "2027-01-12"])) == (
        date(2027, 1, 12),
    )


def test_expand_sorts_dates_of_several_schedules():
    rows = [
        schedule(pk=1),
        schedule(
            pk=2,
            rrule="FREQ=WEEKLY;BYDAY=MO",
            start_date=date(2027, 1, 4),
            start_time=time(8),
            end_time=time(9),
        ),
        schedule(pk=3, kind=ScheduleKind.SINGLE, rrule="", start_date=date(2027, 1, 6)),
    ]
    found = occurrences.expand(rows, date(2027, 1, 4), date(2027, 1, 12))
    assert [(o.schedule.pk, o.start.date()) for o in found] == [
        (2, date(2027, 1, 4)),
        (1, date(2027, 1, 5)),
        (3, date(2027, 1, 6)),
        (2, date(2027, 1, 11)),
        (1, date(2027, 1, 12)),
    ]


def test_next_dates_for_reads_holidays_only_when_needed(
    tenant, django_assert_num_queries, django_assert_max_num_queries
):
    offer = OfferFactory(municipality=tenant.municipality, centre=tenant.centre)
    OfferScheduleFactory(offer=offer, rrule="FREQ=WEEKLY;BYDAY=TU", until=date(2027, 2, 2))
    HolidayPeriodFactory(
        municipality=tenant.municipality, first_day=date(2027, 1, 11), last_day=date(2027, 1, 15)
    )
    with scope(municipality=tenant.municipality.pk):
        prefetched = Offer.objects.prefetch_related("schedules").get(pk=offer.pk)
        with django_assert_num_queries(0):
            occurrences.next_dates_for(prefetched, today=date(2027, 1, 1))
        OfferScheduleFactory(
            offer=offer,
            rrule="FREQ=WEEKLY;BYDAY=TU",
            until=date(2027, 2, 2),
            skip_school_holidays=True,
        )
        with django_assert_max_num_queries(2):
            lines = occurrences.next_dates_for(offer, today=date(2027, 1, 1))
    plain, skipping = lines
    assert date(2027, 1, 12) in [s.date() for s, _e in plain.dates]
    assert date(2027, 1, 12) not in [s.date() for s, _e in skipping.dates]
