"""A coordinator opens the start page, sees the overdue review first and reaches the place
where it is done in one click; the planner and the partner see theirs; axe-core checks the
start page, the notification list and "Mein Familienzentrum" at desktop and phone width."""

import pytest
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.dashboard.notify import create_notifications

from .helpers import populate

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_start_page_per_role_one_click_to_the_task(live_server, page, screenshot, axe_check):
    tenant = build_tenant("lindenhagen")
    populate(tenant)
    create_notifications()
    slug = tenant.municipality.slug

    log_in(page, live_server, tenant.users[Role.COORDINATOR].username)
    page.wait_for_url(f"**/k/{slug}/")
    expect(page.get_by_role("heading", name="Was steht an")).to_be_visible()
    first_group = page.locator(".dash-group").first
    assert "seit 320 Tagen überfällig" in first_group.inner_text()
    axe_check("Startseite Koordination")
    screenshot("dashboard-01-start-koordination")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    axe_check("Startseite Koordination (Telefon)")
    page.set_viewport_size({"width": 1280, "height": 900})

    # One click from the item to where the review is done.
    page.get_by_role("link", name="Überprüfung: Vereinbarung 0").first.click()
    page.wait_for_url("**/kooperationen/**")
    expect(page.get_by_role("heading", name="Vereinbarung 0").first).to_be_visible()

    # The header counter leads to the notification list.
    page.locator(".site-notifications").click()
    page.wait_for_url("**/benachrichtigungen/")
    axe_check("Benachrichtigungen")
    page.get_by_role("button", name="als gelesen markieren").first.click()
    page.wait_for_url("**/benachrichtigungen/")
    expect(page.get_by_text("als gelesen markiert").first).to_be_visible()

    # Mein Familienzentrum from the menu.
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Mein Familienzentrum"
    ).click()
    page.wait_for_url("**/mein-familienzentrum/**")
    expect(page.get_by_role("heading", name="Kooperationsvereinbarungen")).to_be_visible()
    axe_check("Mein Familienzentrum")
    screenshot("dashboard-02-mein-familienzentrum")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    axe_check("Mein Familienzentrum (Telefon)")


def test_planner_and_partner_start_pages(live_server, new_page, axe_check, page):
    tenant = build_tenant("lindenhagen")
    populate(tenant)
    slug = tenant.municipality.slug

    log_in(page, live_server, tenant.users[Role.PLANNER].username)
    page.wait_for_url(f"**/k/{slug}/")
    expect(page.get_by_text("Neu gemeldet: Gemeldet 0")).to_be_visible()
    axe_check("Startseite Planung")
    page.get_by_role("button", name="Abmelden").click()

    log_in(page, live_server, tenant.users[Role.PARTNER].username)
    page.wait_for_url(f"**/k/{slug}/")
    expect(page.get_by_text("Eigene Org").first).to_be_visible()
    axe_check("Startseite Partner")
    page.get_by_role("link", name="Meine Organisation").first.click()
    page.wait_for_url("**/meine-organisation/")
    axe_check("Meine Organisation")
