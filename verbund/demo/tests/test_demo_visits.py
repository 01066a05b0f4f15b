"""The demo of the welcome visits: the births list imported, three contacts (two visits, one
decline by phone after the letter), one unsuccessful try, the letters of the families still
open, and a personal offer list in Turkish for the Turkish family."""

import io

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from verbund.tenancy.models import Municipality
from verbund.visits.models import Family, Visit
from verbund.visits.selectors import personal_offers

pytestmark = pytest.mark.django_db


def test_demo_visits_with_a_turkish_offer_list():
    call_command("seed_demo", stdout=io.StringIO())
    with scopes_disabled():
        town = Municipality.objects.get(slug="lindenhagen")
        assert Family.objects.filter(municipality=town).count() == 6
        outcomes = sorted(Visit.objects.filter(municipality=town).values_list("outcome", flat=True))
        assert outcomes == ["not_reached", "visited", "visited"]
        declined = Family.objects.get(municipality=town, status="declined")
        assert declined.decline_channel == "phone" and declined.closed_on
        nordstadt = Family.objects.filter(municipality=town, centre__slug="nordstadt")
        assert not nordstadt.filter(status="open", announced_on=None).exists()  # letters sent
        family = Family.objects.get(municipality=town, parent_name="Ayşe Yılmaz")
        assert family.centre.slug == "nordstadt" and family.area.name == "Nordstadt"
        oksana = Family.objects.get(municipality=town, parent_name="Oksana Kovalenko")
        assert oksana.area is None  # Heidkamp: no centre's Sozialraum, assigned by hand
        lines = personal_offers(family=family, language="tr")
    assert any(line.is_translation for line in lines), [line.title for line in lines]
    call_command("seed_demo_visits", stdout=io.StringIO())  # idempotent
    with scopes_disabled():
        assert Family.objects.filter(municipality=town).count() == 6
