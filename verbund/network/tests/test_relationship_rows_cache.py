"""The relationship list's rows are kept per change of what they show (issue 17)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.models import User
from verbund.core import cache_versions
from verbund.core.roles import Role
from verbund.network.models import Relationship
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .factories import OrganisationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def rows(client, tenant) -> str:
    url = reverse("network:relationship_list", args=[tenant.municipality.slug])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    table = body[body.index('<tbody class="kern-table__body">') :]
    return table[: table.index("</tbody>")]


@pytest.fixture
def owner():
    return User.objects.create_user("zustaendig", first_name="Ada", last_name="Lindner")


def test_rows_follow_every_change_they_show(client, tenant, owner):
    m = tenant.municipality
    rel = RelationshipFactory(
        municipality=m,
        centre=tenant.centre,
        organisation=OrganisationFactory(municipality=m, name="Turnverein"),
        next_step="Treffen vereinbaren",
        next_step_due=datetime.date(2026, 12, 24),
        next_step_owner=owner,
    )
    client.force_login(tenant.users[Role.PLANNER])
    with CaptureQueriesContext(connection) as cold:
        first = rows(client, tenant)
    assert "Turnverein" in first and "Treffen vereinbaren" in first
    assert "24.12.2026" in first and "Ada Lindner" in first
    with CaptureQueriesContext(connection) as kept:
        assert rows(client, tenant) == first
    assert len(kept) < len(cold)

    with scopes_disabled():
        rel.next_step = "Kooperation prüfen"
        rel.save()
    assert "Kooperation prüfen" in rows(client, tenant)
    with scopes_disabled():
        rel.organisation.name = "Turnverein 1880"
        rel.organisation.save()
    assert "Turnverein 1880" in rows(client, tenant)
    with scopes_disabled():
        tenant.centre.name = "Zentrum am Park"
        tenant.centre.save()
    assert "Zentrum am Park" in rows(client, tenant)

    owner.last_name = "Berg"
    owner.save()
    assert "Ada Berg" in rows(client, tenant)
    owner.delete()  # the reference is emptied by an UPDATE without a signal of Relationship
    shown = rows(client, tenant)
    assert "Ada Berg" not in shown and "(bis 24.12.2026)" in shown


def test_a_sign_in_keeps_the_rows(client, tenant, owner):
    before = cache_versions.current("account-names")
    client.force_login(owner)  # saves last_login only
    owner.set_password("Ein-neues-Passwort-2026")
    owner.save(update_fields=["password"])
    assert cache_versions.current("account-names") == before
    owner.first_name = "Adele"
    owner.save()
    assert cache_versions.current("account-names") > before


def test_a_viewer_with_less_reach_gets_only_her_rows(client, tenant):
    m = tenant.municipality
    other = FamilyCentreFactory(municipality=m, name="Nachbarzentrum")
    RelationshipFactory(
        municipality=m,
        centre=tenant.centre,
        organisation=OrganisationFactory(municipality=m, name="Eigener Partner"),
    )
    RelationshipFactory(
        municipality=m,
        centre=other,
        organisation=OrganisationFactory(municipality=m, name="Fremder Partner"),
    )
    client.force_login(tenant.users[Role.PLANNER])
    planner = rows(client, tenant)
    assert "Eigener Partner" in planner and "Fremder Partner" in planner
    client.force_login(tenant.users[Role.COORDINATOR])
    coordinator = rows(client, tenant)
    assert "Eigener Partner" in coordinator and "Fremder Partner" not in coordinator
    with scopes_disabled():
        assert Relationship.objects.filter(municipality=m).count() == 2
