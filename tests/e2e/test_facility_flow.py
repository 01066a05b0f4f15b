"""A coordinator logs in, creates a facility and finds it in the list; axe-core checks the
login page and the facility pages (WCAG 2.1 A/AA)."""

import pytest

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_coordinator_creates_facility_and_sees_it_in_list(live_server, page, screenshot, axe_check):
    tenant = build_tenant("lindenhagen")
    coordinator = tenant.users[Role.COORDINATOR]

    page.goto(f"{live_server.url}/anmelden/")
    axe_check("Anmeldung")
    screenshot("01-anmeldung")

    log_in(page, live_server, coordinator.username)
    page.wait_for_url(f"**/k/{tenant.municipality.slug}/")
    screenshot("02-uebersicht")
    axe_check("Übersicht")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Einrichtungen"
    ).click()
    page.wait_for_url("**/einrichtungen/")
    axe_check("Einrichtungsliste")
    page.get_by_role("link", name="Einrichtung anlegen").click()
    page.wait_for_url("**/einrichtungen/neu/")
    axe_check("Formular leer")

    # First an invalid submission: errors at the fields, announced and linked.
    page.get_by_label("Name", exact=True).fill("Familienbüro Mühlenweg")
    page.get_by_label("Art").select_option(label="Beratungsstelle")
    page.get_by_label("Postleitzahl").fill("123")
    page.get_by_role("button", name="Speichern").click()
    assert page.get_by_text("Bitte eine fünfstellige Postleitzahl angeben").first.is_visible()
    screenshot("03-formular-fehler")
    axe_check("Formular mit Fehlern")

    page.get_by_label("Familienzentrum").select_option(label=tenant.centre.name)
    page.get_by_label("Postleitzahl").fill("51063")
    page.get_by_label("Straße und Hausnummer").fill("Mühlenweg 4")
    page.get_by_label("Ort").fill("Lindenhagen")
    page.get_by_label("Breitengrad").fill("50,9712")
    page.get_by_label("Längengrad").fill("7,0209")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/einrichtungen/*/")
    assert page.get_by_role("heading", name="Familienbüro Mühlenweg").is_visible()
    assert page.get_by_text("Die Einrichtung wurde angelegt.").is_visible()
    screenshot("04-detail")
    axe_check("Einrichtung Detail")

    # The facility is an organisation of the network, linked both ways (issue 11, item 3).
    page.get_by_role("link", name="Familienbüro Mühlenweg").click()
    page.wait_for_url("**/netzwerk/**")
    assert page.get_by_text(f"Einrichtung im Verbund von {tenant.centre.name}").is_visible()
    screenshot("04b-organisation-im-netzwerk")
    axe_check("Organisation einer Einrichtung")
    page.get_by_role("link", name="zur Einrichtung").click()
    page.wait_for_url("**/einrichtungen/*/")

    page.get_by_role("link", name="Alle Einrichtungen").click()
    row = page.get_by_role("row").filter(has_text="Familienbüro Mühlenweg")
    assert row.count() == 1
    assert "Beratungsstelle" in row.inner_text()
    screenshot("05-liste")


def test_role_matrix_and_other_roles_pages_are_accessible(live_server, page, screenshot, axe_check):
    tenant = build_tenant("erlenbrueck")
    log_in(page, live_server, tenant.users[Role.ADMIN].username)
    page.wait_for_url(f"**/k/{tenant.municipality.slug}/")
    page.goto(f"{live_server.url}/k/{tenant.municipality.slug}/rollen/")
    assert page.get_by_role("heading", name="Rollen und Rechte").is_visible()
    axe_check("Rollenmatrix")
    screenshot("06-rollenmatrix")
    page.goto(f"{live_server.url}/k/{tenant.municipality.slug}/familienzentren/")
    axe_check("Familienzentren")
    page.get_by_role("link", name=tenant.centre.name).click()
    assert page.get_by_role("heading", name=tenant.centre.name).is_visible()
    axe_check("Familienzentrum Detail")
    with page.expect_navigation():
        page.get_by_role("link", name="Bearbeiten").click()
    axe_check("Familienzentrum bearbeiten")
    page.goto(f"{live_server.url}/k/{tenant.municipality.slug}/protokoll/")
    axe_check("Protokoll")
    screenshot("07-protokoll")
    page.goto(f"{live_server.url}/k/{tenant.municipality.slug}/mitgliedschaften/")
    axe_check("Mitgliedschaften")
    page.get_by_role("link", name="Rolle vergeben").click()
    page.get_by_label("Rolle").select_option(label="Fachkraft")
    page.get_by_role("button", name="Rolle vergeben").click()
    assert page.get_by_text("Diese Rolle braucht diese Angabe.").first.is_visible()
    axe_check("Rolle vergeben mit Fehlern")
    screenshot("08-rolle-vergeben")


def test_foreign_municipality_is_not_found_in_the_browser(live_server, page):
    tenant = build_tenant("heim")
    other = build_tenant("fremd")
    log_in(page, live_server, tenant.users[Role.PLANNER].username)
    page.wait_for_url(f"**/k/{tenant.municipality.slug}/")
    response = page.goto(f"{live_server.url}/k/{other.municipality.slug}/einrichtungen/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Seite nicht gefunden").is_visible()
