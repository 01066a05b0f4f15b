"""The observation form helps: a chosen photo survives a validation error, a point far outside
the municipality is refused with a German message."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas.models import Observation
from verbund.core.roles import Role

from .factories import AreaFactory, WalkFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def create_url(tenant, walk):
    return reverse("areas:observation_create", args=[tenant.municipality.slug, walk.pk])


def kept_token(html: str) -> str:
    match = re.search(r'name="kept_photos" value="([^"]+)"', html)
    assert match, "the form carries no token for the kept photo"
    return match.group(1)


def test_photo_survives_a_validation_error_and_is_saved_on_resubmit(
    client, tenant, settings, tmp_path
):
    settings.VAR_DIR = tmp_path  # other tests may keep uploads in the shared folder
    walk = WalkFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.STAFF])
    photo = SimpleUploadedFile("spielplatz.jpg", jpeg_bytes(size=(80, 60)), "image/jpeg")
    response = client.post(create_url(tenant, walk), {"note": "", "photos": [photo]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "spielplatz.jpg ist gespeichert" in html
    token = kept_token(html)

    # Someone else cannot use the token.
    client.force_login(tenant.users[Role.COORDINATOR])
    client.post(create_url(tenant, walk), {"note": "Fremd", "kept_photos": token})
    with scopes_disabled():
        assert Observation.objects.get(note="Fremd").photos.count() == 0

    client.force_login(tenant.users[Role.STAFF])
    response = client.post(
        create_url(tenant, walk), {"note": "Spielplatz gesperrt", "kept_photos": token}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Observation.objects.get(note="Spielplatz gesperrt").photos.count() == 1
    assert not list((settings.VAR_DIR / "pending-uploads").glob("*.upload"))
    # A used token brings nothing back.
    client.post(create_url(tenant, walk), {"note": "Nochmal", "kept_photos": token})
    with scopes_disabled():
        assert Observation.objects.get(note="Nochmal").photos.count() == 0


def test_point_far_outside_the_municipality_is_refused(client, tenant):
    AreaFactory(municipality=tenant.municipality, bbox=[7.0, 50.95, 7.01, 50.96])
    walk = WalkFactory(municipality=tenant.municipality, centre=tenant.centre)
    client.force_login(tenant.users[Role.STAFF])
    response = client.post(
        create_url(tenant, walk), {"note": "Berlin?", "latitude": "52,52", "longitude": "13,40"}
    )
    assert response.status_code == 400
    assert "außerhalb Ihrer Kommune" in response.content.decode()
    response = client.post(
        create_url(tenant, walk), {"note": "Nah", "latitude": "50,9561", "longitude": "7,0123"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert list(Observation.objects.values_list("note", flat=True)) == ["Nah"]
