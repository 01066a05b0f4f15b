"""In the browser: the coordinator applies on the phone, the planning decides (partly), the
coordinator books an expense with a photographed receipt; axe-core checks every page at
desktop and phone width (390 px, no sideways scrolling)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

from .factories import ActionBudgetFactory
from .helpers import PNG, approved_application

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def both_widths(page, axe_check, screenshot, label, name):
    page.set_viewport_size(DESKTOP)
    axe_check(label)
    screenshot(f"{name}-1280")
    page.set_viewport_size(PHONE)
    assert no_sideways_scroll(page), label
    axe_check(f"{label} (Telefon)")
    screenshot(f"{name}-390")


def test_apply_decide_and_book(live_server, page, screenshot, axe_check, tmp_path):
    tenant = build_tenant("lindenhagen")
    slug = tenant.municipality.slug
    budget = ActionBudgetFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Sozialräumliches Aktionsbudget Nordstadt",
        amount=Decimal("5000.00"),
    )
    approved_application(tenant, amount="850.00", budget_amount="2000.00", title="Kita-Fest")

    log_in(page, live_server, tenant.users[Role.COORDINATOR].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Aktionsbudget", exact=True
    ).click()
    page.wait_for_url("**/aktionsbudget/")
    both_widths(page, axe_check, screenshot, "Budgetliste", "budget-01-liste")
    page.get_by_role("link", name="Sozialräumliches Aktionsbudget Nordstadt 2026").click()
    page.wait_for_url(f"**/aktionsbudget/{budget.pk}/")
    both_widths(page, axe_check, screenshot, "Budget", "budget-02-budget")

    # On the phone: the form is visible at once below the heading.
    page.get_by_role("link", name="Mittel beantragen").click()
    page.wait_for_url("**/antrag/")
    expect(page.get_by_label("Wofür")).to_be_visible()
    page.get_by_label("Wofür").fill("Spielmaterial für das Elterncafé")
    page.get_by_label("Betrag in Euro").fill("-12,345")
    page.get_by_role("button", name="Antrag stellen").click()
    expect(page.get_by_text("größer als 0").first).to_be_visible()
    page.get_by_label("Betrag in Euro").fill("1.250,50")
    both_widths(page, axe_check, screenshot, "Antrag", "budget-03-antrag")
    page.get_by_role("button", name="Antrag stellen").click()
    page.wait_for_url("**/antraege/*/")
    expect(page.get_by_text("Ihr Antrag wurde gestellt.")).to_be_visible()
    expect(page.get_by_text("1.250,50").first).to_be_visible()

    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, tenant.users[Role.PLANNER].username)
    page.wait_for_url(f"**/k/{slug}/")
    page.get_by_role(
        "link", name="Antrag entscheiden: Spielmaterial für das Elterncafé", exact=True
    ).click()
    page.wait_for_url("**/entscheiden/")
    page.get_by_label("teilweise bewilligen").check()
    page.get_by_role("button", name="Entscheidung speichern").click()
    expect(page.get_by_text("Bitte geben Sie den bewilligten Betrag an.").first).to_be_visible()
    page.get_by_label("bewilligter Betrag in Euro").fill("1000")
    page.get_by_label("Begründung").fill("Die Sprachmittlung zahlt die Stadt direkt.")
    both_widths(page, axe_check, screenshot, "Entscheidung", "budget-04-entscheidung")
    page.get_by_role("button", name="Entscheidung speichern").click()
    page.wait_for_url("**/antraege/*/")
    expect(page.get_by_text("teilweise bewilligt").first).to_be_visible()

    page.set_viewport_size(PHONE)
    log_in(page, live_server, tenant.users[Role.COORDINATOR].username)
    page.goto(f"{live_server.url}/k/{slug}/aktionsbudget/{budget.pk}/")
    page.get_by_role("link", name="Spielmaterial für das Elterncafé").click()
    page.get_by_role("link", name="Ausgabe erfassen").click()
    page.wait_for_url("**/ausgabe/")
    photo = tmp_path / "kassenbon.png"
    photo.write_bytes(PNG)
    page.get_by_label("Betrag in Euro").fill("1.000,01")
    page.get_by_label("Datum der Ausgabe").fill("2026-05-04")
    page.get_by_label("Buchungstext").fill("Krabbeldecken")
    page.get_by_label("Beleg (Rechnung, Quittung)").set_input_files(str(photo))
    page.get_by_role("button", name="Ausgabe buchen").click()
    expect(page.get_by_text("nur noch 1.000 €").first).to_be_visible()
    page.get_by_label("Betrag in Euro").fill("212,40")
    page.get_by_label("Beleg (Rechnung, Quittung)").set_input_files(str(photo))
    both_widths(page, axe_check, screenshot, "Ausgabe", "budget-05-ausgabe")
    page.get_by_role("button", name="Ausgabe buchen").click()
    page.wait_for_url("**/antraege/*/")
    expect(page.get_by_text("Die Ausgabe über 212,40 € wurde gebucht.")).to_be_visible()
    expect(page.get_by_role("link", name="kassenbon.png")).to_be_visible()
    both_widths(page, axe_check, screenshot, "Antrag mit Ausgabe", "budget-06-antrag")
    page.goto(f"{live_server.url}/k/{slug}/aktionsbudget/{budget.pk}/")
    expect(page.get_by_text("Ausgegeben 212,40 €")).to_be_visible()
    both_widths(page, axe_check, screenshot, "Budget mit Ausgabe", "budget-07-budget")
