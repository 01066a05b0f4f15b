"""The demo command of the homepage part: published homepages and the town's legal texts."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from verbund.public.models import CentrePage, MunicipalitySite
from verbund.tenancy.tests.factories import FamilyCentreFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_demo_publishes_homepages_with_consented_contact(client):
    town = MunicipalityFactory(slug="lindenhagen", name="Stadt Lindenhagen")
    FamilyCentreFactory(municipality=town, slug="nordstadt", name="Familienzentrum Nordstadt")
    FamilyCentreFactory(municipality=town, slug="suedfeld", name="Ev. Familienzentrum Südfeld")
    call_command("seed_demo_public_homepage")
    call_command("seed_demo_public_homepage")  # again: nothing new
    with scopes_disabled():
        assert CentrePage.objects.filter(published=True).count() == 2
        assert MunicipalitySite.objects.get().feedback_email
    body = client.get("/lindenhagen/nordstadt/").content.decode()
    assert "Aylin Demir" in body and "In Leichter Sprache" in body
    assert "0221 987654" not in body  # her phone is not consented
    assert "Aylin Demir" not in client.get("/lindenhagen/suedfeld/").content.decode()
    assert (
        "barrierefrei@lindenhagen.example"
        in client.get("/lindenhagen/barrierefreiheit/").content.decode()
    )
