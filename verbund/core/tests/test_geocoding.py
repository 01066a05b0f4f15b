"""The address lookup against a fake Nominatim/Photon on localhost (no internet): results,
the municipality's extent, nothing found, a dead or slow server, rubbish answers."""

import time

import pytest

from verbund.core import geocoding
from verbund.core.geocoding import GeocodingError, geocode

from .geocoder_fake import FakeGeocoder, nominatim

EXTENT = (6.9, 50.9, 7.1, 51.0)


@pytest.fixture
def fake_geocoder(settings):
    fake = FakeGeocoder()
    settings.VERBUND_GEOCODER_URL = fake.url + "/search"
    settings.VERBUND_GEOCODER_KIND = "nominatim"
    yield fake
    fake.close()


def test_off_by_default(settings):
    settings.VERBUND_GEOCODER_URL = ""
    assert not geocoding.enabled()
    with pytest.raises(GeocodingError, match="nicht eingerichtet"):
        geocode("Marktplatz 1, Lindenhagen")


def test_nominatim_first_result_inside_the_extent(fake_geocoder):
    fake_geocoder.body = nominatim((52.5, 13.4), (50.95, 7.01))
    place = geocode("Marktplatz 1, 51061 Lindenhagen", extent=EXTENT)
    assert (place.latitude, place.longitude, place.label) == (50.95, 7.01, "Ort 1")
    query = fake_geocoder.queries[-1]
    assert query["q"] == ["Marktplatz 1, 51061 Lindenhagen"]
    assert query["format"] == ["jsonv2"]
    assert query["viewbox"] == ["6.9,51.0,7.1,50.9"]


def test_photon(fake_geocoder, settings):
    settings.VERBUND_GEOCODER_KIND = "photon"
    fake_geocoder.body = {
        "type": "FeatureCollection",
        "features": [
            {
                "geometry": {"type": "Point", "coordinates": [7.02, 50.96]},
                "properties": {"street": "Marktplatz", "housenumber": "1", "city": "Lindenhagen"},
            }
        ],
    }
    place = geocode("Marktplatz 1", extent=EXTENT)
    assert (place.latitude, place.longitude) == (50.96, 7.02)
    assert place.label == "Marktplatz 1, Lindenhagen"
    assert fake_geocoder.queries[-1]["bbox"] == ["6.9,50.9,7.1,51.0"]


def test_only_outside_the_municipality(fake_geocoder):
    fake_geocoder.body = nominatim((52.5, 13.4))
    with pytest.raises(GeocodingError, match="außerhalb Ihrer Kommune"):
        geocode("Marktplatz 1", extent=EXTENT)


def test_nothing_found(fake_geocoder):
    fake_geocoder.body = []
    with pytest.raises(GeocodingError, match="nichts gefunden"):
        geocode("Gibtsnichtweg 99", extent=EXTENT)


@pytest.mark.parametrize(
    "body", [b"<html>Fehler</html>", b"\xff\xfe", {"unexpected": True}, [{"lat": "x"}]]
)
def test_rubbish_answers_are_a_clear_message(fake_geocoder, body):
    fake_geocoder.body = body
    with pytest.raises(GeocodingError):
        geocode("Marktplatz 1", extent=EXTENT)


def test_a_slow_server_times_out(fake_geocoder):
    fake_geocoder.body = nominatim((50.95, 7.01))
    fake_geocoder.delay = 1.0
    started = time.monotonic()
    with pytest.raises(GeocodingError, match="antwortet gerade nicht"):
        geocode("Marktplatz 1", extent=EXTENT, timeout=0.2)
    assert time.monotonic() - started < 0.9


def test_a_dead_server(settings):
    settings.VERBUND_GEOCODER_URL = "http://127.0.0.1:9/search"
    with pytest.raises(GeocodingError, match="antwortet gerade nicht"):
        geocode("Marktplatz 1")


def test_an_empty_address_asks_for_one(fake_geocoder):
    with pytest.raises(GeocodingError, match="zuerst"):
        geocode("   ")
    assert fake_geocoder.queries == []


def test_the_facility_form_fills_the_point(client, tenant, fake_geocoder):
    """The same button on the facility form (tenancy): the extent comes from the areas app."""
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from verbund.areas.tests.factories import AreaFactory
    from verbund.core.roles import Role
    from verbund.tenancy.models import Facility

    AreaFactory(municipality=tenant.municipality, bbox=[7.0, 50.95, 7.02, 50.97])
    fake_geocoder.body = nominatim((52.5, 13.4), (50.9611, 7.0102))
    client.force_login(tenant.users[Role.COORDINATOR])
    create = reverse("tenancy:facility_create", args=[tenant.municipality.slug])
    assert "Adresse suchen" in client.get(create).content.decode()
    with scopes_disabled():
        before = Facility.objects.count()
    response = client.post(
        create,
        {
            "name": "Kita Am Markt",
            "street": "Marktplatz 1",
            "postcode": "51061",
            "city": "Lindenhagen",
            "action": "geocode",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="50,9611"' in page and 'value="7,0102"' in page
    with scopes_disabled():
        assert Facility.objects.count() == before
