"""In the browser: the visit-team member opens a family from the list, records a visit with
consent and opens the personal offer list; axe-core checks the family page and the visit form
at desktop and phone width (390 px, no sideways scrolling)."""

import pytest

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

from .factories import FamilyFactory

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


def test_family_page_and_visit_form(live_server, page, screenshot, axe_check):
    tenant = build_tenant("lindenhagen")
    FamilyFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        parent_name="Ayşe Yılmaz",
        street="Lindenstraße",
        house_number="12",
        sibling_ages="4",
    )
    slug = tenant.municipality.slug

    log_in(page, live_server, tenant.users[Role.VISITOR].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Begrüßungsbesuche", exact=True
    ).click()
    page.get_by_role("link", name="Ayşe Yılmaz").click()
    page.wait_for_url("**/familien/*/")
    assert page.get_by_role("heading", name="Ayşe Yılmaz").is_visible()
    axe_check("Familie")
    screenshot("besuche-01-familie")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    axe_check("Familie (Telefon)")
    screenshot("besuche-02-familie-telefon")
    page.set_viewport_size(DESKTOP)

    page.get_by_role("link", name="Besuch erfassen").click()
    page.wait_for_url("**/besuch/")
    axe_check("Besuch erfassen")
    page.get_by_label("Gesund groß werden").check()
    page.get_by_label("Schlaf").check()
    page.get_by_label("Die Familie willigt in eine spätere Kontaktaufnahme ein").check()
    page.get_by_label("Fassung des Einwilligungstextes").fill("")
    page.get_by_role("button", name="Speichern").click()
    assert page.get_by_text("Eine Einwilligung braucht die Fassung").first.is_visible()
    axe_check("Besuch mit Fehler")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    page.set_viewport_size(DESKTOP)
    page.get_by_label("Fassung des Einwilligungstextes").fill("2026-01")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/familien/*/")
    assert page.get_by_text("Der Besuch wurde erfasst.").is_visible()
    assert page.get_by_text("Fassung 2026-01").is_visible()

    page.get_by_role("link", name="Angebotsliste").click()
    page.wait_for_url("**/angebote/")
    assert page.get_by_role("heading", name="Angebote für Ihre Familie").is_visible()
    assert "Yılmaz" not in page.locator("main").inner_text()
    axe_check("Angebotsliste")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    axe_check("Angebotsliste (Telefon)")
