"""In the browser: a coordinator sees the network map (Cytoscape over the table), is warned
about a duplicate and creates the organisation anyway, and imports a club list; the partner
keeps its own organisation. axe-core checks the pages (WCAG 2.1 A/AA)."""

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.tenancy.services import facility_create

from .factories import BodyFactory, BodyMemberFactory, OrganisationFactory, RelationshipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_network_map_duplicates_and_import(live_server, page, screenshot, axe_check, tmp_path):
    tenant = build_tenant("lindenhagen")
    m = tenant.municipality
    own = OrganisationFactory(municipality=m, name="Beratungsstelle Nord", facility=tenant.facility)
    club = OrganisationFactory(
        municipality=m, name="TuS Nordstadt 1921 e. V.", street="Am Sportplatz 1"
    )
    RelationshipFactory(municipality=m, centre=tenant.centre, organisation=own, quality=4)
    RelationshipFactory(
        municipality=m, centre=tenant.centre, organisation=club, quality=1, status="contacted"
    )
    body = BodyFactory(municipality=m, centre=tenant.centre, name="Runder Tisch Nord")
    BodyMemberFactory(body=body, municipality=m, centre=tenant.centre)
    BodyMemberFactory(body=body, municipality=m, organisation=own)
    # A Kita of the centre's Verbund, only "gehört zum Verbund" (edge type 7) on the map.
    with scope(municipality=m.pk):
        facility_create(
            actor=None,
            municipality=m,
            data={"name": "Kita Pusteblume", "kind": "kita", "centre": tenant.centre},
        )
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    slug = m.slug

    log_in(page, live_server, tenant.users[Role.COORDINATOR].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Netzwerk"
    ).click()
    page.locator("#network-map canvas").first.wait_for()
    expect(page.get_by_role("button", name="Als PNG speichern")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Als PNG speichern").click()
    assert download.value.suggested_filename.endswith(".png")
    assert (
        page.get_by_role("table", name="Knoten mit Art, Sektor und ihren Verbindungen").count() == 1
    )
    assert page.locator("#network-key li").count() > 10  # the key of the sector colours
    axe_check("Netzwerkkarte")
    screenshot("network-map")
    assert not script_errors
    isolated = page.get_by_role("heading", name="Ohne jede Verbindung").locator("xpath=..")
    assert "Kita Pusteblume" not in isolated.inner_text()

    page.goto(f"{live_server.url}/k/{slug}/netzwerk/organisationen/neu/")
    page.get_by_label("Name").fill("TuS Nordstadt 1921")
    page.get_by_label("Sektor").select_option("sport_club")
    page.get_by_label("Straße und Hausnummer").fill("Am Sportplatz 1")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Diese Organisation gibt es vielleicht schon")).to_be_visible()
    axe_check("Dublettenwarnung")
    page.get_by_role("button", name="Trotzdem anlegen").click()
    expect(page.get_by_text("Die Organisation wurde angelegt.")).to_be_visible()

    csv_file = tmp_path / "vereine.csv"
    csv_file.write_text(
        "Name;Sektor;PLZ\nSchachclub;Sport/Verein;51061\nKinderchor;Kultur;5106\n",
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}/k/{slug}/netzwerk/organisationen/import/")
    page.get_by_label("Datei", exact=True).set_input_files(str(csv_file))
    page.get_by_role("button", name="Datei prüfen").click()
    expect(page.get_by_text("Zeile 3, Spalte „PLZ“").first).to_be_visible()
    axe_check("Import mit Fehlern")
    csv_file.write_text("Name;Sektor;PLZ\nSchachclub;Sport/Verein;51061\n", encoding="utf-8")
    page.get_by_label("Datei", exact=True).set_input_files(str(csv_file))
    page.get_by_role("button", name="Datei prüfen").click()
    page.get_by_role("button", name="1 Eintrag übernehmen").click()
    expect(page.get_by_text("1 Organisation angelegt.")).to_be_visible()

    page.get_by_role("button", name="Abmelden").click()
    log_in(page, live_server, tenant.users[Role.PARTNER].username)
    page.goto(f"{live_server.url}/k/{slug}/netzwerk/organisationen/")
    expect(page.get_by_role("link", name="Beratungsstelle Nord")).to_be_visible()
    assert page.get_by_text("Schachclub").count() == 0
    page.get_by_role("link", name="Beratungsstelle Nord").click()
    page.get_by_role("link", name="Bearbeiten").click()
    page.get_by_label("Telefon").fill("0221 98765")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("0221 98765", exact=True)).to_be_visible()
    axe_check("Partner: eigene Organisation")
