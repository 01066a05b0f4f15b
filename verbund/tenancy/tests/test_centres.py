import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.tenancy.models import FamilyCentre, Provider
from verbund.tenancy.tests.factories import FamilyCentreFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"tenancy:{name}", args=[tenant.municipality.slug, *args])


CENTRE = {"name": "Familienzentrum Am Hafen", "slug": "am-hafen", "postcode": "50667"}


def test_admin_creates_centre_and_it_is_listed(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(url("centre_create", tenant), {**CENTRE, "provider": tenant.provider.pk})
    assert response.status_code == 302
    with scopes_disabled():
        centre = FamilyCentre.objects.get(slug="am-hafen")
    assert centre.provider == tenant.provider
    assert AuditEntry.unscoped.filter(action="tenancy.centre.created").exists()
    assert "Familienzentrum Am Hafen" in client.get(url("centre_list", tenant)).content.decode()


def test_duplicate_slug_and_forged_provider_are_field_errors(client, tenant, foreign):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(
        url("centre_create", tenant),
        {**CENTRE, "slug": tenant.centre.slug, "provider": foreign.provider.pk},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "schon ein anderes Familienzentrum" in errors["slug"][0]
    assert "provider" in errors


def test_same_slug_in_another_municipality_is_fine(client, tenant, foreign):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(url("centre_create", tenant), {**CENTRE, "slug": foreign.centre.slug})
    assert response.status_code == 302


def test_coordinator_edits_own_centre_but_not_its_provider(client, tenant):
    other_provider = ProviderFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    form = client.get(url("centre_update", tenant, tenant.centre.pk)).context["form"]
    assert "provider" not in form.fields
    response = client.post(
        url("centre_update", tenant, tenant.centre.pk),
        {"name": "Neuer Name", "slug": tenant.centre.slug, "provider": other_provider.pk},
    )
    assert response.status_code == 302
    with scopes_disabled():
        tenant.centre.refresh_from_db()
    assert tenant.centre.name == "Neuer Name"
    assert tenant.centre.provider == tenant.provider
    entry = AuditEntry.unscoped.get(action="tenancy.centre.changed")
    assert entry.after == {"name": "Neuer Name"}


def test_coordinator_cannot_edit_a_neighbour_centre(client, tenant):
    neighbour = FamilyCentreFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.COORDINATOR])
    assert client.get(url("centre_update", tenant, neighbour.pk)).status_code == 403
    assert client.get(url("centre_detail", tenant, neighbour.pk)).status_code == 200


def test_provider_admin_edits_own_provider_only(client, tenant):
    other = ProviderFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    response = client.post(
        url("provider_update", tenant, tenant.provider.pk),
        {"name": "AWO Ortsverein", "legal_form": "e. V.", "website": "awo.example.org"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert Provider.objects.get(pk=tenant.provider.pk).website == "https://awo.example.org"
    assert client.get(url("provider_update", tenant, other.pk)).status_code == 403
    assert client.get(url("provider_create", tenant)).status_code == 403


def test_duplicate_provider_name_is_refused(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    response = client.post(url("provider_create", tenant), {"name": tenant.provider.name})
    assert response.status_code == 400
    assert "gibt es schon" in response.context["form"].errors["name"][0]


def test_centre_detail_lists_its_facilities_and_team(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    body = client.get(url("centre_detail", tenant, tenant.centre.pk)).content.decode()
    assert tenant.facility.name in body
    assert str(tenant.users[Role.COORDINATOR]) in body


def test_centre_list_query_count_is_constant(client, tenant, django_assert_max_num_queries):
    client.force_login(tenant.users[Role.STAFF])
    with django_assert_max_num_queries(12) as small:
        client.get(url("centre_list", tenant))
    FamilyCentreFactory.create_batch(15, municipality=tenant.municipality)
    with django_assert_max_num_queries(12) as large:
        client.get(url("centre_list", tenant))
    assert len(small.captured_queries) == len(large.captured_queries)
