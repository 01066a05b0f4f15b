"""In the browser: the visit-team member opens a family from the list, records a visit with
consent and opens the personal offer list; axe-core checks the family page and the visit form
at desktop and phone width (390 px, no sideways scrolling)."""

import pytest
from playwright.sync_api import expect

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
    expect(page.get_by_role("heading", name="Ayşe Yılmaz")).to_be_visible()
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
    expect(page.get_by_text("Eine Einwilligung braucht die Fassung").first).to_be_visible()
    axe_check("Besuch mit Fehler")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    page.set_viewport_size(DESKTOP)
    page.get_by_label("Fassung des Einwilligungstextes").fill("2026-01")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/familien/*/")
    expect(page.get_by_text("Der Besuch wurde erfasst.")).to_be_visible()
    expect(page.get_by_text("Fassung 2026-01")).to_be_visible()

    page.get_by_role("link", name="Angebotsliste").click()
    page.wait_for_url("**/angebote/")
    expect(page.get_by_role("heading", name="Aileniz için etkinlikler")).to_be_visible()  # Turkish
    assert "Yılmaz" not in page.locator("main").inner_text()
    axe_check("Angebotsliste")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    axe_check("Angebotsliste (Telefon)")


def test_decline_move_statistics_and_the_arabic_list(live_server, page, screenshot, axe_check):
    import datetime

    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import timezone

    from verbund.tenancy.tests.factories import FamilyCentreFactory
    from verbund.visits.views import letter_page

    tenant = build_tenant("lindenhagen")
    FamilyCentreFactory(municipality=tenant.municipality, name="Familienzentrum Süd")
    FamilyFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        parent_name="Julia Neumann",
        language="de",
    )
    arabic = FamilyFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        parent_name="Mariam Haddad",
        language="ar",
        proposed_visit=timezone.make_aware(datetime.datetime(2026, 12, 14, 10, 30)),
    )
    slug = tenant.municipality.slug
    base = f"{live_server.url}/k/{slug}/begruessungsbesuche/"

    log_in(page, live_server, tenant.users[Role.VISITOR].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.goto(base)
    page.get_by_role("link", name="Julia Neumann").click()
    page.get_by_role("link", name="Absage erfassen").click()
    page.wait_for_url("**/absage/")
    axe_check("Absage erfassen")
    screenshot("besuche-10-absage")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    expect(page.get_by_label("Absage am")).to_be_visible()
    screenshot("besuche-11-absage-telefon")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Absage speichern").click()
    expect(page.get_by_text("Bitte wählen Sie „Absage über“ aus.").first).to_be_visible()
    axe_check("Absage mit Fehler")
    page.get_by_label("Absage über").select_option("phone")
    page.get_by_role("button", name="Absage speichern").click()
    page.wait_for_url("**/familien/*/")
    expect(page.get_by_text("Die Absage wurde erfasst")).to_be_visible()

    page.goto(f"{base}familien/{arabic.pk}/angebote/")
    expect(page.locator("div.family-text[dir=rtl]")).to_be_visible()
    axe_check("Angebotsliste arabisch")
    screenshot("besuche-12-angebote-arabisch")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    screenshot("besuche-13-angebote-arabisch-telefon")
    page.set_viewport_size(DESKTOP)

    page.goto(f"{base}familien/{arabic.pk}/zentrum/")
    axe_check("Zentrum wechseln")
    screenshot("besuche-14-zentrum-wechseln")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    screenshot("besuche-15-zentrum-wechseln-telefon")
    page.set_viewport_size(DESKTOP)

    # the letter as printed (the PDF's HTML), right to left
    html = render_to_string(
        "visits/letters_print.html", {"pages": [letter_page(arabic, RequestFactory().get("/"))]}
    )
    page.set_content(html)
    expect(page.locator("section.letter[dir=rtl]")).to_be_visible()
    screenshot("besuche-16-brief-arabisch")
    page.set_viewport_size(PHONE)
    screenshot("besuche-17-brief-arabisch-telefon")
    page.set_viewport_size(DESKTOP)

    page.context.clear_cookies()
    log_in(page, live_server, tenant.users[Role.PLANNER].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.goto(f"{base}auswertung/")
    assert "Julia" not in page.locator("main").inner_text()
    axe_check("Auswertung")
    screenshot("besuche-18-auswertung")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    screenshot("besuche-19-auswertung-telefon")
    page.set_viewport_size(DESKTOP)

    page.context.clear_cookies()
    log_in(page, live_server, tenant.users[Role.ADMIN].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.goto(f"{base}zuordnung/")
    axe_check("Familie umverteilen")
    page.get_by_label("Nummer der Familie").fill(str(arabic.pk))
    page.get_by_label("Neues Familienzentrum").select_option(label="Familienzentrum Süd")
    page.get_by_role("button", name="Zuordnen").click()
    expect(page.get_by_text(f"Familie #{arabic.pk} gehört jetzt zu")).to_be_visible()
    assert "Haddad" not in page.locator("main").inner_text()
    screenshot("besuche-20-umverteilen")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page)
    screenshot("besuche-21-umverteilen-telefon")
