"""Scripted browser walks that COUNT the planner's actions (issue 9, figures):

- a 100-row, 60-column district profile with a city total, district totals, a district split
  over two planning units and two sub-districts published as one row: ≤ 8 actions, ≥ 10
  indicator columns mapped automatically;
- a 12-year wide file (one column per year): one import, ≤ 6 actions.

An action is one click, one file choice, one selection or one typed field (logging in is not
counted). Screenshots of the preview at 1280 and 390 px go to test-artifacts/screenshots/ (and
to VERBUND_SHOTS if set)."""

import os
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.statistics.models import ImportRun, ImportStatus, IndicatorValue
from verbund.statistics.tests.fixtures import city_files

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Walk:
    """Does what the planner does, and counts it."""

    def __init__(self, page):
        self.page = page
        self.actions: list[str] = []

    def click(self, locator, what: str) -> None:
        locator.click()
        self.page.wait_for_load_state()
        self.actions.append(f"klickt {what}")

    def choose_file(self, locator, path: Path) -> None:
        locator.set_input_files(str(path))
        self.actions.append(f"wählt {path.name}")

    def check(self, locator, what: str) -> None:
        locator.check()
        self.actions.append(f"wählt {what}")


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def shots(page, new_page, name: str, screenshot) -> None:
    screenshot(f"{name}-1280")
    target = os.environ.get("VERBUND_SHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{target}/{name}-1280.png", full_page=True)
    phone = new_page(viewport={"width": 390, "height": 844})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    phone.screenshot(path=str(screenshot(f"{name}-390-tmp")).replace("-tmp", ""), full_page=True)
    if target:
        phone.screenshot(path=f"{target}/{name}-390.png", full_page=True)
    phone.close()


def start_import(walk, page, path):
    walk.click(
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Datenimport"
        ),
        "Datenimport",
    )
    walk.click(page.get_by_role("link", name="Datei importieren"), "Datei importieren")
    walk.choose_file(page.get_by_label("Datei"), path)
    walk.click(page.get_by_role("button", name="Hochladen und prüfen"), "Hochladen und prüfen")
    page.wait_for_url("**/datenimport/*/")


def test_district_profile_in_at_most_8_actions(live_server, page, new_page, screenshot, tmp_path):
    tenant = build_tenant("lindenhagen")
    with scopes_disabled():
        city_files.create_areas(tenant.municipality)
    text, info = city_files.district_profile()
    path = tmp_path / "stadtteilprofil_2023.csv"
    path.write_bytes(text.encode("cp1252"))
    log_in(page, live_server, tenant.users[Role.PLANNER].username)
    page.wait_for_url(f"**/k/{tenant.municipality.slug}/")

    walk = Walk(page)
    start_import(walk, page, path)
    with scopes_disabled():
        run = ImportRun.objects.get()
    assert len(run.spec["columns"]) >= 10, run.spec["columns"]
    # The split district is one explained error; totals and the merged row are notes.
    assert page.get_by_text("auf mehrere Zeilen aufgeteilt").first.is_visible()
    assert page.get_by_text("Summenzeile").first.is_visible()
    assert page.get_by_text("zusammengefasste Gebiete").first.is_visible()
    shots(page, new_page, "import-profil-vorschau", screenshot)

    walk.check(page.get_by_label("Werte summieren", exact=False), "Werte summieren")
    walk.click(page.get_by_role("button", name="Übernehmen und erneut prüfen"), "erneut prüfen")
    assert page.get_by_text("Die Datei ist fehlerfrei").is_visible()
    shots(page, new_page, "import-profil-bereit", screenshot)
    walk.click(page.get_by_role("button", name="Werte übernehmen"), "Werte übernehmen")
    assert page.get_by_text("Werte übernommen").first.is_visible()

    assert len(walk.actions) <= 8, walk.actions
    with scopes_disabled():
        run.refresh_from_db()
        assert run.status == ImportStatus.DONE
        assert (
            IndicatorValue.objects.filter(area__code="205", indicator__key="population").get().value
            == info["values"][("205", "Einwohner insgesamt")]
        )
    print(f"district profile: {len(walk.actions)} actions: {walk.actions}")


def test_twelve_year_file_in_at_most_6_actions(live_server, page, new_page, screenshot, tmp_path):
    tenant = build_tenant("lindenhagen")
    with scopes_disabled():
        city_files.create_areas(tenant.municipality)
    text, _info = city_files.wide_years()
    path = tmp_path / "einwohner_zeitreihe_2006-2017.csv"
    path.write_bytes(text.encode("cp1252"))
    log_in(page, live_server, tenant.users[Role.PLANNER].username)
    page.wait_for_url(f"**/k/{tenant.municipality.slug}/")

    walk = Walk(page)
    start_import(walk, page, path)
    assert page.get_by_text("Die Datei ist fehlerfrei").is_visible()
    assert page.get_by_text("Dez 2010 – diese Jahre gelten als fehlend").is_visible()
    shots(page, new_page, "import-zeitreihe-bereit", screenshot)
    walk.click(page.get_by_role("button", name="Werte übernehmen"), "Werte übernehmen")
    assert page.get_by_text("Werte übernommen").first.is_visible()

    assert len(walk.actions) <= 6, walk.actions
    with scopes_disabled():
        years = set(IndicatorValue.objects.values_list("year", flat=True))
    assert years == set(range(2006, 2018)) - {2010}
    print(f"wide years: {len(walk.actions)} actions: {walk.actions}")
