"""The centre and facility lists' rows are kept per change of what they show (issue 17)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.tenancy.models import Facility, FacilityKind

from .factories import FacilityFactory, FamilyCentreFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def rows(client, tenant, name: str, **params) -> str:
    response = client.get(reverse(f"tenancy:{name}", args=[tenant.municipality.slug]), params)
    assert response.status_code == 200
    body = response.content.decode()
    table = body[body.index('<tbody class="kern-table__body">') :]
    return table[: table.index("</tbody>")]


def test_centre_rows_follow_every_change_they_show(client, tenant):
    m = tenant.municipality
    provider = ProviderFactory(municipality=m, name="AWO Kreisverband")
    centre = FamilyCentreFactory(
        municipality=m, provider=provider, name="Aaa Familienzentrum Kalk", street="Hauptstr. 1"
    )
    client.force_login(tenant.users[Role.PLANNER])
    with CaptureQueriesContext(connection) as cold:
        first = rows(client, tenant, "centre_list")
    assert "Aaa Familienzentrum Kalk" in first and "AWO Kreisverband" in first
    assert "Hauptstr. 1" in first
    with CaptureQueriesContext(connection) as kept:
        assert rows(client, tenant, "centre_list") == first
    assert len(kept) < len(cold)

    def count_cell() -> str:
        shown = rows(client, tenant, "centre_list")
        row = shown[shown.index("Aaa Familienzentrum Kalk") :]
        row = row[: row.index("</tr>")]
        return row[row.rindex('numeric">') + len('numeric">') : row.rindex("</td>")]

    assert count_cell() == "0"
    facility = FacilityFactory(municipality=m, centre=centre)
    assert count_cell() == "1"
    with scopes_disabled():
        facility.archived_at = timezone.now()
        facility.save()
    assert count_cell() == "0"
    with scopes_disabled():
        centre.name = "Aaa Familienzentrum Köln-Kalk"
        centre.street = "Hauptstr. 2"
        centre.save()
    shown = rows(client, tenant, "centre_list")
    assert "Köln-Kalk" in shown and "Hauptstr. 2" in shown
    with scopes_disabled():
        provider.name = "AWO Bezirksverband"
        provider.save()
    assert "AWO Bezirksverband" in rows(client, tenant, "centre_list")


def test_facility_rows_follow_every_change_they_show(client, tenant):
    m = tenant.municipality
    facility = FacilityFactory(municipality=m, centre=tenant.centre, name="Aaa Kita Regenbogen")
    client.force_login(tenant.users[Role.COORDINATOR])
    with CaptureQueriesContext(connection) as cold:
        first = rows(client, tenant, "facility_list")
    assert "Aaa Kita Regenbogen" in first and tenant.centre.name in first and "Kita" in first
    with CaptureQueriesContext(connection) as kept:
        assert rows(client, tenant, "facility_list") == first
    assert len(kept) < len(cold)

    with scopes_disabled():
        facility.name = "Aaa Familienschule"
        facility.kind = FacilityKind.PRIMARY_SCHOOL
        facility.street = "Schulweg 7"
        facility.save()
        tenant.centre.name = "Zentrum am Park"
        tenant.centre.save()
    shown = rows(client, tenant, "facility_list")
    assert "Aaa Familienschule" in shown and "Schulweg 7" in shown
    assert "Zentrum am Park" in shown and str(FacilityKind.PRIMARY_SCHOOL.label) in shown
    with scopes_disabled():
        facility.archived_at = timezone.now()
        facility.save()
    assert "Aaa Familienschule" not in rows(client, tenant, "facility_list")
    archived = rows(client, tenant, "facility_list", archived="on")
    assert "Aaa Familienschule" in archived and "archiviert" in archived
    with scopes_disabled():
        Facility.objects.filter(pk=facility.pk).delete()
    assert "Aaa Familienschule" not in rows(client, tenant, "facility_list", archived="on")


def test_another_municipality_never_gets_these_rows(client, tenant, foreign):
    FacilityFactory(municipality=tenant.municipality, centre=tenant.centre, name="Aaa Eigene Kita")
    client.force_login(tenant.users[Role.PLANNER])
    assert "Aaa Eigene Kita" in rows(client, tenant, "facility_list")
    client.force_login(foreign.users[Role.PLANNER])
    assert "Aaa Eigene Kita" not in rows(client, foreign, "facility_list")
    assert tenant.centre.name not in rows(client, foreign, "centre_list")


def test_a_centre_page_lists_its_facilities_as_they_change(client, tenant):
    m = tenant.municipality
    url = reverse("tenancy:centre_detail", args=[m.slug, tenant.centre.pk])
    client.force_login(tenant.users[Role.COORDINATOR])

    def table() -> str:
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        return body[body.index('<tbody class="kern-table__body">') :]

    assert "Aaa Kita Sonne" not in table()
    facility = FacilityFactory(municipality=m, centre=tenant.centre, name="Aaa Kita Sonne")
    assert "Aaa Kita Sonne" in table()
    other = FamilyCentreFactory(municipality=m)
    FacilityFactory(municipality=m, centre=other, name="Aaa Kita Mond")
    assert "Aaa Kita Mond" not in table()
    with scopes_disabled():
        facility.name = "Aaa Kita Sonnenschein"
        facility.save()
    assert "Aaa Kita Sonnenschein" in table()
    with scopes_disabled():
        facility.archived_at = timezone.now()
        facility.save()
    assert "Aaa Kita Sonnenschein" not in table()


def test_centre_page_kept_whole_follows_providers_and_the_viewer(client, tenant):
    """The centre list's whole content is kept (issue 17): the providers' table follows a
    rename, and the edit links stay the viewer's own."""
    m = tenant.municipality
    url = reverse("tenancy:centre_list", args=[m.slug])
    edit = reverse("tenancy:provider_update", args=[m.slug, tenant.provider.pk])
    seen = {}
    for role in (Role.PLANNER, Role.PROVIDER_ADMIN, Role.ADMIN):
        client.force_login(tenant.users[role])
        seen[role] = client.get(url).content.decode()
    assert edit not in seen[Role.PLANNER]
    assert edit in seen[Role.PROVIDER_ADMIN] and edit in seen[Role.ADMIN]
    with scopes_disabled():
        tenant.provider.name = "Diakonie am Rhein"
        tenant.provider.save()
    client.force_login(tenant.users[Role.PLANNER])
    assert "Diakonie am Rhein" in client.get(url).content.decode()
