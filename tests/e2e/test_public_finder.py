"""Issue 12, the finder: a family on a phone, without JavaScript, finds a free offer for a
one-year-old near a postcode, opens it and its .ics; axe finds nothing at 1280 and 390 px;
keyboard only, Tab reaches every filter and the first result."""

import pytest
from django.urls import reverse

from verbund.accounts.testing import build_tenant
from verbund.core.testing_browser import ARTIFACTS
from verbund.public.tests.finder_fixtures import finder_offers

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
FILTERS = ["alter", "thema", "sprache", "q", "plz", "gebiet", "km", "tag", "zeit", "kostenlos",
           "stufenlos"]  # fmt: skip


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def test_family_without_javascript_on_a_phone(live_server, new_page):
    tenant = build_tenant("finderwalk")
    free, costly, _internal = finder_offers(tenant)
    page = new_page(viewport=PHONE, java_script_enabled=False)
    response = page.goto(live_server.url + reverse("public:finder", args=["finderwalk"]))
    assert response.status == 200
    assert not page.context.cookies()
    page.get_by_label("Alter des Kindes").select_option(label="1 Jahr")
    page.get_by_label("nur kostenlose Angebote").check()
    page.get_by_label("Postleitzahl").fill("12345")
    with page.expect_navigation():
        page.get_by_role("button", name="Angebote zeigen").click()
    assert "plz=12345" in page.url
    assert page.get_by_role("link", name=free.title).is_visible()
    assert page.get_by_role("link", name=costly.title).count() == 0
    assert sideways(page) <= 0
    shot(page, "public-finder-results-390-nojs")
    with page.expect_navigation():
        page.get_by_role("link", name=free.title).click()
    assert page.get_by_role("heading", level=1, name=free.title).is_visible()
    assert sideways(page) <= 0
    shot(page, "public-finder-offer-390-nojs")
    ics = page.get_by_role("link", name="Zum Kalender hinzufügen").get_attribute("href")
    calendar = page.request.get(live_server.url + ics)
    assert calendar.status == 200
    assert "BEGIN:VCALENDAR" in calendar.text() and free.title in calendar.text()
    assert not page.context.cookies()


def test_axe_and_keyboard(live_server, page, axe_check):
    tenant = build_tenant("finderaxe")
    free, _costly, _internal = finder_offers(tenant, extra=3)
    finder = live_server.url + reverse("public:finder", args=["finderaxe"])
    offer = live_server.url + reverse("public:offer", args=["finderaxe", free.pk])
    for width, height in ((1280, 900), (PHONE["width"], PHONE["height"])):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(finder + "?alter=1&plz=12345")
        axe_check(f"Angebotssuche ({width} px)")
        assert sideways(page) <= 0
        shot(page, f"public-finder-{width}")
        page.goto(finder + "?plz=99999&gebiet=Atlantis")
        axe_check(f"Angebotssuche mit Fehlern ({width} px)")
        page.goto(offer)
        axe_check(f"Angebot ({width} px)")
        shot(page, f"public-finder-offer-{width}")
        page.goto(live_server.url + reverse("public:finder_embed", args=["finderaxe"]))
        axe_check(f"Angebotssuche eingebettet ({width} px)")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(finder)
    reached = set()
    first_result = False
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return {name: e.name || '', text: e.textContent || '',"
            " item: Boolean(e.closest('.finder-item'))}; }"
        )
        reached.add(focused["name"])
        if focused["item"]:
            first_result = True
            break
    assert set(FILTERS) <= reached, set(FILTERS) - reached
    assert first_result, "Tab does not reach the first result"
    page.keyboard.press("Enter")
    page.wait_for_url("**/angebote/*/")


def test_usable_at_double_text_size(live_server, page):
    tenant = build_tenant("finderzoom")
    free, _costly, _internal = finder_offers(tenant)
    page.set_viewport_size({"width": 1280, "height": 900})
    for url in (
        reverse("public:finder", args=["finderzoom"]) + "?alter=1&plz=12345",
        reverse("public:offer", args=["finderzoom", free.pk]),
    ):
        page.goto(live_server.url + url)
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        assert sideways(page) <= 0, url
        shot(
            page,
            "public-finder-200-percent" + ("-offer" if "angebote/" + str(free.pk) in url else ""),
        )
    page.goto(live_server.url + reverse("public:finder", args=["finderzoom"]))
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    button = page.get_by_role("button", name="Angebote zeigen")
    button.scroll_into_view_if_needed()
    assert button.is_visible()
