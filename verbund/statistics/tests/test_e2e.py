"""In the browser: the planner uploads a long-format file, switches the layout (JavaScript
submits at once), maps the indicator labels, commits and finds the values; a large file is
written in the background while the page shows its progress. axe-core checks the pages."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.statistics.models import ImportRun, ImportStatus, IndicatorValue

from .factories import AreaFactory

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

LONG = (
    "Gebiet;Merkmal;Jahr;Wert\n"
    "Altstadt;Einwohner;2023;1.675\n"
    "Neustadt;Einwohner;2023;2.300\n"
    "Altstadt;SGB II;2023;9,7\n"
    "Neustadt;SGB II;2023;.\n"
    "Stadt insgesamt;Einwohner;2023;3.975\n"
)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_long_format_import_in_the_browser(live_server, page, screenshot, axe_check, tmp_path):
    tenant = build_tenant("lindenhagen")
    AreaFactory(municipality=tenant.municipality, code="01", name="Altstadt")
    AreaFactory(municipality=tenant.municipality, code="02", name="Neustadt")
    path = tmp_path / "merkmale.csv"
    path.write_bytes(LONG.encode("cp1252"))
    slug = tenant.municipality.slug

    log_in(page, live_server, tenant.users[Role.PLANNER].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Datenimport"
    ).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Datei importieren").click()
    axe_check("Upload")
    page.get_by_label("Datei").set_input_files(str(path))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    page.wait_for_url("**/datenimport/*/")
    axe_check("Wizard breit")
    page.get_by_label("lang: Gebiet, Indikator, Jahr, Wert je Zeile").check()
    page.wait_for_load_state()
    page.get_by_label("Spalte mit dem Gebiet").select_option("Gebiet")
    page.get_by_label("Gebiete erkennen").select_option("name")
    page.get_by_label("oder: Spalte mit dem Jahr").select_option("Jahr")
    page.get_by_role("group", name="Spalte(n), die den Indikator nennen").get_by_label(
        "Merkmal"
    ).check()
    page.get_by_label("Spalte mit dem Wert").select_option("Wert")
    page.get_by_role("button", name="Übernehmen und erneut prüfen").click()
    page.wait_for_load_state()
    page.locator("select[name^=label_]").first.wait_for()
    page.get_by_label("Einwohner", exact=True).select_option("population")
    page.get_by_label("SGB II", exact=True).select_option("sgb2_share")
    page.get_by_label("Zuordnung speichern unter").fill("Merkmale lang")
    page.get_by_role("button", name="Übernehmen und erneut prüfen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Die Datei ist fehlerfrei")).to_be_visible()
    expect(page.get_by_text("Summenzeile").first).to_be_visible()
    axe_check("Wizard lang, bereit")
    screenshot("statistik-01-bereit")
    page.get_by_role("button", name="4 Werte übernehmen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("4 Werte übernommen: 4 neu, 0 aktualisiert.")).to_be_visible()
    axe_check("Import übernommen")
    with scopes_disabled():
        assert IndicatorValue.objects.filter(municipality=tenant.municipality).count() == 4

    page.get_by_role("link", name="Zu den Sozialraumdaten").click()
    page.get_by_role("link", name="Einwohnerinnen und Einwohner").click()
    expect(page.get_by_role("cell", name="1.675")).to_be_visible()
    axe_check("Indikator")
    page.get_by_role("link", name="Neustadt").click()
    expect(page.get_by_role("cell", name="geheim")).to_be_visible()
    axe_check("Gebiet")


def test_large_file_shows_progress_and_finishes(live_server, page, tmp_path, settings):
    tenant = build_tenant("grossstadt")
    for number in range(1, 41):
        AreaFactory(
            municipality=tenant.municipality, code=f"{number:03d}", name=f"Viertel {number}"
        )
    rows = ["Gebiet;Jahr;Einwohner"]
    rows += [f"{a:03d};{y};{1000 + a}" for y in range(1950, 2100) for a in range(1, 41)]
    rows += [f"9{i:05d};2020;1" for i in range(90000)]  # unknown areas make the file large
    path = tmp_path / "einwohner.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    assert path.stat().st_size > 1024 * 1024  # above the background threshold
    slug = tenant.municipality.slug
    log_in(page, live_server, tenant.users[Role.ADMIN].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.goto(f"{live_server.url}/k/{slug}/datenimport/neu/")
    page.get_by_label("Datei").set_input_files(str(path))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    page.wait_for_url("**/datenimport/*/")
    page.get_by_label("Spalte mit dem Gebiet").select_option("Gebiet")
    page.get_by_label("oder: Spalte mit dem Jahr").select_option("Jahr")
    page.get_by_label("Einwohner", exact=True).select_option("population")
    page.get_by_role("button", name="Übernehmen und erneut prüfen").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="6.000 Werte übernehmen").click()
    page.wait_for_load_state()
    # The page refreshes itself until the background import is done.
    page.get_by_text("6.000 Werte übernommen").wait_for(timeout=60_000)
    with scopes_disabled():
        run = ImportRun.objects.get(municipality=tenant.municipality)
        assert run.status == ImportStatus.DONE and run.values_written == 6000
        assert not run.file
