"""Issue 12, homepage part: the municipality portal and a centre homepage in Chromium at
desktop and phone width — axe reports no violations, nothing wider than the phone, the list
works without JavaScript, and the coordinator edits, previews and publishes her homepage."""

import pytest
from django.urls import reverse

from verbund.accounts.testing import build_tenant
from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.public.tests.homepage_helpers import make_page, weekly_offer
from verbund.tenancy.tests.factories import FacilityFactory

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def sideways(page) -> int:
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
    )


def world():
    tenant = build_tenant("hpweb")
    centre = tenant.centre
    centre.latitude, centre.longitude, centre.street = "50.99", "7.00", "Lerchenweg 12"
    centre.postcode, centre.city = "51061", "Lindenhagen"
    centre.save()
    FacilityFactory(municipality=tenant.municipality, centre=centre, name="Kita Sonnenblume",
                    latitude="50.995", longitude="7.01", street="Amselstraße 40")  # fmt: skip
    area = AreaFactory(municipality=tenant.municipality, name="Nordstadt")
    area.centres.add(centre)
    make_page(
        centre,
        introduction_easy="<p>Wir helfen Familien.</p>",
    )
    weekly_offer(centre, title="Babytreff am Morgen")
    return tenant


def test_portal_and_homepage_are_accessible(live_server, page, axe_check, screenshot):
    tenant = world()
    slug = tenant.municipality.slug
    urls = {
        "portal": reverse("public:portal", args=[slug]),
        "homepage": reverse("public:homepage", args=[slug, tenant.centre.slug]),
        "accessibility": reverse("public:accessibility", args=[slug]),
    }
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for name, path in urls.items():
            page.goto(live_server.url + path)
            if name != "accessibility":
                page.wait_for_selector(".public-map.is-ready")
            axe_check(f"{name} {size_name}")
            assert sideways(page) <= 0, f"{name} scrolls sideways at {size_name}"
            screenshot(f"public-homepage-{name}-{size_name}")
    assert not errors
    assert page.context.cookies() == []


def test_portal_list_without_javascript(live_server, browser):
    tenant = world()
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        nojs = context.new_page()
        nojs.goto(live_server.url + reverse("public:portal", args=[tenant.municipality.slug]))
        nojs.get_by_role("link", name=tenant.centre.name).click()
        assert nojs.get_by_role("heading", level=1).inner_text() == tenant.centre.name
        assert nojs.get_by_text("Babytreff am Morgen").is_visible()
    finally:
        context.close()


def test_coordinator_previews_and_publishes(live_server, page, axe_check):
    tenant = build_tenant("hpedit")
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.COORDINATOR].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/k/hpedit/**")
    edit = reverse("public:homepage_edit", args=["hpedit", tenant.centre.pk])
    page.goto(live_server.url + edit)
    axe_check("homepage edit")
    page.locator("#id_introduction").fill("<p>Wir sind für Familien da.</p>")
    page.locator("#id_opening_hours").fill("Mo–Fr 9–16 Uhr")
    page.get_by_role("button", name="Vorschau").click()
    assert page.get_by_text("Wir sind für Familien da.").first.is_visible()
    axe_check("homepage edit with preview")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_role("link", name="Veröffentlichen").click()
    page.get_by_role("button", name="Veröffentlichen").click()
    assert page.get_by_text("Die Homepage ist jetzt öffentlich.").is_visible()
    page.goto(live_server.url + reverse("public:homepage", args=["hpedit", tenant.centre.slug]))
    assert page.get_by_text("Wir sind für Familien da.").is_visible()
