"""Schedule services and pages: validation by the recurrence engine, search fields, room
bookings with conflicts, permissions, audit."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.offers import scheduling
from verbund.offers.choices import ScheduleKind
from verbund.offers.models import OfferSchedule
from verbund.rooms.models import Booking
from verbund.rooms.tests.factories import HolidayPeriodFactory, RoomFactory

from .factories import OfferFactory, OfferScheduleFactory

pytestmark = pytest.mark.django_db

WEEKLY = {
    "repeat": "weekly",
    "start_date": date(2027, 1, 5),
    "start_time": time(9),
    "end_time": time(11),
    "weekdays": [1],
    "until": date(2027, 6, 29),
    "count": None,
    "exdates": [],
    "skip_school_holidays": False,
    "note": "",
    "room": None,
}


@pytest.fixture
def offer(tenant):
    return OfferFactory(
        municipality=tenant.municipality, centre=tenant.centre, title="Krabbelgruppe"
    )


def create(tenant, offer, **changes):
    with scope(municipality=tenant.municipality.pk):
        return scheduling.schedule_create(
            actor=tenant.users[Role.COORDINATOR], offer=offer, data={**WEEKLY, **changes}
        )


def errors_of(tenant, offer, **changes) -> dict:
    with pytest.raises(ValidationError) as info:
        create(tenant, offer, **changes)
    return info.value.message_dict


# Services ---------------------------------------------------------------------------------------


def test_weekly_series_keeps_rule_and_search_fields(tenant, offer):
    schedule = create(tenant, offer, weekdays=[1, 3], start_time=time(9, 30))
    assert schedule.kind == ScheduleKind.SERIES
    assert schedule.rrule == "FREQ=WEEKLY;BYDAY=TU,TH"
    assert schedule.until == date(2027, 6, 29)
    assert schedule.weekdays == 2 | 8  # Tuesday and Thursday
    assert schedule.start_minute == 9 * 60 + 30
    with scopes_disabled():
        entry = AuditEntry.unscoped.get(action="offers.schedule.create")
    assert entry.after["rrule"] == "FREQ=WEEKLY;BYDAY=TU,TH"


def test_every_other_week_and_nth_weekday(tenant, offer):
    biweekly = create(tenant, offer, repeat="biweekly")
    assert biweekly.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    monthly = create(
        tenant,
        offer,
        repeat="monthly_nth",
        nth=-1,
        month_weekday=4,
        weekdays=[],
        count=6,
        until=None,
    )
    assert monthly.rrule == "FREQ=MONTHLY;BYDAY=-1FR"
    assert monthly.count == 6 and monthly.until is None
    assert monthly.weekdays == 16


def test_single_date_and_on_request(tenant, offer):
    single = create(tenant, offer, repeat="single", start_date=date(2027, 3, 3))
    assert single.kind == ScheduleKind.SINGLE and single.rrule == "" and single.until is None
    assert single.weekdays == 4  # Wednesday
    on_request = create(tenant, offer, repeat="on_request", note="nach Absprache")
    assert on_request.kind == ScheduleKind.ON_REQUEST
    assert on_request.start_date is None and on_request.weekdays == 0
    assert on_request.note == "nach Absprache"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"end_time": time(8)}, "end_time", "nach dem Beginn"),
        ({"until": None}, "until", "Enddatum oder eine Anzahl"),
        ({"count": 5}, "count", "nicht beides"),
        ({"until": date(2026, 12, 1)}, "until", "vor dem Beginn"),
        ({"until": date(2031, 1, 1)}, "until", "höchstens 3 Jahre"),
        ({"until": None, "count": 5000}, "count", "Höchstens"),
        ({"exdates": [date(2027, 1, 6)]}, "exdates", "Kein Termin der Reihe: 06.01.2027"),
        ({"repeat": "custom", "rule": "FREQ=HOURLY"}, "rule", "Stunden"),
        ({"repeat": "custom", "rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "rule", "keinen"),
        ({"start_time": None}, "start_time", "Uhrzeit"),
        ({"repeat": "fortnightly"}, "repeat", "wie oft"),
        ({"repeat": "monthly_nth", "month_weekday": None, "nth": 9}, "nth", "1., 2."),
    ],
)
def test_bad_rules_are_refused_at_the_field(tenant, offer, changes, field, words):
    errors = errors_of(tenant, offer, **changes)
    assert field in errors, errors
    assert words in " ".join(errors[field])
    with scopes_disabled():
        assert not OfferSchedule.objects.filter(offer=offer).exists()


def test_every_date_excepted_is_refused(tenant, offer):
    errors = errors_of(
        tenant, offer, until=date(2027, 1, 12), exdates=[date(2027, 1, 5), date(2027, 1, 12)]
    )
    assert "Alle Termine" in errors["exdates"][0]


def test_school_holidays_from_rooms_app(tenant, offer):
    HolidayPeriodFactory(
        municipality=tenant.municipality, first_day=date(2027, 1, 1), last_day=date(2027, 1, 8)
    )
    schedule = create(tenant, offer, skip_school_holidays=True)
    assert schedule.skip_school_holidays
    # A series lying wholly in the holidays produces no date.
    errors = errors_of(tenant, offer, skip_school_holidays=True, until=date(2027, 1, 8))
    assert "Schulferien" in errors["skip_school_holidays"][0]


def test_update_and_delete_are_audited(tenant, offer):
    schedule = create(tenant, offer)
    with scope(municipality=tenant.municipality.pk):
        scheduling.schedule_update(
            actor=tenant.users[Role.COORDINATOR],
            schedule=schedule,
            data={**WEEKLY, "weekdays": [2]},
        )
        schedule.refresh_from_db()
        assert schedule.rrule == "FREQ=WEEKLY;BYDAY=WE" and schedule.weekdays == 4
        scheduling.schedule_delete(actor=tenant.users[Role.COORDINATOR], schedule=schedule)
    with scopes_disabled():
        actions = list(AuditEntry.unscoped.values_list("action", flat=True))
        assert not OfferSchedule.objects.filter(offer=offer).exists()
    assert {"offers.schedule.update", "offers.schedule.delete"} <= set(actions)


# Rooms ------------------------------------------------------------------------------------------


def test_room_is_booked_changed_and_cancelled_with_the_schedule(tenant, offer):
    room = RoomFactory(municipality=tenant.municipality, facility=tenant.facility)
    schedule = create(tenant, offer, room=room)
    with scopes_disabled():
        booking = Booking.objects.get(pk=schedule.booking_id)
    assert booking.room == room and booking.rrule == "FREQ=WEEKLY;BYDAY=TU"
    assert booking.centre == tenant.centre and booking.title == "Krabbelgruppe"
    with scope(municipality=tenant.municipality.pk):
        schedule = OfferSchedule.objects.get(pk=schedule.pk)
        scheduling.schedule_update(
            actor=tenant.users[Role.COORDINATOR],
            schedule=schedule,
            data={**WEEKLY, "room": room, "start_time": time(14), "end_time": time(16)},
        )
        booking.refresh_from_db()
        assert booking.start_time == time(14)
        scheduling.schedule_delete(actor=tenant.users[Role.COORDINATOR], schedule=schedule)
        booking.refresh_from_db()
    assert booking.cancelled_at is not None


def test_room_conflict_names_each_date_and_writes_nothing(tenant, offer):
    room = RoomFactory(municipality=tenant.municipality, facility=tenant.facility)
    other = OfferFactory(municipality=tenant.municipality, centre=tenant.centre, title="Elterncafé")
    create(tenant, other, room=room, until=date(2027, 1, 19))
    with scopes_disabled():
        before = (OfferSchedule.objects.count(), Booking.objects.count())
    errors = errors_of(tenant, offer, room=room, start_time=time(10), end_time=time(12))
    message = errors["room"][0]
    assert "05.01.2027" in message and "12.01.2027" in message and "19.01.2027" in message
    assert "Elterncafé" in message
    with scopes_disabled():
        assert (OfferSchedule.objects.count(), Booking.objects.count()) == before


def test_room_of_a_centre_without_agreement_is_refused(tenant, offer):
    from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

    neighbour = FacilityFactory(
        municipality=tenant.municipality,
        centre=FamilyCentreFactory(municipality=tenant.municipality),
    )
    room = RoomFactory(municipality=tenant.municipality, facility=neighbour)
    errors = errors_of(tenant, offer, room=room)
    assert "kann den Raum" in errors["room"][0]
    with scopes_disabled():
        assert not Booking.objects.exists()


def test_on_request_with_a_room_is_refused(tenant, offer):
    room = RoomFactory(municipality=tenant.municipality, facility=tenant.facility)
    errors = errors_of(tenant, offer, repeat="on_request", room=room)
    assert "nach Vereinbarung" in errors["room"][0]


# Pages ------------------------------------------------------------------------------------------


def url(name, tenant, *args):
    return reverse(f"offers:{name}", args=[tenant.municipality.slug, *args])


FORM = {
    "repeat": "weekly",
    "start_date": "2027-01-05",
    "start_time": "09:00",
    "end_time": "11:00",
    "weekdays": ["1"],
    "until": "2027-06-29",
    "exdates": "12.01.2027\n2027-01-19",
    "note": "",
}


def test_schedule_page_lists_next_dates_in_plain_german(client, tenant, offer):
    OfferScheduleFactory(
        offer=offer,
        start_date=date(2030, 1, 1),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        until=date(2030, 3, 1),
    )
    OfferScheduleFactory(
        offer=offer,
        kind=ScheduleKind.ON_REQUEST,
        note="Termine nach Absprache",
        start_date=None,
        start_time=None,
        end_time=None,
        rrule="",
    )
    client.force_login(tenant.users[Role.STAFF])
    response = client.get(url("schedule_list", tenant, offer.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Jeden Dienstag, 9:00–11:00 Uhr, vom 1.1. bis 1.3.2030" in body
    assert "01.01.2030" in body and "29.01.2030" in body and "05.02.2030" not in body
    assert "Nach Vereinbarung – Termine nach Absprache" in body


def test_schedule_page_query_count_is_constant(
    client, tenant, offer, django_assert_max_num_queries
):
    client.force_login(tenant.users[Role.STAFF])
    for _n in range(2):
        OfferScheduleFactory(offer=offer, skip_school_holidays=True)
    with django_assert_max_num_queries(16):
        assert client.get(url("schedule_list", tenant, offer.pk)).status_code == 200
    for _n in range(12):
        OfferScheduleFactory(offer=offer, skip_school_holidays=True)
    with django_assert_max_num_queries(16):
        assert client.get(url("schedule_list", tenant, offer.pk)).status_code == 200


def test_create_through_the_form(client, tenant, offer):
    client.force_login(tenant.users[Role.STAFF])
    assert client.get(url("schedule_create", tenant, offer.pk)).status_code == 200
    response = client.post(url("schedule_create", tenant, offer.pk), FORM)
    assert response.status_code == 302
    with scopes_disabled():
        schedule = OfferSchedule.objects.get(offer=offer)
    assert schedule.exdates == ["2027-01-12", "2027-01-19"]


def test_form_shows_german_errors_and_saves_nothing(client, tenant, offer):
    client.force_login(tenant.users[Role.STAFF])
    response = client.post(
        url("schedule_create", tenant, offer.pk),
        {**FORM, "end_time": "08:00", "exdates": "31.02.2027, morgen"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Kein Datum: „31.02.2027“, „morgen“" in body
    response = client.post(url("schedule_create", tenant, offer.pk), {**FORM, "end_time": "08:00"})
    assert "muss nach dem Beginn (9:00 Uhr) liegen" in response.content.decode()
    with scopes_disabled():
        assert not OfferSchedule.objects.filter(offer=offer).exists()


def test_edit_form_round_trips_the_rule(client, tenant, offer):
    schedule = create(
        tenant, offer, repeat="monthly_nth", nth=2, month_weekday=1, count=10, until=None
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url("schedule_update", tenant, schedule.pk)).content.decode()
    assert 'value="monthly_nth" id="id_repeat_3" checked' in page or (
        'value="monthly_nth"' in page and "checked" in page
    )
    from verbund.offers.forms_schedule import initial_for

    with scopes_disabled():
        initial = initial_for(OfferSchedule.objects.get(pk=schedule.pk))
    assert initial["repeat"] == "monthly_nth" and initial["nth"] == 2
    assert initial["month_weekday"] == 1 and initial["count"] == 10


def test_delete_page_and_post(client, tenant, offer):
    schedule = create(tenant, offer)
    client.force_login(tenant.users[Role.STAFF])
    assert client.get(url("schedule_delete", tenant, schedule.pk)).status_code == 200
    assert client.post(url("schedule_delete", tenant, schedule.pk)).status_code == 302
    with scopes_disabled():
        assert not OfferSchedule.objects.filter(pk=schedule.pk).exists()


def test_partner_cannot_change_another_providers_schedule(client, tenant, offer):
    schedule = create(tenant, offer)
    client.force_login(tenant.users[Role.PARTNER])
    # The partner reads the network's offers but keeps only their own organisation's.
    assert client.get(url("schedule_list", tenant, offer.pk)).status_code == 200
    assert client.get(url("schedule_update", tenant, schedule.pk)).status_code == 403
    assert client.post(url("schedule_delete", tenant, schedule.pk)).status_code == 403
    with scopes_disabled():
        assert OfferSchedule.objects.filter(pk=schedule.pk).exists()


def test_another_municipalitys_schedule_is_404(client, tenant, foreign):
    other = OfferScheduleFactory(
        offer=OfferFactory(municipality=foreign.municipality, centre=foreign.centre)
    )
    client.force_login(tenant.users[Role.ADMIN])
    assert client.get(url("schedule_update", tenant, other.pk)).status_code == 404
    assert client.get(url("schedule_list", tenant, other.offer_id)).status_code == 404


def test_form_books_a_room_and_shows_a_conflict_at_the_field(client, tenant, offer):
    room = RoomFactory(municipality=tenant.municipality, facility=tenant.facility, name="Turnhalle")
    client.force_login(tenant.users[Role.STAFF])
    page = client.get(url("schedule_create", tenant, offer.pk)).content.decode()
    assert "Turnhalle" in page
    assert (
        client.post(url("schedule_create", tenant, offer.pk), {**FORM, "room": room.pk}).status_code
        == 302
    )
    response = client.post(url("schedule_create", tenant, offer.pk), {**FORM, "room": room.pk})
    assert response.status_code == 400
    assert "Der Raum ist am 05.01.2027" in response.content.decode()
    foreign_room = RoomFactory()
    response = client.post(
        url("schedule_create", tenant, offer.pk), {**FORM, "room": foreign_room.pk}
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert OfferSchedule.objects.filter(offer=offer).count() == 1


def test_schedule_section_include(tenant, offer, django_assert_max_num_queries):
    from django.template.loader import render_to_string

    for _n in range(3):
        create(
            tenant,
            offer,
            room=RoomFactory(municipality=tenant.municipality, facility=tenant.facility),
            skip_school_holidays=True,
        )

    OfferScheduleFactory(
        offer=offer,
        start_date=date(2030, 1, 1),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        until=date(2030, 2, 1),
    )
    with scope(municipality=tenant.municipality.pk), django_assert_max_num_queries(2):
        html = render_to_string("offers/includes/schedule_section.html", {"offer": offer})
    assert "Jeden Dienstag" in html and "01.01.2030" in html
    assert f"?angebot={offer.pk}" in html and "Raum: Raum" in html
