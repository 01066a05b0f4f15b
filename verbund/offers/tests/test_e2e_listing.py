"""In the browser on a phone: a staff member searches the offer list, opens the filters (plain
``<details>``, a GET form: no script involved), narrows by life phase and language and opens
the shared link; axe-core checks the list with results, filtered and empty (WCAG 2.1 A/AA)."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.offers.tests.factories import OfferFactory
from verbund.offers.text import refresh_search_text
from verbund.taxonomy.tests.factories import term

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_offer_list_on_a_phone(live_server, page, axe_check):
    tenant = build_tenant("angebotstadt")
    baby = term(tenant.municipality, "life_phase", "0-1")
    with scopes_disabled():
        for title, languages, terms in [
            ("Kochkurs für Väter", "de", []),
            ("Babymassage auf Türkisch", "de tr", [baby]),
            ("Schwimmkurse mit Donaudampfschifffahrtsgesellschaftskapitän", "de", []),
        ]:
            offer = OfferFactory(centre=tenant.centre, title=title, languages=languages)
            offer.terms.set(terms)
            refresh_search_text([offer])
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.STAFF].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    slug = tenant.municipality.slug
    page.goto(f"{live_server.url}/k/{slug}/angebote/")
    expect(page.get_by_role("heading", name="Angebote im Netzwerk")).to_be_visible()
    assert no_sideways_scroll(page)
    axe_check("Angebote: Liste (Telefon)")

    page.get_by_label("Suchbegriffe").fill("kochen")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_url("**/angebote/?q=kochen*")
    expect(page.get_by_role("link", name="Kochkurs für Väter")).to_be_visible()
    expect(page.get_by_text("1 Angebot gefunden")).to_be_visible()

    page.goto(f"{live_server.url}/k/{slug}/angebote/")
    page.locator("summary", has_text="Weitere Filter").click()
    page.locator("summary", has_text="Lebensphase").click()
    page.get_by_label("0–1 Jahre").check()
    page.locator("summary", has_text="Sprache").click()
    page.get_by_label("Türkisch").check()
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**phase=*")
    expect(page.get_by_role("link", name="Babymassage auf Türkisch")).to_be_visible()
    expect(page.get_by_text("1 Angebot gefunden")).to_be_visible()
    assert no_sideways_scroll(page)
    axe_check("Angebote: gefiltert (Telefon)")
    shared = page.url
    page.goto(shared)  # the filtered list is a link to share
    expect(page.get_by_text("1 Angebot gefunden")).to_be_visible()

    page.goto(f"{live_server.url}/k/{slug}/angebote/?q=Zitronenfalter")
    expect(page.get_by_text("Keine Angebote gefunden.", exact=False)).to_be_visible()
    axe_check("Angebote: nichts gefunden (Telefon)")
