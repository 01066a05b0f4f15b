"""In the browser: the planner imports a neighbour's data package (upload), maps their term,
commits and releases an offer; axe-core checks each page at desktop and phone width (390 px,
no sideways scrolling)."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core import tasks
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.feeds.models import FeedRun

from .helpers import package
from .test_import import U, _svc

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def both_widths(page, axe_check, screenshot, label, name):
    axe_check(label)
    screenshot(f"{name}-1280")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe_check(f"{label} (Telefon)")
    screenshot(f"{name}-390")
    page.set_viewport_size(DESKTOP)


def test_planner_imports_maps_commits_and_releases(
    live_server, page, screenshot, axe_check, tmp_path
):
    tenant = build_tenant("lindenhagen")
    slug = tenant.municipality.slug
    term = {
        "id": U("t1"),
        "name": "Elternbildung",
        "taxonomy": "Nachbar",
        "description": "Kurse für Eltern",
    }
    link = {"id": U("at1"), "link_id": U("a"), "taxonomy_term_id": U("t1")}
    zipped = tmp_path / "nachbar.zip"
    zipped.write_bytes(package([_svc("a")], terms=[term], attributes=[link]))

    log_in(page, live_server, tenant.users[Role.PLANNER].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.goto(f"{live_server.url}/k/{slug}/verzeichnisse/")
    both_widths(page, axe_check, screenshot, "Verzeichnisse", "feeds-01-liste")
    page.get_by_role("link", name="Verzeichnis importieren").click()
    page.get_by_label("Name").fill("Nachbarstadt")
    page.get_by_label("Woher kommen die Angebote?").select_option("package")
    page.get_by_label("Datenpaket (ZIP mit datapackage.json und CSV-Tabellen)").set_input_files(
        str(zipped)
    )
    both_widths(page, axe_check, screenshot, "Neues Verzeichnis", "feeds-02-neu")
    page.get_by_role("button", name="Abrufen und prüfen").click()
    page.wait_for_url("**/verzeichnisse/abruf/*/")
    with scopes_disabled():
        tasks.execute(FeedRun.objects.get().job_id)  # what db_worker does
    page.reload()
    expect(page.get_by_role("heading", name="Begriffe zuordnen")).to_be_visible()
    both_widths(page, axe_check, screenshot, "Vorschau mit Fehlern", "feeds-03-vorschau")
    page.get_by_label("Elternbildung (Nachbar)").select_option(label="nicht übernehmen")
    page.get_by_role("button", name="Zuordnung speichern und neu prüfen").click()
    page.get_by_role("button", name="Alle übernehmen").click()
    page.wait_for_url("**/verzeichnisse/*/")
    expect(page.get_by_text("Übernommen: 1 neu")).to_be_visible()
    page.get_by_label("Elterncafé").check(force=True)
    page.get_by_role("button", name="Für Familien freigeben").click()
    expect(page.get_by_text("1 Angebot ist jetzt für Familien sichtbar.")).to_be_visible()
    both_widths(page, axe_check, screenshot, "Verzeichnis", "feeds-04-quelle")
