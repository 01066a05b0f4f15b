"""Room pages: lists narrowed by the rule, calendars without JavaScript, booking with a conflict
check, holiday import, and query counts that do not grow with the data."""

import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.core.recurrence import Kind, Recurrence
from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory
from verbund.rooms import services
from verbund.rooms.models import Booking, HolidayPeriod, Room
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

from .factories import BookingFactory, RoomFactory
from .helpers import partner_world

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


@pytest.fixture
def room(tenant):
    return RoomFactory(
        municipality=tenant.municipality,
        facility=tenant.facility,
        name="Elternraum",
        step_free=True,
    )


def url(name, tenant, *args):
    return reverse(f"rooms:{name}", args=[tenant.municipality.slug, *args])


def add_booking(room, centre, start, *, title="Elterncafé", at=(9, 11), **kwargs):
    with scope(municipality=room.municipality_id):
        return services.booking_create(
            actor=None,
            room=room,
            data={"title": title, "purpose": "", "centre": centre},
            recurrence=Recurrence(start, time(at[0]), time(at[1]), **kwargs),
        )


def test_list_shows_own_and_shared_rooms_only(client, tenant, room):
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    other = RoomFactory(
        municipality=tenant.municipality,
        facility=FacilityFactory(municipality=tenant.municipality, centre=other_centre),
        name="Raum des Nachbarzentrums",
    )
    _partner, partner_room, resource = partner_world(tenant)
    client.force_login(tenant.users[Role.COORDINATOR])
    body = client.get(url("room_list", tenant)).content.decode()
    assert "Elternraum" in body
    assert "Gymnastikhalle" not in body  # not shared yet
    assert other.name not in body
    assert client.get(url("room_detail", tenant, partner_room.pk)).status_code == 403
    assert client.get(url("room_detail", tenant, other.pk)).status_code == 403
    with scope(municipality=tenant.municipality.pk):
        services.room_share(actor=None, room=partner_room, resource=resource)
    body = client.get(url("room_list", tenant)).content.decode()
    assert "Gymnastikhalle" in body
    assert client.get(url("room_detail", tenant, partner_room.pk)).status_code == 200
    # A shared room is booked, not managed, by the centre.
    assert client.get(url("room_update", tenant, partner_room.pk)).status_code == 403
    assert client.get(url("booking_create", tenant, partner_room.pk)).status_code == 200
    # Filters: accessibility and capacity.
    body = client.get(url("room_list", tenant), {"step_free": "on"}).content.decode()
    assert "Elternraum" in body and "Gymnastikhalle" not in body
    body = client.get(url("room_list", tenant), {"capacity": "500"}).content.decode()
    assert "Keine Räume gefunden" in body


