"""Figure of issue 11: record a walk with three observations on a 390 px phone — no sideways
scrolling, and the form within the first screen after each "Speichern und nächste erfassen".
Also a keyboard-only walk: sign in, open a list, create an item, with Tab, typing and Enter."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.areas.models import Observation
from verbund.areas.tests.factories import AreaFactory, WalkFactory, square
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.tenancy.models import Facility

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def in_first_screen(page, selector: str) -> bool:
    """The element lies fully within the first screen (the page as loaded, not scrolled)."""
    box = page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY}; }",
        selector,
    )
    return box["top"] >= 0 and box["bottom"] <= PHONE["height"]


def test_three_observations_on_a_phone(live_server, new_page):
    tenant = build_tenant("telefon")
    area = AreaFactory(
        municipality=tenant.municipality,
        geometry=square(7.0, 50.95, 0.02),
        geometry_simplified=square(7.0, 50.95, 0.02),
        bbox=[7.0, 50.95, 7.02, 50.97],
    )
    walk = WalkFactory(municipality=tenant.municipality, centre=tenant.centre, area=area)
    page = new_page(viewport=PHONE)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.STAFF].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/k/telefon/")
    assert sideways(page) <= 0
    # The menu is closed on a phone: the header is small.
    assert not page.get_by_role("navigation", name="Hauptnavigation").is_visible()
    assert page.locator(".site-header").bounding_box()["height"] < 140

    url = live_server.url + reverse("areas:observation_create", args=["telefon", walk.pk])
    page.goto(url)
    notes = ["Bank am Spielplatz fehlt", "Gehweg zugeparkt", "Neuer Treffpunkt am Kiosk"]
    checks = []  # one entry per form shown in view and without sideways scrolling
    for number, note in enumerate(notes):
        assert sideways(page) <= 0, f"observation {number + 1}: page scrolls sideways"
        assert in_first_screen(page, "#id_note"), f"observation {number + 1}: form not in view"
        checks.append(page.url)
        page.locator("#id_note").fill(note)
        page.locator("#id_latitude").fill(f"50,96{number}")
        page.locator("#id_longitude").fill("7,01")
        with page.expect_navigation():
            page.get_by_role("button", name="Speichern und nächste erfassen").click()
        assert page.get_by_text("Die Beobachtung wurde gespeichert.").is_visible()
    assert sideways(page) <= 0
    assert in_first_screen(page, "#id_note"), "after the third save the form is not in view"
    assert len(checks) == 3
    with scopes_disabled():
        assert sorted(Observation.objects.values_list("note", flat=True)) == sorted(notes)
    assert not errors


def test_keyboard_only_sign_in_open_list_and_create(live_server, new_page):
    tenant = build_tenant("tastatur")
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/anmelden/")

    def tab_to(predicate_js: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            script = f"() => {{ const el = document.activeElement; return {predicate_js}; }}"
            if page.evaluate(script):
                return
        raise AssertionError(f"never reached by Tab: {predicate_js}")

    tab_to("el.name === 'username'")
    page.keyboard.type(tenant.users[Role.COORDINATOR].username)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/k/tastatur/")

    tab_to("el.textContent.trim() === 'Einrichtungen' && el.closest('nav')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/einrichtungen/")
    tab_to("el.textContent.trim() === 'Einrichtung anlegen'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/einrichtungen/neu/")

    # A failed submit moves the focus to the error summary.
    tab_to("el.name === 'name'")
    page.keyboard.type("Familienbüro Tastatur")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "form-errors"

    tab_to("el.name === 'centre'")
    page.keyboard.press("ArrowDown")
    tab_to("el.name === 'kind'")
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_centre").input_value(), "ArrowDown chose no centre"
    assert page.locator("#id_kind").input_value(), "ArrowDown chose no kind"
    tab_to("el.type === 'submit' && el.textContent.trim() === 'Speichern'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator("#form-errors")
    assert not errors.count(), errors.inner_text()
    with scopes_disabled():
        assert Facility.objects.filter(name="Familienbüro Tastatur").exists()
