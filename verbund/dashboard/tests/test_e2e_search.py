"""A coordinator searches from the header box, sees results grouped by kind, opens all of one
kind and a result; on a phone the box is at the top of the menu. axe-core checks the
result page and the empty state at desktop and phone width."""

import pytest
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

from .test_search import populate

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_search_from_the_header(live_server, page, screenshot, axe_check):
    tenant = build_tenant("suchstadt")
    populate(tenant, n=7)
    slug = tenant.municipality.slug
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, live_server, tenant.users[Role.COORDINATOR].username)
    page.wait_for_url(f"**/k/{slug}/")
    box = page.get_by_role("search", name="Suche").get_by_role("searchbox")
    box.fill("Sonnenblume lindenstrasse")  # "Straße" typed without ß, two words
    box.press("Enter")
    page.wait_for_url("**/suche/?q=*")
    expect(page.get_by_role("heading", name="Suche", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Organisationen (7)")).to_be_visible()
    axe_check("Suche: Treffer")
    screenshot("search-01-treffer")

    page.get_by_role("link", name="Alle 7 anzeigen (Organisationen)").click()
    page.wait_for_url("**art=organisationen*")
    expect(page.get_by_role("heading", name="Suche in: Organisationen")).to_be_visible()
    page.get_by_role("link", name="Sonnenblume Verein 3").click()
    page.wait_for_url("**/netzwerk/organisationen/*/")
    expect(page.get_by_role("heading", name="Sonnenblume Verein 3").first).to_be_visible()

    # Every kind at once, then nothing found: the empty state says what was searched.
    page.goto(f"{live_server.url}/k/{slug}/suche/?q=sonnenblume")
    for heading in ["Ansprechpersonen", "Kooperationsvereinbarungen", "Bedarfe", "Begehungen"]:
        expect(page.get_by_role("heading", name=heading).first).to_be_visible()
    page.goto(f"{live_server.url}/k/{slug}/suche/?q=Zitronenfalter")
    expect(page.get_by_text("Keine Treffer für „Zitronenfalter“.")).to_be_visible()
    axe_check("Suche: keine Treffer")

    # On a phone: the header keeps one line, the box is at the top of the menu.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/k/{slug}/")
    assert page.locator(".site-header").bounding_box()["height"] < 140
    page.get_by_text("Menü", exact=True).click()
    box = page.get_by_role("search", name="Suche").get_by_role("searchbox")
    assert box.count() == 1  # only the menu's box shows
    box.fill("sonnenblume")
    box.press("Enter")
    page.wait_for_url("**/suche/?q=sonnenblume*")
    expect(page.get_by_role("heading", name="Bedarfe (7)")).to_be_visible()
    assert no_sideways_scroll(page)
    axe_check("Suche: Treffer (Telefon)")
    screenshot("search-02-treffer-telefon")
    page.goto(f"{live_server.url}/k/{slug}/suche/?q=sonnenblume&art=personen")
    assert no_sideways_scroll(page)
    axe_check("Suche: eine Art (Telefon)")
    page.set_viewport_size(DESKTOP)
    assert errors == []


def test_partner_finds_only_their_own(live_server, page):
    tenant = build_tenant("suchstadt")
    populate(tenant, n=3)
    log_in(page, live_server, tenant.users[Role.PARTNER].username)
    page.goto(f"{live_server.url}/k/{tenant.municipality.slug}/suche/?q=sonnenblume")
    text = page.locator("main").inner_text()
    assert "Sonnenblume eigene Organisation" in text
    assert "Sonnenblume Verein" not in text
    assert "Bedarfe" not in page.locator(".search-jump").inner_text()
