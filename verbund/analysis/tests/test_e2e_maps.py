"""In the browser: the need-index overview with its web map (Leaflet over the SVG) has no axe
violations at desktop and phone width — the map is a region, not an image, because it holds
the zoom buttons — and its table scrolls by keyboard."""

import pytest
from django_scopes import scope

from verbund.accounts.testing import build_tenant
from verbund.analysis import services
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

from .conftest import LevelData

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]


def test_need_index_map_is_accessible(live_server, page, axe_check, screenshot):
    tenant = build_tenant("lindenhagen")
    m = tenant.municipality
    city = LevelData(m)
    for name in ("Nord", "Ost", "Süd", "West", "Mitte"):
        city.area(name)
    city.indicator("poverty", name="Kinderarmut")
    city.values("poverty", 2024, {"Nord": 30.0, "Ost": 15.0, "Süd": 5.0, "West": 10.0})
    with scope(municipality=m.pk):
        services.need_index_configure(
            actor=tenant.users[Role.PLANNER],
            municipality=m,
            data={
                "level": "Planungsraum",
                "year": None,
                "method": "thresholds",
                "boundary_1": 1.0,
                "boundary_2": 0.5,
                "boundary_3": -0.5,
            },
            weights={city.indicators["poverty"].pk: 1.0},
        )
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.PLANNER].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{m.slug}/")
    page.goto(f"{live_server.url}/k/{m.slug}/sozialraum/")
    page.locator(".analysis-leaflet .leaflet-interactive").first.wait_for()
    assert page.locator(".analysis-leaflet").get_attribute("role") == "region"
    assert page.locator(".analysis-leaflet .area-name").count() == 5  # names on the map
    axe_check("Bedarfsindex")
    screenshot("need-index-map")
    page.set_viewport_size({"width": 390, "height": 844})
    axe_check("Bedarfsindex am Telefon")
    table = page.get_by_role("region", name="Bedarfsindex je Gebiet")
    assert table.get_attribute("tabindex") == "0"
