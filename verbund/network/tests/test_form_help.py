"""Forms that help: ratings have no silent default, names are marked truthfully, and messages
say what to do."""

import pytest
from django.urls import reverse

from verbund.core.roles import Role

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"network:{name}", args=[tenant.municipality.slug, *args])


def test_new_assessment_has_no_preselected_rating(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url("relationship_create", tenant)).content.decode()
    for name in ("relevance_centre", "relevance_families", "influence"):
        select = page[page.index(f'name="{name}"') :]
        select = select[: select.index("</select>")]
        assert '<option value="" selected>Bitte wählen</option>' in select, name
        assert 'value="2" selected' not in select
    response = client.post(
        url("relationship_create", tenant),
        {"centre": tenant.centre.pk, "organisation": org.pk, "quality": 0, "status": "identified"},
    )
    assert response.status_code == 400
    assert "Bitte wählen Sie „Relevanz für das Familienzentrum“ aus." in response.content.decode()


def test_contact_names_say_one_of_them_is_needed(client, tenant):
    org = OrganisationFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url("contact_create", tenant, org.pk)).content.decode()
    first = page[page.index('for="id_first_name"') :]
    assert "optional" not in first[: first.index("</label>")]
    assert "eines von beiden ist nötig" in page
    response = client.post(
        url("contact_create", tenant, org.pk), {"organisation": org.pk, "legal_basis": "a"}
    )
    assert response.status_code == 400
    assert "Bitte geben Sie einen Vornamen oder einen Nachnamen an." in response.content.decode()
