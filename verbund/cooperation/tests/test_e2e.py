"""In the browser: a coordinator drafts, fills and signs an agreement; the partner then finds
it, is refused a ZIP disguised as a PDF and uploads its signed scan. axe-core checks the pages
(WCAG 2.1 A/AA)."""

import pytest
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

from .factories import PDF_MINIMAL, OrganisationFactory
from .test_uploads import zip_bomb

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_agreement_from_draft_to_signed_scan(live_server, page, screenshot, axe_check, tmp_path):
    tenant = build_tenant("lindenhagen")
    partner_org = OrganisationFactory(
        municipality=tenant.municipality, name="Beratungsstelle Nord", facility=tenant.facility
    )
    for number in range(10):
        OrganisationFactory(municipality=tenant.municipality, name=f"Verein {number}")
    slug = tenant.municipality.slug

    log_in(page, live_server, tenant.users[Role.COORDINATOR].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Kooperationen"
    ).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Vereinbarung anlegen").click()
    axe_check("Formular leer")
    # The filter (JavaScript) narrows the long list; ticked boxes stay.
    page.get_by_label("Organisationen filtern").fill("nord")
    assert page.locator("[data-filter-item]:visible").count() == 1
    page.get_by_label(partner_org.name).check()
    page.get_by_label("Organisationen filtern").fill("")
    page.get_by_label("Titel").fill("Offene Sprechstunde")
    page.get_by_label("Gegenstand der Vereinbarung").fill("Sprechstunde im Familienzentrum.")
    page.get_by_label("Beginn").fill("2026-09-01")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/kooperationen/*/")
    expect(page.get_by_text("als Entwurf angelegt")).to_be_visible()

    page.get_by_text("Zuständigkeit hinzufügen").click()
    form = page.locator("form[action$='zustaendigkeiten/neu/']")
    form.get_by_label("Zuständige Partei").select_option(label=partner_org.name)
    form.get_by_label("Aufgabe").fill("Sprechstunde, wöchentlich")
    with page.expect_navigation():
        form.get_by_role("button", name="Hinzufügen").click()
    axe_check("Detail Entwurf")
    for status in ("In Abstimmung", "Unterzeichnet"):
        page.get_by_role("link", name="Status ändern").click()
        page.get_by_label(status).check()
        page.get_by_role("button", name="Status ändern").click()
        page.wait_for_url("**/kooperationen/*/")
    expect(page.get_by_text("Fassung 1 ist unterzeichnet und unveränderlich")).to_be_visible()
    screenshot("kooperation-01-unterzeichnet")
    axe_check("Detail unterzeichnet")

    page.get_by_role("button", name="Abmelden").click()
    log_in(page, live_server, tenant.users[Role.PARTNER].username)
    page.goto(f"{live_server.url}/k/{slug}/kooperationen/")
    page.get_by_role("link", name="Offene Sprechstunde").click()
    assert page.get_by_role("link", name="Bearbeiten").count() == 0
    page.get_by_role("link", name="Datei hochladen").click()
    bomb = tmp_path / "unterschrift.pdf"
    bomb.write_bytes(zip_bomb())
    page.get_by_label("Datei").set_input_files(str(bomb))
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_text("ZIP-Archiv").first).to_be_visible()
    axe_check("Upload mit Fehler")
    screenshot("kooperation-02-upload-fehler")
    scan = tmp_path / "unterschrift.pdf"
    scan.write_bytes(PDF_MINIMAL)
    page.get_by_label("Datei").set_input_files(str(scan))
    page.get_by_role("button", name="Hochladen").click()
    page.wait_for_url("**/kooperationen/*/")
    expect(page.get_by_text("Die Datei wurde geprüft und gespeichert.")).to_be_visible()
    expect(page.get_by_role("link", name="unterschrift.pdf")).to_be_visible()
    screenshot("kooperation-03-scan")
