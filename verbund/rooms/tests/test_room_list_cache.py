"""The room list is kept whole per change of what it shows (issue 17)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.core.roles import Role
from verbund.rooms import services
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

from .factories import RoomFactory
from .helpers import partner_world
from .test_views import add_booking, url

pytestmark = pytest.mark.django_db


def rows(client, tenant, role=Role.COORDINATOR, **params) -> list[str]:
    client.force_login(tenant.users[role])
    response = client.get(url("room_list", tenant), params)
    assert response.status_code == 200
    body = response.content.decode()
    table = body[body.index('<tbody class="kern-table__body">') : body.index("</tbody>")]
    return [
        " | ".join(
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        )
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


def saved(obj, **changes):
    with scopes_disabled():
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.save()


def next_monday():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def test_rows_follow_rooms_holders_shares_and_bookings(client, tenant):
    room = RoomFactory(municipality=tenant.municipality, facility=tenant.facility, name="Saal")
    with CaptureQueriesContext(connection) as cold:
        (first,) = rows(client, tenant)
    assert first.startswith("Saal | ") and first.endswith("| 0 %")
    with CaptureQueriesContext(connection) as kept:
        assert rows(client, tenant) == [first]
    assert len(kept) < len(cold)

    saved(room, name="Großer Saal")
    assert rows(client, tenant)[0].startswith("Großer Saal | ")
    saved(tenant.facility, name="Haus am Park")
    assert "| Haus am Park |" in rows(client, tenant)[0]
    add_booking(room, tenant.centre, next_monday(), at=(8, 18))  # a whole opening day
    assert not rows(client, tenant)[0].endswith("| 0 %")

    partner, partner_room, resource = partner_world(tenant)
    assert len(rows(client, tenant)) == 1  # not shared yet
    with scope(municipality=tenant.municipality.pk):
        services.room_share(actor=None, room=partner_room, resource=resource)
    assert [row.split(" | ")[0] for row in rows(client, tenant)] == [
        "Großer Saal",
        "Gymnastikhalle",
    ]
    saved(partner, name="TuS Nordstadt")
    assert "| TuS Nordstadt (Partner) |" in rows(client, tenant)[1]
    saved(resource.agreement, status="ended")  # no longer in force: no longer shared
    assert [row.split(" | ")[0] for row in rows(client, tenant)] == ["Großer Saal"]
    saved(room, active=False)
    assert rows(client, tenant) == ["Keine Räume gefunden."]
    assert rows(client, tenant, archived="on")[0].startswith("Großer Saal archiviert | ")


def test_occupancy_follows_the_day(client, tenant, monkeypatch):
    room = RoomFactory(municipality=tenant.municipality, facility=tenant.facility, name="Saal")
    monday = next_monday()
    add_booking(room, tenant.centre, monday, at=(8, 18))
    assert not rows(client, tenant)[0].endswith("| 0 %")
    monkeypatch.setattr(timezone, "localdate", lambda *args: monday + timedelta(days=1))
    assert rows(client, tenant)[0].endswith("| 0 %")


def test_each_viewer_gets_the_rooms_of_her_own_reach(client, tenant):
    RoomFactory(municipality=tenant.municipality, facility=tenant.facility, name="Eigener Raum")
    neighbour = FacilityFactory(
        municipality=tenant.municipality,
        centre=FamilyCentreFactory(municipality=tenant.municipality),
    )
    RoomFactory(municipality=tenant.municipality, facility=neighbour, name="Nachbarraum")

    def names(role):
        return sorted(row.split(" | ")[0] for row in rows(client, tenant, role))

    assert names(Role.PLANNER) == ["Eigener Raum", "Nachbarraum"]
    assert names(Role.COORDINATOR) == ["Eigener Raum"]
    assert names(Role.PLANNER) == ["Eigener Raum", "Nachbarraum"]
