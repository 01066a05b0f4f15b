"""Issue 10, rooms: a coordinator books a weekly series, sees the named conflict, changes the
time, saves and finds the series in the week calendar; axe checks the room list, the room
page with its calendar and the booking form; the calendar at 1280 and 390 px (no sideways
scrolling on the phone) is saved to /tmp/rooms-*.png."""

import tempfile
from datetime import date, time
from pathlib import Path

import pytest
from django_scopes import scope, scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.core.recurrence import Recurrence
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.rooms import services
from verbund.rooms.models import Booking
from verbund.rooms.tests.factories import RoomFactory

SHOTS = Path(tempfile.gettempdir())  # /tmp/rooms-*.png

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]


def login(page, live_server, user):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/k/**")


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def test_coordinator_books_a_weekly_series_around_a_conflict(
    live_server, page, new_page, axe_check
):
    tenant = build_tenant("raumweg")
    room = RoomFactory(
        municipality=tenant.municipality,
        facility=tenant.facility,
        name="Familiencafé",
        capacity=25,
        step_free=True,
        equipment="Küche, Spielecke",
    )
    with scope(municipality=tenant.municipality.pk):
        services.booking_create(
            actor=None,
            room=room,
            data={"title": "Elterncafé", "purpose": "Angebot", "centre": tenant.centre},
            recurrence=Recurrence(date(2027, 1, 13), time(9), time(11)),
        )
    slug = tenant.municipality.slug
    login(page, live_server, tenant.users[Role.COORDINATOR])

    page.get_by_role("link", name="Räume", exact=True).first.click()
    page.wait_for_url(f"**/k/{slug}/raeume/")
    axe_check("Raumliste")
    page.get_by_role("link", name="Familiencafé").click()
    page.wait_for_url(f"**/raeume/{room.pk}/")
    axe_check("Raum mit Wochenkalender")
    page.get_by_role("link", name="Raum buchen").click()
    page.wait_for_url("**/buchen/")
    axe_check("Buchungsformular")

    page.get_by_label("Titel").fill("Spielgruppe")
    page.get_by_label("Datum (erster Termin)").fill("2027-01-06")
    page.get_by_label("von", exact=True).fill("09:00")
    page.get_by_label("bis", exact=True).fill("11:00")
    page.get_by_label("jede Woche").check()
    page.get_by_label("bis einschließlich").fill("2027-03-31")
    page.get_by_role("button", name="Prüfen").click()
    page.wait_for_load_state()
    check = page.locator(".rooms-check")
    assert "An 1 Termin ist der Raum schon belegt" in check.inner_text()
    assert "13.01.2027" in check.inner_text() and "Elterncafé" in check.inner_text()
    assert "Jeden Mittwoch, 9:00–11:00 Uhr, vom 6.1. bis 31.3.2027" in check.inner_text()
    axe_check("Buchungsformular mit Prüfung")

    page.get_by_role("button", name="Buchen").click()
    page.wait_for_load_state()
    assert page.get_by_text(
        "Der Raum ist am 13.01.2027 (9:00–11:00, „Elterncafé“) schon belegt."
    ).first.is_visible()
    with scopes_disabled():
        assert not Booking.objects.filter(title="Spielgruppe").exists()

    page.get_by_label("von", exact=True).fill("14:00")
    page.get_by_label("bis", exact=True).fill("16:00")
    page.get_by_role("button", name="Buchen").click()
    page.wait_for_url(f"**/raeume/{room.pk}/?datum=2027-01-06")
    assert page.get_by_text("Gebucht: jeden Mittwoch, 14:00–16:00 Uhr").is_visible()
    week = page.locator(".rooms-week")
    assert "Spielgruppe" in week.inner_text() and "14:00–16:00 Uhr" in week.inner_text()
    with scopes_disabled():
        booking = Booking.objects.get(title="Spielgruppe")
        assert booking.rrule == "FREQ=WEEKLY;BYDAY=WE"
        assert (booking.start_time, booking.until) == (time(14), date(2027, 3, 31))

    # The next week (no JavaScript needed: links) shows 13 January with both bookings.
    page.get_by_role("link", name="nächste Woche").click()
    page.wait_for_load_state()
    week_text = page.locator(".rooms-week").inner_text()
    assert "Elterncafé" in week_text and "Spielgruppe" in week_text
    page.screenshot(path=str(SHOTS / "rooms-week-1280.png"), full_page=True)
    assert sideways(page) <= 0
    page.get_by_role("link", name="Monatsansicht").click()
    page.wait_for_load_state()
    assert page.locator(".rooms-month").inner_text().count("Spielgruppe") == 4
    axe_check("Raum mit Monatskalender")
    page.screenshot(path=str(SHOTS / "rooms-month-1280.png"), full_page=True)

    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    login(phone, live_server, tenant.users[Role.COORDINATOR])
    for view, name in (("woche", "week"), ("monat", "month")):
        phone.goto(f"{live_server.url}/k/{slug}/raeume/{room.pk}/?ansicht={view}&datum=2027-01-13")
        assert "Spielgruppe" in phone.locator("main").inner_text()
        assert sideways(phone) <= 0, f"{view} scrolls sideways on the phone"
        phone.screenshot(path=str(SHOTS / f"rooms-{name}-390.png"), full_page=True)
    phone.goto(f"{live_server.url}/k/{slug}/raeume/{room.pk}/buchen/")
    assert sideways(phone) <= 0
    phone.screenshot(path=str(SHOTS / "rooms-form-390.png"), full_page=True)
