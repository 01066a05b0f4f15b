"""The body list's rows are kept per change of what they show (issue 17)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role

from .factories import BodyFactory, BodyMemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def rows(client, tenant) -> str:
    response = client.get(reverse("network:body_list", args=[tenant.municipality.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    table = body[body.index('<tbody class="kern-table__body">') :]
    return table[: table.index("</tbody>")]


def test_rows_follow_every_change_they_show(client, tenant):
    m = tenant.municipality
    kalk = AreaFactory(municipality=m, name="Kalk")
    body = BodyFactory(municipality=m, name="Runder Tisch Kalk", area=kalk, centre=tenant.centre)
    client.force_login(tenant.users[Role.PLANNER])
    with CaptureQueriesContext(connection) as cold:
        first = rows(client, tenant)
    assert "Runder Tisch Kalk" in first and "Kalk</td>" in first and tenant.centre.name in first
    assert '<td class="kern-table__cell">0</td>' in first
    with CaptureQueriesContext(connection) as kept:
        assert rows(client, tenant) == first
    assert len(kept) < len(cold)

    member = BodyMemberFactory(
        body=body, organisation=OrganisationFactory(municipality=m, name="Kita Sonnenschein")
    )
    assert '<td class="kern-table__cell">1</td>' in rows(client, tenant)
    with scopes_disabled():
        member.left_on = datetime.date(2026, 11, 30)
        member.save()
    assert '<td class="kern-table__cell">0</td>' in rows(client, tenant)
    with scopes_disabled():
        body.name = "Stadtteilkonferenz Kalk"
        body.dissolved_on = datetime.date(2026, 12, 1)
        body.save()
    shown = rows(client, tenant)
    assert "Stadtteilkonferenz Kalk" in shown and "aufgelöst" in shown
    with scopes_disabled():
        kalk.name = "Köln-Kalk"
        kalk.save()
    assert "Köln-Kalk" in rows(client, tenant)
    with scopes_disabled():
        tenant.centre.name = "Zentrum am Park"
        tenant.centre.save()
    assert "Zentrum am Park" in rows(client, tenant)


def test_a_viewer_with_less_reach_gets_only_her_rows(client, tenant):
    m = tenant.municipality
    BodyFactory(municipality=m, name="Steuerungsgruppe")
    client.force_login(tenant.users[Role.PLANNER])
    assert "Steuerungsgruppe" in rows(client, tenant)
    client.force_login(tenant.users[Role.PARTNER])
    assert "Steuerungsgruppe" not in rows(client, tenant)
