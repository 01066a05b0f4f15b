"""In Chromium: the map draws the area polygons on a blank background, and tapping the map on a
phone-sized screen fills the observation's latitude and longitude fields."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.areas.models import Observation
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

from .factories import AreaFactory, WalkFactory, square

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(new_page):
    return new_page(viewport={"width": 390, "height": 844})


def test_map_draws_areas_and_tap_sets_position(live_server, phone):
    tenant = build_tenant("kartenstadt")
    area = AreaFactory(
        municipality=tenant.municipality,
        name="Nordviertel",
        geometry=square(7.0, 50.95, 0.02),
        geometry_simplified=square(7.0, 50.95, 0.02),
    )
    AreaFactory(municipality=tenant.municipality, name="Südviertel")
    walk = WalkFactory(municipality=tenant.municipality, centre=tenant.centre, area=area)
    page = phone
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.COORDINATOR].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/k/kartenstadt/")

    slug = tenant.municipality.slug
    page.goto(live_server.url + reverse("areas:map", args=[slug]))
    page.wait_for_selector(".area-map path.leaflet-interactive")
    assert page.locator(".area-map path.leaflet-interactive").count() == 2
    assert page.locator(".leaflet-tile").count() == 0  # no tile server needed

    page.goto(live_server.url + reverse("areas:observation_create", args=[slug, walk.pk]))
    page.wait_for_selector(".area-map path.leaflet-interactive")
    map_box = page.locator(".area-map")
    map_box.scroll_into_view_if_needed()
    box = map_box.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    latitude = page.locator("#id_latitude").input_value()
    longitude = page.locator("#id_longitude").input_value()
    assert latitude.startswith("50,9") and longitude.startswith("7,0")
    page.locator("#id_note").fill("Bank am Spielplatz fehlt")
    page.get_by_role("button", name="Speichern", exact=True).click()
    page.wait_for_url(f"**/begehungen/{walk.pk}/")
    with scopes_disabled():
        observation = Observation.objects.get()
    assert 50.95 <= float(observation.latitude) <= 50.97
    assert 7.0 <= float(observation.longitude) <= 7.02
    assert not errors
