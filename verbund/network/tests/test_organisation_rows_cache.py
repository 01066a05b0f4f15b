"""The organisation list's rows are kept per change of what they show (issue 17)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role

from .factories import OrganisationFactory
from .test_organisations import url

pytestmark = pytest.mark.django_db


def rows(client, tenant) -> str:
    response = client.get(url("organisation_list", tenant))
    assert response.status_code == 200
    body = response.content.decode()
    table = body[body.index('<tbody class="kern-table__body">') :]
    return table[: table.index("</tbody>")]


def test_rows_follow_every_change_they_show(client, tenant):
    m = tenant.municipality
    kalk = AreaFactory(municipality=m, name="Kalk")
    club = OrganisationFactory(municipality=m, name="Turnverein", street="Sportweg 1")
    with scopes_disabled():
        club.areas_served.add(kalk)
    client.force_login(tenant.users[Role.PLANNER])
    with CaptureQueriesContext(connection) as cold:
        first = rows(client, tenant)
    assert "Turnverein" in first and "Sportweg 1" in first and "Kalk" in first
    with CaptureQueriesContext(connection) as kept:
        assert rows(client, tenant) == first
    assert len(kept) < len(cold)

    with scopes_disabled():
        club.name = "Turnverein 1880"
        club.street = "Sportweg 2"
        club.save()
    assert "Turnverein 1880" in rows(client, tenant) and "Sportweg 2" in rows(client, tenant)
    mülheim = AreaFactory(municipality=m, name="Mülheim")
    with scopes_disabled():
        club.areas_served.add(mülheim)
    assert "Mülheim" in rows(client, tenant)
    with scopes_disabled():
        kalk.name = "Köln-Kalk"
        kalk.save()
    assert "Köln-Kalk" in rows(client, tenant)


def test_an_empty_page_says_so(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    assert (
        "Keine Organisationen gefunden."
        in client.get(url("organisation_list", tenant) + "?q=gibtesnicht").content.decode()
    )
