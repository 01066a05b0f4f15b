"""The relationship list at scale (issue 17): sorted keys cached per network change, a centre
filter that is a search field, whatever is forged."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.network.models import Relationship, Status
from verbund.tenancy.tests.factories import FamilyCentreFactory, MunicipalityFactory

from .factories import OrganisationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def listed(client, tenant, **params) -> list[str]:
    url = reverse("network:relationship_list", args=[tenant.municipality.slug])
    response = client.get(url, params)
    assert response.status_code == 200
    keys = list(response.context["relationships"])  # the page holds keys (rows are cached)
    with scopes_disabled():
        names = dict(
            Relationship.objects.filter(pk__in=keys).values_list("pk", "organisation__name")
        )
    return [names[key] for key in keys]


def test_order_follows_changes_of_relationships_organisations_and_centres(client, tenant):
    m = tenant.municipality
    client.force_login(tenant.users[Role.PLANNER])
    b = RelationshipFactory(
        municipality=m,
        centre=tenant.centre,
        organisation=OrganisationFactory(municipality=m, name="B"),
    )
    RelationshipFactory(
        municipality=m,
        centre=tenant.centre,
        organisation=OrganisationFactory(municipality=m, name="C"),
    )
    assert listed(client, tenant) == ["B", "C"]
    with scopes_disabled():
        b.organisation.name = "D"
        b.organisation.save()
    assert listed(client, tenant) == ["C", "D"]
    other = FamilyCentreFactory(municipality=m, name="0 Zuerst")
    RelationshipFactory(
        municipality=m, centre=other, organisation=OrganisationFactory(municipality=m, name="Z")
    )
    assert listed(client, tenant) == ["Z", "C", "D"]
    with scopes_disabled():
        other.name = "Zz Zuletzt"
        other.save()
    assert listed(client, tenant) == ["C", "D", "Z"]
    with scopes_disabled():
        Relationship.objects.filter(pk=b.pk).delete()
    assert listed(client, tenant) == ["C", "Z"]


def test_filters_by_centre_number_or_name_and_status(client, tenant):
    m = tenant.municipality
    client.force_login(tenant.users[Role.PLANNER])
    other = FamilyCentreFactory(municipality=m, name="Nachbarzentrum")
    RelationshipFactory(
        municipality=m,
        centre=tenant.centre,
        organisation=OrganisationFactory(municipality=m, name="A"),
    )
    RelationshipFactory(
        municipality=m,
        centre=other,
        organisation=OrganisationFactory(municipality=m, name="B"),
        status=Status.values[-1],
    )
    assert listed(client, tenant, zentrum=other.pk) == ["B"]
    assert listed(client, tenant, zentrum="Nachbarzentrum") == ["B"]
    assert listed(client, tenant, status=Status.values[-1]) == ["B"]
    foreign = FamilyCentreFactory(municipality=MunicipalityFactory())
    for forged in (foreign.pk, "99999999", "x" * 300, "²", "-1"):
        assert listed(client, tenant, zentrum=forged) == ["A", "B"]
    assert listed(client, tenant, status="nix") == ["A", "B"]


def test_a_coordinator_sees_only_its_centre_even_with_the_cache(client, tenant):
    m = tenant.municipality
    other = FamilyCentreFactory(municipality=m, name="Zz Nachbarzentrum")  # sorted last
    RelationshipFactory(
        municipality=m,
        centre=tenant.centre,
        organisation=OrganisationFactory(municipality=m, name="A"),
    )
    RelationshipFactory(
        municipality=m, centre=other, organisation=OrganisationFactory(municipality=m, name="B")
    )
    client.force_login(tenant.users[Role.PLANNER])
    assert listed(client, tenant) == ["A", "B"]
    client.force_login(tenant.users[Role.COORDINATOR])
    assert listed(client, tenant) == ["A"]
    assert listed(client, tenant, zentrum=other.pk) == ["A"]  # not its centre: refused
