"""Issue 10, schedules: a coordinator plans a weekly series (with an exception and without the
school holidays) for an offer in a room, sees a room conflict named by date, then subscribes
to the offer's calendar; at desktop and phone width, axe-core (WCAG 2.1 A/AA) on every page,
no sideways scrolling, without JavaScript-only steps."""

from datetime import date

import pytest
from django.urls import reverse

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.core.testing_browser import ARTIFACTS, run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def checker(page, width_name):

    def check(label):
        results = run_axe(page)
        assert results.violations_count == 0, (
            f"{label} ({width_name}):\n{results.generate_report()}"
        )
        overflow = page.evaluate(
            "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
        )
        assert overflow <= 0, f"{label} ({width_name}) scrolls sideways by {overflow} px"
        page.screenshot(path=str(ARTIFACTS / f"termine-{width_name}-{label}.png"), full_page=True)

    return check


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_plan_a_series_in_a_room_and_subscribe(live_server, new_page, width_name):
    from verbund.offers.tests.factories import OfferFactory
    from verbund.rooms.tests.factories import HolidayPeriodFactory, RoomFactory

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    slug = f"termine-{width_name}"
    tenant = build_tenant(slug)
    offer = OfferFactory(
        municipality=tenant.municipality, centre=tenant.centre, title="Väterfrühstück"
    )
    RoomFactory(municipality=tenant.municipality, facility=tenant.facility, name="Turnraum")
    HolidayPeriodFactory(
        municipality=tenant.municipality,
        name="Osterferien",
        first_day=date(2027, 3, 29),
        last_day=date(2027, 4, 9),
    )
    page = new_page(viewport=WIDTHS[width_name])
    check = checker(page, width_name)
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.COORDINATOR].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{slug}/")

    page.goto(live_server.url + reverse("offers:schedule_list", args=[slug, offer.pk]))
    check("01-keine-termine")
    with page.expect_navigation():
        page.get_by_role("link", name="Termin eintragen").click()
    check("02-formular")

    def fill_series():
        page.get_by_role("radio", name="jede Woche", exact=True).check()
        page.locator("#id_start_date").fill("2027-03-02")
        page.locator("#id_start_time").fill("09:00")
        page.locator("#id_end_time").fill("11:00")
        page.get_by_role("checkbox", name="Dienstag", exact=True).check()
        page.locator("#id_until").fill("2027-04-27")
        page.locator("#id_exdates").fill("16.03.2027")
        page.get_by_label("nicht in den Schulferien").check()
        page.locator("#id_room").select_option(label="Turnraum (" + tenant.facility.name + ")")

    fill_series()
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/termine/")
    body = page.content()
    assert "Jeden Dienstag, 9:00–11:00 Uhr, vom 2.3. bis 27.4.2027" in body
    assert "Turnraum" in body
    check("03-reihe")

    # The same room at the same time again: refused, naming each date.
    page.get_by_role("link", name="Termin eintragen").click()
    fill_series()
    page.get_by_role("button", name="Speichern").click()
    error = page.locator("#id_room-error").inner_text()
    assert "02.03.2027" in error and "13.04.2027" in error and "16.03.2027" not in error
    check("04-raumkonflikt")

    page.goto(live_server.url + reverse("offers:schedule_list", args=[slug, offer.pk]))
    with page.expect_navigation():
        page.get_by_role("link", name="Kalender abonnieren").click()
    check("05-abonnieren")
    page.get_by_label("Bezeichnung").fill("Diensthandy")
    page.get_by_role("button", name="Persönliche Adresse erstellen").click()
    private = page.locator("#private-url").input_value()
    assert "/kalender-privat/" in private and private.endswith(f"/angebote/{offer.pk}.ics")
    check("06-adresse")
    page.get_by_role("button", name="Widerrufen – Diensthandy").click()
    assert "widerrufen" in page.content()