def test_week_and_month_calendar_without_javascript(client, tenant, room):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    add_booking(
        room,
        tenant.centre,
        monday + timedelta(days=1),
        title="Spielgruppe",
        kind=Kind.WEEKLY,
        count=8,
    )
    add_booking(room, tenant.centre, monday + timedelta(days=3), title="Elternabend", at=(18, 20))
    client.force_login(tenant.users[Role.STAFF])
    response = client.get(url("room_detail", tenant, room.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]
    assert body.count("Spielgruppe") == 1 and "Elternabend" in body
    assert f"?ansicht=woche&amp;datum={(today + timedelta(days=7)).isoformat()}" in body
    assert "Auslastung" in body
    # Next week: the series, not the single date.
    body = client.get(
        url("room_detail", tenant, room.pk),
        {"ansicht": "woche", "datum": (monday + timedelta(days=7)).isoformat()},
    ).content.decode()
    assert "Spielgruppe" in body and "Elternabend" not in body
    # Month: every Tuesday of the series inside the month grid.
    response = client.get(
        url("room_detail", tenant, room.pk), {"ansicht": "monat", "datum": today.isoformat()}
    )
    assert response.status_code == 200
    assert 'class="rooms-month"' in response.content.decode()
    for bad in ({"datum": "9999-12-31"}, {"ansicht": "jahr"}, {"datum": "²"}):
        assert client.get(url("room_detail", tenant, room.pk), bad).status_code == 200


def test_occupancy_counts_booked_hours_inside_the_opening_window(client, tenant, room):
    today = timezone.localdate()
    # Every day of the next four weeks 9–11 (opening Mon–Fri 8–18 = 200 hours): 20 weekdays
    # × 2 hours = 40 hours; weekend dates lie outside the opening days.
    add_booking(room, tenant.centre, today, kind=Kind.CUSTOM, rule="FREQ=DAILY", count=28)
    # Before opening (7–8) counts not, 8–9 one hour, 9–10 overlaps the series: counted once.
    # (Stored directly: the service refuses the overlap, older data may still have one.)
    BookingFactory(
        room=room,
        start_date=today + timedelta(days=(7 - today.weekday()) % 7),
        start_time=time(7),
        end_time=time(10),
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.get(url("room_detail", tenant, room.pk))
    occupancy = response.context["occupancy"]
    assert occupancy.open_minutes == 200 * 60
    assert occupancy.booked_minutes == 41 * 60
    assert occupancy.percent == 20
    assert "41 von 200 Stunden" in response.content.decode()


def test_booking_form_shows_conflicts_then_saves_after_a_change(client, tenant, room):
    add_booking(room, tenant.centre, date(2027, 1, 13), title="Elterncafé")
    client.force_login(tenant.users[Role.COORDINATOR])
    data = {
        "title": "Spielgruppe",
        "purpose": "Angebot",
        "centre": tenant.centre.pk,
        "start_date": "2027-01-06",
        "start_time": "09:00",
        "end_time": "11:00",
        "kind": "weekly",
        "until": "2027-03-31",
        "exdates": "",
    }
    response = client.post(url("booking_create", tenant, room.pk), {**data, "pruefen": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "An 1 Termin ist der Raum schon belegt" in body
    assert "13.01.2027" in body and "Elterncafé" in body
    assert "Jeden Mittwoch, 9:00–11:00 Uhr, vom 6.1. bis 31.3.2027" in body
    response = client.post(url("booking_create", tenant, room.pk), {**data, "speichern": "1"})
    assert response.status_code == 400
    assert "Der Raum ist am 13.01.2027 (9:00–11:00, „Elterncafé“) schon belegt." in (
        response.content.decode()
    )
    with scopes_disabled():
        assert Booking.objects.count() == 1
    response = client.post(
        url("booking_create", tenant, room.pk), {**data, "start_time": "14:00", "end_time": "16:00"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        booking = Booking.objects.get(title="Spielgruppe")
    assert booking.rrule == "FREQ=WEEKLY;BYDAY=WE" and booking.until == date(2027, 3, 31)
    body = client.get(response["Location"]).content.decode()
    assert "Spielgruppe" in body


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"end_time": "08:00"}, "end_time", "muss nach dem Beginn"),
        ({"until": ""}, "until", "Enddatum oder eine Anzahl"),
        ({"count": "0", "until": ""}, "count", "mindestens 1"),
        ({"until": "2031-01-01"}, "until", "höchstens 3 Jahre"),
        ({"exdates": "13.1.2027, morgen"}, "exdates", "Kein Datum: morgen"),
        ({"exdates": "14.01.2027"}, "exdates", "Kein Termin der Reihe: 14.01.2027"),
        ({"kind": "custom", "rule": "FREQ=HOURLY"}, "rule", "Stunden"),
        ({"kind": "custom", "rule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"}, "rule", "keinen"),
    ],
)
def test_bad_rules_get_a_message_at_the_field(client, tenant, room, change, field, fragment):
    client.force_login(tenant.users[Role.COORDINATOR])
    data = {
        "title": "Spielgruppe",
        "centre": tenant.centre.pk,
        "start_date": "2027-01-06",
        "start_time": "09:00",
        "end_time": "11:00",
        "kind": "weekly",
        "until": "2027-03-31",
        **change,
    }
    response = client.post(url("booking_create", tenant, room.pk), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert fragment in " ".join(errors.get(field, [])), errors
    with scopes_disabled():
        assert not Booking.objects.exists()


def test_forged_centre_and_foreign_room_are_refused(client, tenant, room):
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    data = {
        "title": "X",
        "centre": other_centre.pk,
        "start_date": "2027-01-06",
        "start_time": "09:00",
        "end_time": "11:00",
        "kind": "single",
    }
    response = client.post(url("booking_create", tenant, room.pk), data)
    assert response.status_code == 400
    assert "centre" in response.context["form"].errors
    assert client.post(url("booking_create", tenant, 10**9), data).status_code == 404
    with scopes_disabled():
        assert not Booking.objects.exists()


def test_partner_manages_the_rooms_of_its_own_organisation(client, tenant):
    partner, partner_room, resource = partner_world(tenant)
    with scopes_disabled():
        partner.facility = tenant.facility  # the partner user's organisation
        partner.save()
    other = OrganisationFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.PARTNER])
    data = {
        "name": "Bewegungsraum",
        "organisation": other.pk,
        "capacity": "15",
        "open_days": ["0", "1", "2"],
        "open_from": "08:00",
        "open_until": "20:00",
    }
    response = client.post(url("room_create", tenant), data)
    assert response.status_code == 400 and "organisation" in response.context["form"].errors
    response = client.post(url("room_create", tenant), {**data, "organisation": partner.pk})
    assert response.status_code == 302
    with scopes_disabled():
        created = Room.objects.get(name="Bewegungsraum")
    assert (created.organisation, created.open_days) == (partner, "012")
    # Share it through the agreement: the centre may book it.
    response = client.post(url("room_share", tenant, partner_room.pk), {"resource": resource.pk})
    assert response.status_code == 302
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.get(url("booking_create", tenant, partner_room.pk)).status_code == 200


def test_holiday_import_preview_then_all_at_once(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    ics = (DATA / "schulferien_nrw_2026_2027.ics").read_bytes()
    response = client.post(
        url("holidays", tenant),
        {"file": SimpleUploadedFile("nrw.ics", ics, content_type="text/calendar")},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sommerferien 2027 Nordrhein-Westfalen" in body
    with scopes_disabled():
        assert not HolidayPeriod.objects.exists()  # a preview writes nothing
    payload = response.context["payload"]
    response = client.post(url("holidays", tenant), {"payload": payload})
    assert response.status_code == 302
    with scopes_disabled():
        assert HolidayPeriod.objects.filter(municipality=tenant.municipality).count() == 5
    # A tampered preview is refused; a broken file names the line.
    client.post(url("holidays", tenant), {"payload": payload + "x"})
    broken = ics.replace(b"DTSTART;VALUE=DATE:20270322", b"DTSTART;VALUE=DATE:2027032")
    response = client.post(url("holidays", tenant), {"file": SimpleUploadedFile("nrw.ics", broken)})
    assert response.status_code == 400
    assert "Zeile 30" in response.content.decode()
    with scopes_disabled():
        assert HolidayPeriod.objects.count() == 5


def test_holiday_preview_token_of_another_municipality_is_refused(client, tenant, foreign):
    from verbund.rooms.holidays_ical import ParsedHoliday
    from verbund.rooms.views.holidays import _payload

    token = _payload(
        [ParsedHoliday(1, "Ferien", date(2027, 1, 1), date(2027, 1, 2))],
        "x.ics",
        foreign.municipality.pk,
    )
    client.force_login(tenant.users[Role.ADMIN])
    client.post(url("holidays", tenant), {"payload": token})
    with scopes_disabled():
        assert not HolidayPeriod.objects.exists()


def test_pages_cost_the_same_queries_with_many_bookings(
    client, tenant, room, django_assert_max_num_queries
):
    today = timezone.localdate()
    rooms = [room] + [
        RoomFactory(municipality=tenant.municipality, facility=tenant.facility) for _ in range(4)
    ]
    for index, each in enumerate(rooms):
        for hour in range(8, 16, 2):
            add_booking(
                each,
                tenant.centre,
                today,
                title=f"Reihe {index}-{hour}",
                at=(hour, hour + 1),
                kind=Kind.CUSTOM,
                rule="FREQ=DAILY",
                count=40,
            )
    client.force_login(tenant.users[Role.COORDINATOR])
    with django_assert_max_num_queries(16):
        assert client.get(url("room_list", tenant)).status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(url("room_detail", tenant, room.pk)).status_code == 200
    with django_assert_max_num_queries(18):
        response = client.get(url("room_detail", tenant, room.pk), {"ansicht": "monat"})
        assert response.status_code == 200


def test_centre_page_lists_the_centres_rooms_with_occupancy(client, tenant, room):
    add_booking(
        room, tenant.centre, timezone.localdate(), kind=Kind.CUSTOM, rule="FREQ=DAILY", count=28
    )
    client.force_login(tenant.users[Role.STAFF])
    html = client.get(
        reverse("dashboard:centre_page", args=[tenant.municipality.slug, tenant.centre.pk])
    ).content.decode()
    assert "Räume" in html and "Elternraum" in html
    assert "20 % belegt in den nächsten 4 Wochen" in html


def test_list_pages_count_and_holders_per_viewer(client, tenant):
    """The list's page, its count and the filter's holders are prepared per viewer's reach,
    filter and page: each viewer gets her own, a page beyond the last shows the last."""
    for n in range(53):
        RoomFactory(municipality=tenant.municipality, facility=tenant.facility, name=f"R{n:02d}")
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    neighbour = FacilityFactory(
        municipality=tenant.municipality, centre=other_centre, name="Nachbarhaus"
    )
    RoomFactory(municipality=tenant.municipality, facility=neighbour, name="R99 nebenan")

    def listed(role, **query):
        client.force_login(tenant.users[role])
        body = client.get(url("room_list", tenant), query).content.decode()
        return sorted(set(re.findall(r">(R\d\d[^<]*)</a>", body))), body

    rooms, body = listed(Role.COORDINATOR)
    assert rooms == [f"R{n:02d}" for n in range(50)] and "53 Räume" in body
    assert "Nachbarhaus" not in body  # not a holder the coordinator sees
    assert listed(Role.COORDINATOR, seite="2")[0] == ["R50", "R51", "R52"]
    assert listed(Role.COORDINATOR, seite="9")[0] == ["R50", "R51", "R52"]
    assert listed(Role.COORDINATOR, seite="x")[0][:2] == ["R00", "R01"]
    assert listed(Role.COORDINATOR, q="R5")[0] == ["R50", "R51", "R52"]

    rooms, body = listed(Role.PLANNER, seite="2")
    assert rooms == ["R50", "R51", "R52", "R99 nebenan"] and "54 Räume" in body
    assert "Nachbarhaus" in body
    assert listed(Role.COORDINATOR, seite="2")[0] == ["R50", "R51", "R52"]  # her own again
