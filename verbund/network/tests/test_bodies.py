import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.network.models import BodyMember

from .factories import BodyFactory, BodyMemberFactory, ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"network:{name}", args=[tenant.municipality.slug, *args])


def test_steering_body_needs_mandate_and_resources(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    data = {
        "name": "Steuerungsgremium",
        "kind": "steering",
        "centre": tenant.centre.pk,
        "cadence": "half_yearly",
    }
    response = client.post(url("body_create", tenant), data)
    assert response.status_code == 400
    assert "braucht ein Mandat" in response.content.decode()
    data.update(mandate="Beschließt das Jahresprogramm", resources="20.000 €")
    assert client.post(url("body_create", tenant), data).status_code == 302


def test_coordinator_cannot_create_a_municipal_body(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("body_create", tenant), {"name": "AK", "kind": "working_group", "cadence": "monthly"}
    )
    assert response.status_code == 400  # the centre is required for centre-level roles
    client.force_login(tenant.users[Role.PLANNER])
    response = client.post(
        url("body_create", tenant), {"name": "AK", "kind": "working_group", "cadence": "monthly"}
    )
    assert response.status_code == 302


def test_members_chair_and_leaving(client, tenant):
    body = BodyFactory(municipality=tenant.municipality, centre=tenant.centre)
    org = OrganisationFactory(municipality=tenant.municipality)
    person = ContactFactory(municipality=tenant.municipality, organisation=org)
    stranger = ContactFactory(municipality=tenant.municipality)
    client.force_login(tenant.users[Role.CENTRE_LEAD])
    add = url("body_member_add", tenant, body.pk)
    assert client.post(add, {"role": "chair", "joined_on": "2026-01-01"}).status_code == 400
    response = client.post(
        add,
        {
            "organisation": org.pk,
            "contact": stranger.pk,
            "role": "chair",
            "joined_on": "2026-01-01",
        },
    )
    assert response.status_code == 400
    assert "gehört nicht zu dieser Organisation" in response.content.decode()
    response = client.post(
        add,
        {"organisation": org.pk, "contact": person.pk, "role": "chair", "joined_on": "2026-01-01"},
    )
    assert response.status_code == 302
    page = client.get(url("body_detail", tenant, body.pk)).content.decode()
    assert "Vorsitz" in page and person.last_name in page
    response = client.post(
        add, {"organisation": org.pk, "role": "member", "joined_on": "2026-01-01"}
    )
    assert "schon Mitglied" in response.content.decode()
    with scopes_disabled():
        member = BodyMember.objects.get(body=body)
    client.post(url("body_member_end", tenant, body.pk, member.pk))
    with scopes_disabled():
        member.refresh_from_db()
        assert member.left_on is not None


def test_partner_sees_only_bodies_its_organisation_sits_in(client, tenant):
    own = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    mine = BodyFactory(municipality=tenant.municipality, name="Runder Tisch mit uns")
    BodyMemberFactory(body=mine, municipality=tenant.municipality, organisation=own)
    other = BodyFactory(municipality=tenant.municipality, name="Gremium ohne uns")
    client.force_login(tenant.users[Role.PARTNER])
    listing = client.get(url("body_list", tenant)).content.decode()
    assert "Runder Tisch mit uns" in listing and "Gremium ohne uns" not in listing
    assert client.get(url("body_detail", tenant, mine.pk)).status_code == 200
    assert client.get(url("body_detail", tenant, other.pk)).status_code == 403
    assert client.get(url("body_update", tenant, mine.pk)).status_code == 403
