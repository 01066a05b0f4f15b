"""The blank forms of an agreement's page, kept rendered under what their choices show."""

import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from verbund.cooperation import blank_forms
from verbund.cooperation.selectors import agreement_get
from verbund.core.roles import Role
from verbund.network.tests.factories import ContactFactory

from .helpers import make_agreement

pytestmark = pytest.mark.django_db


def detail(client, tenant, agreement) -> str:
    url = reverse("cooperation:agreement_detail", args=[tenant.municipality.slug, agreement.pk])
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'value="[^"]{64}"', "CSRF", response.content.decode())


def fresh(agreement):
    """The forms rendered anew, not kept."""
    with scopes_disabled():
        loaded = agreement_get(municipality=agreement.municipality, pk=agreement.pk)
        return blank_forms._render(loaded, blank_forms.party_contacts(loaded))


@pytest.fixture
def agreement(tenant):
    made = make_agreement(municipality=tenant.municipality, centre=tenant.centre)
    with scopes_disabled():
        partner = made.parties.exclude(organisation=None).get().organisation
    ContactFactory(organisation=partner, first_name="Petra", last_name="Pohl", function="Leitung")
    return made


def test_the_kept_forms_are_the_forms_rendered_anew(client, tenant, agreement):
    client.force_login(tenant.users[Role.COORDINATOR])
    first = detail(client, tenant, agreement)
    with mock.patch.object(blank_forms, "_render", side_effect=AssertionError("rendered")):
        assert detail(client, tenant, agreement) == first  # kept: not rendered again
    responsibility, resource = fresh(agreement)
    assert responsibility in first and resource in first
    assert "Petra Pohl (Leitung, " in responsibility and "Zuständige Partei" in responsibility


def test_a_changed_choice_shows_on_the_next_view(client, tenant, agreement):
    client.force_login(tenant.users[Role.COORDINATOR])
    detail(client, tenant, agreement)
    with scopes_disabled():
        party = agreement.parties.exclude(organisation=None).get()
        person = party.organisation.contacts.get(last_name="Pohl")
        person.function = "Geschäftsführung"
        person.save()
        ContactFactory(organisation=party.organisation, first_name="Olaf", last_name="Neu")
        party.organisation.name = "Beratungsstelle umbenannt"
        party.organisation.save()
    html = detail(client, tenant, agreement)
    assert "Petra Pohl (Geschäftsführung, Beratungsstelle umbenannt)" in html
    assert "Olaf Neu" in html
    assert "Leitung, " not in html
    with scopes_disabled():
        person.delete()
    assert "Petra Pohl" not in detail(client, tenant, agreement)


def test_each_language_has_its_own_forms(tenant, agreement):
    with scopes_disabled():
        loaded = agreement_get(municipality=agreement.municipality, pk=agreement.pk)
        with mock.patch.object(blank_forms, "_render", wraps=blank_forms._render) as rendered:
            german = blank_forms.blank_forms_html(loaded)
            assert blank_forms.blank_forms_html(loaded) == german
            with translation.override("en"):
                blank_forms.blank_forms_html(loaded)
    assert rendered.call_count == 2
    assert "Zuständige Partei" in german[0]
