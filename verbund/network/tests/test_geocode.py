"""Issue 11, item 7: "Adresse suchen" on the organisation forms fills latitude and longitude
from the configured geocoder (a fake one on localhost here) and saves nothing; without a
geocoder the button is not there."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.core.tests.geocoder_fake import FakeGeocoder, nominatim
from verbund.network.models import Organisation

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_geocoder(settings, tenant):
    AreaFactory(municipality=tenant.municipality, bbox=[7.0, 50.95, 7.02, 50.97])
    fake = FakeGeocoder()
    settings.VERBUND_GEOCODER_URL = fake.url + "/search"
    settings.VERBUND_GEOCODER_KIND = "nominatim"
    yield fake
    fake.close()


def url(name, tenant, *args):
    return reverse(f"network:{name}", args=[tenant.municipality.slug, *args])


ADDRESS = {"street": "Marktplatz 1", "postcode": "51061", "city": "Lindenhagen"}


def test_no_button_without_a_geocoder(client, tenant, settings):
    settings.VERBUND_GEOCODER_URL = ""
    client.force_login(tenant.users[Role.COORDINATOR])
    for name in ("organisation_create", "partner_add"):
        assert "Adresse suchen" not in client.get(url(name, tenant)).content.decode()


def test_search_fills_the_point_and_saves_nothing(client, tenant, fake_geocoder):
    fake_geocoder.body = nominatim((50.9612, 7.0103))
    client.force_login(tenant.users[Role.COORDINATOR])
    assert "Adresse suchen" in client.get(url("organisation_create", tenant)).content.decode()
    data = {"name": "Stadtbibliothek", "sector": "culture_library", **ADDRESS}
    response = client.post(url("organisation_create", tenant), {**data, "action": "geocode"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="50,9612"' in page and 'value="7,0103"' in page
    assert 'value="Stadtbibliothek"' in page
    assert "gespeichert ist noch nichts" in page
    assert fake_geocoder.queries[-1]["q"] == ["Marktplatz 1, 51061 Lindenhagen"]
    with scopes_disabled():
        assert not Organisation.objects.exists()
    # Then "Speichern" takes the point.
    response = client.post(
        url("organisation_create", tenant), {**data, "latitude": "50,9612", "longitude": "7,0103"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert float(Organisation.objects.get().latitude) == pytest.approx(50.9612)


def test_a_place_outside_the_municipality_is_an_error_at_the_address(client, tenant, fake_geocoder):
    fake_geocoder.body = nominatim((52.52, 13.40))
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("organisation_create", tenant),
        {"name": "X", "sector": "other", **ADDRESS, "action": "geocode"},
    )
    page = response.content.decode()
    assert 'id="form-errors"' in page and 'href="#id_street"' in page
    assert "außerhalb Ihrer Kommune" in page
    assert 'value="52,52"' not in page


def test_search_on_the_edit_form(client, tenant, fake_geocoder):
    fake_geocoder.body = nominatim((50.96, 7.01))
    organisation = OrganisationFactory(municipality=tenant.municipality, name="Treff")
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("organisation_update", tenant, organisation.pk),
        {"name": "Treff", "sector": "other", **ADDRESS, "action": "geocode"},
    )
    assert response.status_code == 200
    assert 'value="50,96"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.latitude is None


def test_search_on_the_partner_page(client, tenant, fake_geocoder):
    fake_geocoder.body = nominatim((50.96, 7.01))
    client.force_login(tenant.users[Role.COORDINATOR])
    data = {f"org-{k}": v for k, v in ADDRESS.items()}
    response = client.post(
        url("partner_add", tenant),
        {**data, "org-name": "Treff", "person-last_name": "Demir", "action": "geocode"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="org-latitude" value="50,96"' in page
    assert 'value="Demir"' in page and 'id="form-errors"' not in page


def test_an_unreachable_geocoder_is_a_clear_message(client, tenant, settings):
    settings.VERBUND_GEOCODER_URL = "http://127.0.0.1:9/search"
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("organisation_create", tenant),
        {"name": "X", "sector": "other", **ADDRESS, "action": "geocode"},
    )
    assert response.status_code == 200
    assert "antwortet gerade nicht" in response.content.decode()
