"""Issue 10, item 9: a coordinator imports offers from a CSV in Windows-1252 in the browser:
the first preview names the unknown life phase with line and column and cannot be committed;
the corrected file imports. axe-core at desktop width and at 390 px (no sideways scrolling)."""

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.offers.models import Offer

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
HEADER = "Titel;Kurzbeschreibung;Lebensphasen;Themen;Form;Kosten;Sprachen\r\n"


def csv_file(tmp_path, phase: str):
    text = (
        HEADER
        + "Väterfrühstück;Frühstück und Spiel für Väter;0–1 Jahre;Erziehung und Elternberatung;"
        + "offener Treff;kostenlos;Deutsch, Türkisch\r\n"
        + f"Bewerbungstraining;Lebenslauf und Vorstellungsgespräch;{phase};Übergänge;Kurs;"
        + "kostenlos;de\r\n"
    )
    path = tmp_path / f"angebote-{phase}.csv"
    path.write_bytes(text.encode("cp1252"))
    return str(path)


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def test_offer_import_with_a_correction(
    live_server, page, screenshot, axe_check, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    tenant = build_tenant("angebotsstadt")
    slug = tenant.municipality.slug
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.COORDINATOR].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{slug}/")

    page.goto(f"{live_server.url}/k/{slug}/angebote/import/")
    axe_check("Angebote importieren")
    upload = page.locator("#offer-import-upload")
    upload.get_by_label("Tabelle mit Angeboten (CSV oder Excel)").set_input_files(
        csv_file(tmp_path, "Teenager")
    )
    upload.get_by_role("button", name="Datei prüfen").click()
    errors = page.locator("#import-errors")
    assert errors.get_by_text(
        "Zeile 3, Spalte „Lebensphasen“: „Teenager“ ist keine bekannte Lebensphase"
    ).is_visible()
    assert page.locator("#offer-import-commit button[value=commit]").is_disabled()
    axe_check("Vorschau mit Fehler")
    screenshot("angebote-import-01-fehler")
    page.set_viewport_size(PHONE)
    assert sideways(page) <= 0
    axe_check("Vorschau mit Fehler, Telefon")
    page.set_viewport_size(DESKTOP)

    upload = page.locator("#offer-import-upload")
    upload.get_by_label("Tabelle mit Angeboten (CSV oder Excel)").set_input_files(
        csv_file(tmp_path, "16-21")
    )
    upload.get_by_role("button", name="Datei prüfen").click()
    assert page.locator("#offer-import-counts").get_by_text("2 neu").is_visible()
    page.get_by_role("button", name="2 Angebote übernehmen").click()
    result = page.locator("#offer-import-result")
    assert result.get_by_text("2 neu angelegt").is_visible()
    assert page.locator("#offer-import-created").get_by_text("Väterfrühstück").is_visible()
    axe_check("Ergebnis")
    page.set_viewport_size(PHONE)
    assert sideways(page) <= 0
    with scopes_disabled():
        titles = set(
            Offer.objects.filter(municipality=tenant.municipality).values_list("title", flat=True)
        )
    assert titles == {"Väterfrühstück", "Bewerbungstraining"}
