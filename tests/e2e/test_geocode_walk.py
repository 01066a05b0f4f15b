"""Issue 11, item 7 in the browser: "Adresse suchen" fills the point from the municipality's
geocoder (a fake one on localhost), and the map picker sets it by a tap when there is none."""

import pytest
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.areas.tests.factories import AreaFactory, square
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD
from verbund.core.tests.geocoder_fake import FakeGeocoder, nominatim
from verbund.network.models import Organisation

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def sign_in(page, live_server, tenant):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(tenant.users[Role.COORDINATOR].username)
    page.get_by_label("Passwort").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/k/{tenant.municipality.slug}/")


def with_area(tenant):
    AreaFactory(
        municipality=tenant.municipality,
        geometry=square(7.0, 50.95, 0.02),
        geometry_simplified=square(7.0, 50.95, 0.02),
        bbox=[7.0, 50.95, 7.02, 50.97],
    )


def test_address_search_on_a_phone(live_server, new_page, settings):
    tenant = build_tenant("adresssuche")
    with_area(tenant)
    fake = FakeGeocoder()
    fake.body = nominatim((50.9611, 7.0102))
    settings.VERBUND_GEOCODER_URL = fake.url + "/search"
    try:
        page = new_page(viewport=PHONE)
        sign_in(page, live_server, tenant)
        page.goto(f"{live_server.url}/k/adresssuche/netzwerk/organisationen/neu/")
        page.get_by_label("Name", exact=True).fill("Stadtteilbibliothek")
        page.get_by_label("Sektor").select_option(label="Kultur/Bibliothek")
        page.locator("#id_street").fill("Marktplatz 1")
        page.locator("#id_city").fill("Lindenhagen")
        with page.expect_navigation():
            page.get_by_role("button", name="Adresse suchen").click()
        assert page.locator("#id_latitude").input_value() == "50,9611"
        assert page.locator("#id_longitude").input_value() == "7,0102"
        assert page.get_by_label("Name", exact=True).input_value() == "Stadtteilbibliothek"
        assert page.evaluate(
            "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
        )
        with scopes_disabled():
            assert not Organisation.objects.exists()
        # Enter in a field saves (the hidden default button), it does not search again.
        with page.expect_navigation():
            page.get_by_label("Name", exact=True).press("Enter")
        page.wait_for_url("**/organisationen/*/")
        with scopes_disabled():
            assert float(Organisation.objects.get().latitude) == pytest.approx(50.9611)
    finally:
        fake.close()


def test_map_picker_without_a_geocoder(live_server, page, settings, axe_check):
    settings.VERBUND_GEOCODER_URL = ""
    tenant = build_tenant("kartenwahl")
    with_area(tenant)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server, tenant)
    page.goto(f"{live_server.url}/k/kartenwahl/netzwerk/partner-aufnehmen/")
    assert page.get_by_role("button", name="Adresse suchen").count() == 0
    region = page.get_by_role("region", name="Karte zum Setzen des Orts")
    region.locator("path.leaflet-interactive").first.wait_for()
    region.scroll_into_view_if_needed()
    box = region.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    latitude = page.locator("#id_org-latitude").input_value()
    assert latitude.startswith("50,9"), latitude
    assert page.locator("#id_org-longitude").input_value().startswith("7,0")
    axe_check("Partner aufnehmen mit Karte")
    assert not errors
