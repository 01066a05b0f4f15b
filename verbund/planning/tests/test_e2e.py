"""In the browser: the coordinator copies last year's programme, adds a goal (a missing target
is refused), submits it; the provider approves; the coordinator records the review with the
figures pulled from the system; the working-conditions sheet. Every page passes axe-core at
1280 px and at 390 px without sideways scrolling. With PLANNING_SHOTS=<dir> the pages are
saved as screenshots."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

from .. import services
from .helpers import programme_with_goals

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("PLANNING_SHOTS")


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


def test_programme_goal_approval_review_and_sheet(live_server, page, axe_check):
    tenant = build_tenant("planung")
    year = timezone.localdate().year
    last = programme_with_goals(tenant.centre, year=year - 1, goals=2, approved=True)
    with scopes_disabled():
        services.review_plan(actor=None, programme=last, data={"planned_on": date(year - 1, 6, 30)})
    slug = tenant.municipality.slug
    base = f"{live_server.url}/k/{slug}/jahresplanung/"
    coordinator = tenant.users[Role.COORDINATOR]

    page.set_viewport_size(DESKTOP)
    login(page, live_server, coordinator, slug)
    page.goto(base)
    check(page, axe_check, "programme-list")
    page.get_by_role("link", name="Neues Jahresprogramm").click()
    page.get_by_label("Jahr").fill(str(year))
    page.get_by_role("button", name="Letztes Jahresprogramm übernehmen").click()
    page.wait_for_url(re.compile(r"/jahresplanung/\d+/$"))
    expect(page.get_by_text("ist als Ausgangspunkt übernommen")).to_be_visible()
    expect(page.get_by_role("link", name="1. Ziel 1")).to_be_visible()
    check(page, axe_check, "programme")
    programme_url = page.url

    page.get_by_role("link", name="Ziel hinzufügen").click()
    page.get_by_label("Was wollen wir erreichen?").fill("Sprachcafé für Eltern")
    page.get_by_label("Für wen?").fill("Eltern mit anderen Familiensprachen")
    page.get_by_label("Bis wann?").fill(f"{year}-11-30")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("messbaren Zielwert").first).to_be_visible()
    check(page, axe_check, "goal-form-error")  # (reloads the empty form)
    page.get_by_label("Was wollen wir erreichen?").fill("Sprachcafé für Eltern")
    page.get_by_label("Für wen?").fill("Eltern mit anderen Familiensprachen")
    page.get_by_label("Bis wann?").fill(f"{year}-11-30")
    page.get_by_label("Bezeichnung der Kennzahl").fill("Teilnehmende Eltern je Treffen")
    page.get_by_label("Zielwert").fill("4")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r"/ziele/\d+/$"))
    expect(page.get_by_text("Das Ziel ist angelegt.")).to_be_visible()
    check(page, axe_check, "goal")

    page.goto(programme_url)
    page.get_by_role("button", name="Beim Träger zur Freigabe einreichen").click()
    page.get_by_text("zur Freigabe beim Träger eingereicht").wait_for(timeout=10000)

    login(page, live_server, tenant.users[Role.PROVIDER_ADMIN], slug)
    page.goto(programme_url)
    page.get_by_role("button", name="Freigeben", exact=True).click()
    page.get_by_text("Das Jahresprogramm ist freigegeben.").wait_for(timeout=10000)

    login(page, live_server, coordinator, slug)
    page.goto(programme_url)
    page.get_by_role("link", name=f"30.06.{year}").click()
    page.wait_for_url(re.compile(r"/ueberpruefungen/\d+/$"))
    expect(page.get_by_text("aus Verbund ermittelt").first).to_be_visible()
    check(page, axe_check, "review-form")
    for radio in page.locator("input[type=radio][value=green]").all():
        radio.check()
    for radio in page.locator("input[type=radio][value=keep]").all():
        radio.check()
    for number in page.locator("input[name$=current_value]").all():
        number.fill("3")
    page.get_by_role("button", name="Ergebnisse speichern").click()
    page.get_by_text("Die Ergebnisse der Überprüfung sind gespeichert.").wait_for(timeout=10000)
    expect(page.get_by_text("durchgeführt am").first).to_be_visible()
    page.goto(f"{live_server.url}/k/{slug}/arbeitsbedingungen/{coordinator.pk}/?jahr={year}")
    expect(page.get_by_text("a. Größe des Sozialraums")).to_be_visible()
    check(page, axe_check, "conditions-sheet")
