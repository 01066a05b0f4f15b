"""In the browser: the coordinator starts the development report 2026 (a period ending before
it starts is refused), writes her text for a section, sees the figures from the data and
freezes a version into the archive; the provider reads it. Every page passes axe-core at
1280 px and at 390 px without sideways scrolling. With REPORTS_SHOTS=<dir> the pages are
saved as screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

from .helpers import fill

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("REPORTS_SHOTS")


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def too_wide(page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
        .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
    )


def login(page, live_server, user, slug):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{slug}/")


def check(page, axe_check, name):
    axe_check(f"{name} (Desktop)")
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
    url = page.url
    page.set_viewport_size(PHONE)
    page.goto(url)
    assert sideways(page) <= 0, (name, too_wide(page))
    axe_check(f"{name} (Telefon)")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-390.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.goto(url)


def test_report_written_frozen_and_read(live_server, page, axe_check):
    tenant = build_tenant("bericht")
    fill(tenant, 3)
    slug = tenant.municipality.slug
    base = f"{live_server.url}/k/{slug}/entwicklungsberichte/"
    login(page, live_server, tenant.users[Role.COORDINATOR], slug)

    page.goto(base)
    check(page, axe_check, "liste-leer")
    page.get_by_role("link", name="Neuer Entwicklungsbericht").click()
    page.get_by_label("Zeitraum von").fill("2026-12-31")
    page.get_by_label("Zeitraum bis").fill("2026-01-01")
    page.get_by_role("button", name="Bericht anlegen").click()
    expect(page.get_by_text("endet vor seinem Beginn").first).to_be_visible()
    check(page, axe_check, "neu-fehler")
    page.get_by_label("Zeitraum von").fill("2026-01-01")
    page.get_by_label("Zeitraum bis").fill("2026-12-31")
    page.get_by_role("button", name="Bericht anlegen").click()
    page.wait_for_url("**/entwicklungsberichte/*/")
    expect(page.get_by_role("heading", name="Entwicklungsbericht 2026")).to_be_visible()
    expect(page.get_by_text("Nordstadt-Mitte").first).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Texte bearbeiten").click()
    check(page, axe_check, "texte")
    page.get_by_label("Text zum Netzwerk").fill("Drei neue Partner aus dem Gesundheitswesen.")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/entwicklungsberichte/*/")
    expect(
        page.get_by_text("Drei neue Partner aus dem Gesundheitswesen.", exact=True)
    ).to_be_visible()
    page.get_by_role("button", name="Fassung festschreiben und ins Archiv legen").click()
    expect(page.get_by_text("Fassung 1 ist festgeschrieben")).to_be_visible()
    check(page, axe_check, "bericht")
    with page.expect_download() as download:
        page.get_by_role("link", name="Als Word-Dokument (DOCX) erstellen").click()
    assert download.value.suggested_filename.endswith(".docx")

    report_url = page.url
    login(page, live_server, tenant.users[Role.PROVIDER_ADMIN], slug)
    page.goto(report_url)
    expect(
        page.get_by_text("Drei neue Partner aus dem Gesundheitswesen.", exact=True)
    ).to_be_visible()
    assert page.get_by_role("link", name="Texte bearbeiten").count() == 0
    check(page, axe_check, "bericht-traeger")
