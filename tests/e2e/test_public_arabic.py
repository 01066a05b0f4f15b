"""Issue 12, accessibility in Arabic (right to left): axe reports no violations (WCAG 2.0/2.1
A and AA) on the finder, an offer page, a centre homepage and the municipality portal at
1280 and 390 px, nothing scrolls sideways; the centre homepage works with the keyboard alone
(skip link, every link, visible focus) and at 200 % text size."""

import pytest
from django.urls import reverse

from verbund.accounts.testing import build_tenant
from verbund.areas.tests.factories import AreaFactory
from verbund.public.tests.finder_fixtures import finder_offers
from verbund.public.tests.homepage_helpers import make_page, weekly_offer
from verbund.tenancy.tests.factories import FacilityFactory

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def world(slug: str):
    """A published centre homepage with a facility, an area, a weekly offer and the finder's
    offers (one free for a one-year-old near 12345)."""
    tenant = build_tenant(slug)
    free, _costly, _internal = finder_offers(tenant, extra=3)
    centre = tenant.centre
    centre.latitude, centre.longitude = "50.99", "7.00"
    centre.save()
    FacilityFactory(municipality=tenant.municipality, centre=centre, name="Kita Sonnenblume",
                    latitude="50.995", longitude="7.01", street="Amselstraße 40")  # fmt: skip
    area = AreaFactory(municipality=tenant.municipality, name="Nordstadt")
    area.centres.add(centre)
    make_page(centre, introduction_easy="<p>Wir helfen Familien.</p>")
    weekly = weekly_offer(centre, title="Babytreff am Morgen")
    return tenant, free, weekly


def urls(tenant, free) -> dict[str, str]:
    slug = tenant.municipality.slug
    return {
        "finder": reverse("public:finder", args=[slug]) + "?alter=1&plz=12345&lang=ar",
        "offer": reverse("public:offer", args=[slug, free.pk]) + "?lang=ar",
        "homepage": reverse("public:homepage", args=[slug, tenant.centre.slug]) + "?lang=ar",
        "portal": reverse("public:portal", args=[slug]) + "?lang=ar",
    }


def test_arabic_pages_are_accessible_at_desktop_and_phone(live_server, page, axe_check, screenshot):
    tenant, free, _weekly = world("arabweb")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for name, path in urls(tenant, free).items():
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == "ar", name
            assert page.locator("html").get_attribute("dir") == "rtl", name
            if name in ("homepage", "portal"):
                page.wait_for_selector(".public-map.is-ready")
            axe_check(f"{name} arabisch {size_name}")
            assert sideways(page) <= 0, f"{name} scrolls sideways at {size_name}"
            screenshot(f"public-ar-{name}-{size_name}")
    assert not errors
    assert page.context.cookies() == []


def test_arabic_centre_homepage_with_the_keyboard_alone(live_server, page):
    tenant, free, weekly = world("arabkeys")
    slug = tenant.municipality.slug
    page.goto(live_server.url + urls(tenant, free)["homepage"])
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.getAttribute('href') || ''")
    assert first.startswith("#"), "the first Tab stop is the skip link"
    page.keyboard.press("Enter")
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return {href: e.getAttribute('href') || '', tag: e.tagName,"
            " outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,"
            " shadow: s.boxShadow !== 'none'}; }"
        )
        if focused["tag"] == "BODY":
            break
        assert focused["outline"] or focused["shadow"], f"no visible focus on {focused}"
        reached.add(focused["href"].split("?")[0])
    expected = {
        reverse("public:finder", args=[slug]),
        reverse("public:offer", args=[slug, weekly.pk]),
        reverse("public:signal_create", args=[slug]),
        "mailto:anna.berg@example.org",
    }
    assert expected <= reached, expected - reached
    offer_link = page.get_by_role("link", name="Babytreff am Morgen")
    offer_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/angebote/{weekly.pk}/**")
    assert page.get_by_role("heading", level=1, name="Babytreff am Morgen").is_visible()


def test_arabic_centre_homepage_at_double_text_size(live_server, page, screenshot):
    tenant, free, _weekly = world("arabzoom")
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(live_server.url + urls(tenant, free)["homepage"])
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        assert sideways(page) <= 0, size_name
        signal = reverse("public:signal_create", args=["arabzoom"])
        for link in (
            page.locator(f"main a[href^='{signal}']").first,  # "Hinweis geben"
            page.get_by_role("link", name="Babytreff am Morgen"),
        ):
            link.scroll_into_view_if_needed()
            assert link.is_visible(), size_name
        screenshot(f"public-ar-homepage-200-percent-{size_name}")
