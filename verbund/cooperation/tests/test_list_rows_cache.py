"""The agreement list's rows are kept per change of what they show (issue 17)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from verbund.cooperation import services
from verbund.cooperation.models import Party, PartyKind
from verbund.core.roles import Role

from .factories import OrganisationFactory
from .helpers import make_agreement
from .test_views import url

pytestmark = pytest.mark.django_db


def rows(client, tenant, role=Role.PLANNER) -> list[str]:
    client.force_login(tenant.users[role])
    response = client.get(url("agreement_list", tenant))
    assert response.status_code == 200
    body = response.content.decode()
    table = body[body.index('<tbody class="kern-table__body">') :]
    table = table[: table.index("</tbody>")]
    return [
        " | ".join(
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        )
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


def test_rows_follow_every_change_they_show(client, tenant):
    m = tenant.municipality
    partner = OrganisationFactory(municipality=m, name="Erziehungsberatung")
    agreement = make_agreement(
        municipality=m, centre=tenant.centre, partners=[partner], title="Sprechstunde"
    )
    with CaptureQueriesContext(connection) as cold:
        (first,) = rows(client, tenant)
    assert first.startswith("Sprechstunde | ") and "Erziehungsberatung" in first
    assert "Entwurf" in first
    with CaptureQueriesContext(connection) as kept:
        assert rows(client, tenant) == [first]
    assert len(kept) < len(cold)

    with scope(municipality=m.pk):
        services.agreement_update(
            actor=tenant.users[Role.ADMIN],
            agreement=agreement,
            partners=[partner],
            data={"title": "Offene Sprechstunde"},
        )
    assert rows(client, tenant)[0].startswith("Offene Sprechstunde | ")
    with scope(municipality=m.pk):
        services.agreement_transition(
            actor=tenant.users[Role.ADMIN], agreement=agreement, to="negotiation"
        )
    assert "In Abstimmung" in rows(client, tenant)[0]
    with scopes_disabled():
        partner.name = "Beratungsstelle Nord"
        partner.save()
    assert "Beratungsstelle Nord" in rows(client, tenant)[0]
    with scopes_disabled():
        tenant.centre.name = "Familienzentrum am Park"
        tenant.centre.save()
    assert "Familienzentrum am Park" in rows(client, tenant)[0]
    school = OrganisationFactory(municipality=m, name="Grundschule Süd")
    with scopes_disabled():
        Party.objects.create(
            municipality=m,
            agreement=agreement,
            kind=PartyKind.PARTNER,
            organisation=school,
            position=9,
        )
    assert "Grundschule Süd" in rows(client, tenant)[0]


def test_each_viewer_gets_the_rows_of_her_own_list(client, tenant):
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    m = tenant.municipality
    make_agreement(municipality=m, centre=tenant.centre, title="Eigene")
    make_agreement(
        municipality=m, centre=FamilyCentreFactory(municipality=m), title="Nachbarzentrum"
    )

    def titles(role):
        return [row.split(" | ")[0] for row in rows(client, tenant, role)]

    assert titles(Role.PLANNER) == ["Eigene", "Nachbarzentrum"]
    assert titles(Role.COORDINATOR) == ["Eigene"]
    assert titles(Role.PLANNER) == ["Eigene", "Nachbarzentrum"]


def test_deadline_rows_follow_the_day_and_each_table_keeps_its_own(client, tenant, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from .helpers import sign

    client.force_login(tenant.users[Role.PLANNER])
    listed = client.get(url("agreement_list", tenant)).content.decode()
    assert "Keine Vereinbarungen gefunden." in listed
    due = client.get(url("agreement_due", tenant)).content.decode()
    assert "In diesem Zeitraum ist nichts fällig." in due  # not the list's empty row

    today = timezone.localdate()
    agreement = make_agreement(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Sprechstunde",
        start=today - timedelta(days=300),
        end=today + timedelta(days=400),
        review=today + timedelta(days=10),
    )
    sign(agreement)
    assert "in 10 Tagen" in client.get(url("agreement_due", tenant)).content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + timedelta(days=1))
    assert "in 9 Tagen" in client.get(url("agreement_due", tenant)).content.decode()


def form(client, tenant, role=Role.PLANNER, **params) -> str:
    client.force_login(tenant.users[role])
    response = client.get(url("agreement_list", tenant), params)
    assert response.status_code == 200
    body = response.content.decode()
    start = body.index('<form method="get" class="filter-bar"')
    return body[start : body.index("</form>", start)]


def test_filter_form_and_filter_follow_partners_centres_and_values(client, tenant):
    """The form's HTML and the filter it asks for are kept (``rows_cache``): a new partner,
    a renamed centre and the form's values show on the next view."""
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    m = tenant.municipality
    FamilyCentreFactory(municipality=m, provider=tenant.provider, name="Zweites Zentrum")
    first = OrganisationFactory(municipality=m, name="Erziehungsberatung")
    make_agreement(municipality=m, centre=tenant.centre, partners=[first], title="Sprechstunde")
    other = OrganisationFactory(municipality=m, name="Hebammenpraxis")
    make_agreement(municipality=m, centre=tenant.centre, partners=[other], title="Hebammen")
    shown = form(client, tenant)
    assert "Erziehungsberatung" in shown and "Sportverein Nord" not in shown
    with CaptureQueriesContext(connection) as kept:
        assert form(client, tenant) == shown
    assert not [q for q in kept if "network_organisation" in q["sql"]]  # the form not built

    second = OrganisationFactory(municipality=m, name="Sportverein Nord")
    make_agreement(municipality=m, centre=tenant.centre, partners=[second], title="Bewegung")
    assert "Sportverein Nord" in form(client, tenant)
    with scopes_disabled():
        tenant.centre.name = "Familienzentrum Am Rhein"
        tenant.centre.save()
    assert "Familienzentrum Am Rhein" in form(client, tenant)

    assert rows(client, tenant)[0].startswith("Bewegung")
    client.force_login(tenant.users[Role.PLANNER])
    found = client.get(url("agreement_list", tenant), {"organisation": second.pk}).content
    table = found[found.index(b'<tbody class="kern-table__body">') :].decode()
    assert "Bewegung" in table and "Sprechstunde" not in table and "Hebammenpraxis" not in table
    assert f'value="{second.pk}" selected' in form(client, tenant, organisation=second.pk)
