"""In the browser: the partner creates an API access (shown once), copies it, a request with it
works; the admin sees it and revokes it. axe-core checks the pages (WCAG 2.1 A/AA); phone
width: no page wider than the screen."""

import pytest
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.core.testing_browser import ARTIFACTS
from verbund.offers.tests.factories import partner_organisation

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_partner_creates_and_admin_revokes_an_api_access(
    live_server, page, new_page, screenshot, axe_check
):
    import json
    import urllib.request

    tenant = build_tenant("lindenhagen")
    partner_organisation(tenant)
    slug = tenant.municipality.slug

    log_in(page, live_server, tenant.users[Role.PARTNER].username)
    page.wait_for_url(f"**/k/{slug}/**")
    page.goto(f"{live_server.url}/k/{slug}/api-zugaenge/")
    axe_check("API-Zugänge leer")
    page.get_by_label("Bezeichnung").fill("Kursverwaltung")
    page.get_by_role("button", name="API-Zugang anlegen").click()
    token = page.get_by_label("API-Zugang zum Kopieren").input_value()
    assert token.startswith("vbd_")
    screenshot("api-zugaenge-01-angelegt")
    axe_check("API-Zugang angelegt")
    request = urllib.request.Request(  # noqa: S310 (the test server)
        f"{live_server.url}/api/v1/{slug}/partner/offers",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request) as answer:  # noqa: S310 (the test server)
        assert json.loads(answer.read())["total_items"] == 0
    page.goto(f"{live_server.url}/k/{slug}/api-zugaenge/")
    assert token not in page.content()

    phone = new_page(viewport={"width": 390, "height": 844})
    log_in(phone, live_server, tenant.users[Role.PARTNER].username)
    phone.goto(f"{live_server.url}/k/{slug}/api-zugaenge/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "api-zugaenge-02-telefon.png"), full_page=True)

    page.get_by_role("button", name="Abmelden").click()
    log_in(page, live_server, tenant.users[Role.ADMIN].username)
    page.goto(f"{live_server.url}/k/{slug}/api-zugaenge/")
    expect(page.get_by_text("Kursverwaltung").first).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Widerrufen").click()
    axe_check("Widerrufen bestätigen")
    page.get_by_role("button", name="Widerrufen").click()
    expect(page.get_by_text("ist widerrufen")).to_be_visible()
    screenshot("api-zugaenge-03-widerrufen")
    axe_check("API-Zugang widerrufen")
