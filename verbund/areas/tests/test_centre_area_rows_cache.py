"""The area list's Sozialraum table is kept as rendered rows (issue 17): each change of what
it shows appears on the next view, and the edit link stays with the viewer who may use it."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role

from .factories import AreaFactory

pytestmark = pytest.mark.django_db


def table(client, tenant, role) -> str:
    client.force_login(tenant.users[role])
    response = client.get(reverse("areas:area_list", args=[tenant.municipality.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("Welche Gebiete zu welchem Familienzentrum gehören") :]


def test_table_follows_centre_names_links_and_area_names(client, tenant):
    kalk = AreaFactory(municipality=tenant.municipality, name="Kalk", level="Stadtteil")
    assert "noch nicht festgelegt" in table(client, tenant, Role.PLANNER)
    with scopes_disabled():
        tenant.centre.areas.add(kalk)
    assert ">Kalk</a>" in table(client, tenant, Role.PLANNER)
    with scopes_disabled():
        kalk.name = "Kalk-Nord"
        kalk.save()
    assert ">Kalk-Nord</a>" in table(client, tenant, Role.PLANNER)
    with scopes_disabled():
        tenant.centre.name = "Familienzentrum Am Rhein"
        tenant.centre.save()
    assert "Familienzentrum Am Rhein" in table(client, tenant, Role.PLANNER)
    with scopes_disabled():
        tenant.centre.areas.remove(kalk)
    assert "Kalk-Nord" not in table(client, tenant, Role.PLANNER)


def test_edit_link_stays_with_the_viewer_who_may_use_it(client, tenant):
    sozialraum = reverse("areas:sozialraum", args=[tenant.municipality.slug, tenant.centre.pk])
    for order in ((Role.PLANNER, Role.COORDINATOR), (Role.COORDINATOR, Role.PLANNER)):
        html = {role: table(client, tenant, role) for role in order}
        assert sozialraum in html[Role.COORDINATOR]
        assert sozialraum not in html[Role.PLANNER]
