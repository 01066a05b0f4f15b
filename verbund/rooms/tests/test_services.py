"""Room, share, booking and holiday services: conflicts, rights through agreements, audit."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from verbund.cooperation import services as coop_services
from verbund.cooperation.models import Status
from verbund.core.models import AuditEntry
from verbund.core.recurrence import Kind
from verbund.rooms import services
from verbund.rooms.conflicts import find_conflicts
from verbund.rooms.holidays_ical import ParsedHoliday
from verbund.rooms.models import Booking, HolidayPeriod
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

from .factories import HolidayPeriodFactory, RoomFactory
from .helpers import partner_world, single, weekly

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(tenant):
    return RoomFactory(
        municipality=tenant.municipality, facility=tenant.facility, name="Elternraum"
    )


@pytest.fixture
def scoped(tenant):
    with scope(municipality=tenant.municipality.pk):
        yield


def book(room, recurrence, title="Elterncafé", centre=None, actor=None):
    return services.booking_create(
        actor=actor,
        room=room,
        data={"title": title, "purpose": "Angebot", "centre": centre},
        recurrence=recurrence,
    )


def test_single_booking_conflict_names_date_time_and_title(tenant, room, scoped):
    book(room, single(), centre=tenant.centre)
    with pytest.raises(ValidationError) as info:
        book(room, single(at=(10, 12)), title="Babymassage", centre=tenant.centre)
    message = info.value.messages[0]
    assert message == "Der Raum ist am 12.01.2027 (9:00–11:00, „Elterncafé“) schon belegt."
    assert Booking.objects.count() == 1
    # Touching is no overlap; another day neither.
    book(room, single(at=(11, 12)), title="Sprechstunde", centre=tenant.centre)
    book(room, single(day=date(2027, 1, 13)), title="Kurs", centre=tenant.centre)


def test_weekly_series_against_single_dates_and_series(tenant, room, scoped):
    book(room, single(day=date(2027, 1, 19), at=(10, 12)), title="Elterncafé", centre=tenant.centre)
    book(
        room,
        weekly(kind=Kind.BIWEEKLY, start=date(2027, 2, 2), until=date(2027, 3, 2), at=(8, 10)),
        title="Babymassage",
        centre=tenant.centre,
    )
    candidate = weekly()  # Tuesdays 5.1.–30.3., 9–11
    conflicts = find_conflicts(room, candidate)
    assert [(c.day, c.title) for c in conflicts] == [
        (date(2027, 1, 19), "Elterncafé"),
        (date(2027, 2, 2), "Babymassage"),
        (date(2027, 2, 16), "Babymassage"),
        (date(2027, 3, 2), "Babymassage"),
    ]
    with pytest.raises(ValidationError) as info:
        book(room, candidate, title="Spielgruppe", centre=tenant.centre)
    message = info.value.messages[0]
    for day in ("19.01.2027", "02.02.2027", "16.02.2027", "02.03.2027"):
        assert day in message
    assert "„Babymassage“" in message and "„Elterncafé“" in message
    # Changing the time and an exception make it fit.
    fitted = weekly(at=(14, 16))
    booking = book(room, fitted, title="Spielgruppe", centre=tenant.centre)
    assert (booking.first_date, booking.last_date) == (date(2027, 1, 5), date(2027, 3, 30))
    assert booking.weekday_mask == 1 << 1
    assert booking.rrule == "FREQ=WEEKLY;BYDAY=TU"


def test_update_excludes_itself_and_cancelled_bookings_free_the_room(tenant, room, scoped):
    first = book(room, weekly(), centre=tenant.centre)
    services.booking_update(
        actor=None,
        booking=first,
        data={"title": "Elterncafé (neu)"},
        recurrence=weekly(at=(9, 12)),
    )
    first.refresh_from_db()
    assert (first.title, first.end_time) == ("Elterncafé (neu)", time(12))
    with pytest.raises(ValidationError):
        book(room, single(), title="Kurs", centre=tenant.centre)
    services.booking_cancel(actor=None, booking=first)
    book(room, single(), title="Kurs", centre=tenant.centre)
    with pytest.raises(ValidationError):
        services.booking_update(actor=None, booking=first, data={}, recurrence=weekly())


def test_series_skipping_holidays_leaves_the_room_free_then(tenant, room, scoped):
    HolidayPeriodFactory(
        municipality=tenant.municipality, first_day=date(2027, 1, 1), last_day=date(2027, 1, 15)
    )
    book(room, weekly(skip_holidays=True), centre=tenant.centre)
    # 12 January lies in the holidays: free; 19 January is taken.
    book(room, single(day=date(2027, 1, 12)), title="Ferienspiele", centre=tenant.centre)
    with pytest.raises(ValidationError) as info:
        book(room, single(day=date(2027, 1, 19)), title="Kurs", centre=tenant.centre)
    assert "19.01.2027" in info.value.messages[0]


def test_skip_one_date_of_a_series(tenant, room, scoped):
    series = book(room, weekly(until=date(2027, 1, 12)), centre=tenant.centre)
    services.booking_skip_date(actor=None, booking=series, day=date(2027, 1, 5))
    series.refresh_from_db()
    assert series.exdates == ["2027-01-05"]
    book(room, single(day=date(2027, 1, 5)), title="Kurs", centre=tenant.centre)
    with pytest.raises(ValidationError):
        services.booking_skip_date(actor=None, booking=series, day=date(2027, 1, 6))
    # The last date left: the booking is cancelled.
    services.booking_skip_date(actor=None, booking=series, day=date(2027, 1, 12))
    series.refresh_from_db()
    assert series.is_cancelled


def test_invalid_rules_are_refused_at_their_fields(tenant, room, scoped):
    with pytest.raises(ValidationError) as info:
        book(room, weekly(until=None), centre=tenant.centre)
    assert "until" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        book(room, weekly(at=(11, 9)), centre=tenant.centre)
    assert "end_time" in info.value.message_dict
    assert not Booking.objects.exists()


def test_another_centres_room_is_refused(tenant, scoped):
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    other_facility = FacilityFactory(municipality=tenant.municipality, centre=other_centre)
    foreign_room = RoomFactory(municipality=tenant.municipality, facility=other_facility)
    with pytest.raises(ValidationError) as info:
        book(foreign_room, single(), centre=tenant.centre)
    assert "kann den Raum" in info.value.message_dict["centre"][0]
    book(foreign_room, single(), centre=other_centre)


def test_partner_room_needs_an_agreement_in_force(tenant):
    _partner, room, resource = partner_world(tenant)
    with scope(municipality=tenant.municipality.pk):
        with pytest.raises(ValidationError) as info:
            book(room, single(), centre=tenant.centre)
        assert "Vereinbarung" in info.value.message_dict["centre"][0]
        services.room_share(actor=None, room=room, resource=resource)
        with pytest.raises(ValidationError):
            services.room_share(actor=None, room=room, resource=resource)
        booking = book(room, single(), centre=tenant.centre)
        assert booking.centre == tenant.centre
        # The agreement ends: no new bookings for the centre.
        agreement = resource.agreement
        coop_services.agreement_transition(actor=None, agreement=agreement, to=Status.ENDED)
        with pytest.raises(ValidationError):
            book(room, single(day=date(2027, 2, 2)), centre=tenant.centre)


def test_share_needs_a_room_resource_of_the_holder_in_force(tenant):
    _partner, room, resource = partner_world(tenant, signed=False)
    other_room = RoomFactory(municipality=tenant.municipality, facility=tenant.facility)
    with scope(municipality=tenant.municipality.pk):
        with pytest.raises(ValidationError) as info:
            services.room_share(actor=None, room=room, resource=resource)
        assert "nicht in Kraft" in info.value.message_dict["resource"][0]
        with pytest.raises(ValidationError) as info:
            services.room_share(actor=None, room=other_room, resource=resource)
        assert "andere Partei" in info.value.message_dict["resource"][0]


def test_archived_room_takes_no_bookings_and_writes_are_audited(tenant, room, scoped):
    services.room_archive(actor=None, room=room)
    with pytest.raises(ValidationError):
        book(room, single(), centre=tenant.centre)
    with pytest.raises(ValidationError):
        services.room_update(actor=None, room=room, data={"name": "x"})
    services.room_restore(actor=None, room=room)
    booking = book(room, single(), centre=tenant.centre)
    services.booking_cancel(actor=None, booking=booking)
    with scopes_disabled():
        actions = list(AuditEntry.unscoped.order_by("pk").values_list("action", flat=True))
    assert actions[-4:] == [
        "rooms.room.archived",
        "rooms.room.restored",
        "rooms.booking.created",
        "rooms.booking.cancelled",
    ]


def test_holiday_import_skips_known_periods(tenant, scoped):
    periods = [
        ParsedHoliday(8, "Herbstferien", date(2026, 10, 17), date(2026, 10, 31)),
        ParsedHoliday(19, "Weihnachtsferien", date(2026, 12, 23), date(2027, 1, 6)),
    ]
    created, skipped = services.holidays_import(
        actor=None, municipality=tenant.municipality, periods=periods, source="nrw.ics"
    )
    assert (len(created), skipped) == (2, 0)
    created, skipped = services.holidays_import(
        actor=None, municipality=tenant.municipality, periods=periods, source="nrw.ics"
    )
    assert (len(created), skipped) == (0, 2)
    assert HolidayPeriod.objects.filter(municipality=tenant.municipality).count() == 2
    services.holiday_delete(actor=None, period=HolidayPeriod.objects.first())
    assert HolidayPeriod.objects.count() == 1
