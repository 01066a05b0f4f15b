"""In the browser: the coordinator starts her centre's self-check, sees the evidence found,
confirms a criterion and reads what is missing; the pages pass axe-core (WCAG 2.1 A/AA) at
desktop width and at 390 px, without sideways scrolling on the phone."""

import pytest
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

from .helpers import agreement, body_with_meetings, offer

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def test_selfcheck_pages(live_server, page, axe_check):
    tenant = build_tenant("siegel")
    signed = agreement(tenant.centre, municipality=True)
    body_with_meetings(tenant.centre)
    offer(tenant.centre, languages="de tr", terms=[("life_phase", "0-1")])
    coordinator = tenant.users[Role.COORDINATOR]
    slug = tenant.municipality.slug
    base = f"{live_server.url}/k/{slug}/guetesiegel/"

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(coordinator.username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{slug}/")

    page.goto(base)
    axe_check("Gütesiegel Übersicht (Desktop)")
    with page.expect_navigation():
        page.get_by_role("link", name="Selbstcheck beginnen").click()
    axe_check("Selbstcheck beginnen (Desktop)")
    page.get_by_label("Jahr").fill("2026")
    page.get_by_role("button", name="Selbstcheck anlegen").click()
    page.wait_for_url("**/selbstcheck/*/")
    expect(page.get_by_text("Der Selbstcheck ist angelegt und vorausgefüllt.")).to_be_visible()
    expect(page.get_by_role("link", name=signed.title).first).to_be_visible()
    axe_check("Selbstcheck (Desktop)")
    detail = page.url

    with page.expect_navigation():
        page.get_by_role("link", name="Bewerten – P1").click()
    axe_check("Kriterium bewerten (Desktop)")
    page.get_by_label("Bewertung").select_option("confirmed")
    page.get_by_label("Nachweis (Dokument, Ablageort)").fill("Vertrag Jugendamt, Ordner 2")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/selbstcheck/*/#k-*")
    expect(page.get_by_text("Vertrag Jugendamt, Ordner 2")).to_be_visible()
    expect(page.get_by_role("heading", name="Was noch fehlt")).to_be_visible()

    page.goto(base + "katalog/")
    expect(page.get_by_text("Annäherung").first).to_be_visible()
    axe_check("Kriterienkatalog (Desktop)")

    page.set_viewport_size(PHONE)
    for url, label in (
        (base, "Übersicht"),
        (detail, "Selbstcheck"),
        (base + "katalog/", "Katalog"),
    ):
        page.goto(url)
        assert sideways(page) <= 0, label
        axe_check(f"{label} (Telefon)")
