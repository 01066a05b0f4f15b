"""The map page's table rows are kept per change of the areas (issue 17): a renamed area or
parent, a new size or centre point, a new area and a deleted one show on the next view."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas.models import Area
from verbund.core.roles import Role

from .factories import AreaFactory

pytestmark = pytest.mark.django_db


def table(client, tenant, **params) -> str:
    response = client.get(reverse("areas:map", args=[tenant.municipality.slug]), params)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("Gebiete der Karte als Tabelle") :]


def test_map_table_follows_every_change_of_its_areas(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    m = tenant.municipality
    city = AreaFactory(municipality=m, name="Stadtbezirk Mitte", level="Bezirk")
    kalk = AreaFactory(municipality=m, name="Kalk", level="Stadtteil", parent=city)
    assert "Kalk" in table(client, tenant, ebene="Stadtteil")
    with scopes_disabled():
        city.name = "Bezirk Innenstadt"
        city.save()
    assert "Bezirk Innenstadt" in table(client, tenant, ebene="Stadtteil")
    with scopes_disabled():
        kalk.area_km2 = 7.25
        kalk.centroid_lat, kalk.centroid_lon = 50.9375, 6.9603
        kalk.save()
    html = table(client, tenant, ebene="Stadtteil")
    assert "7,25" in html and "50,9375, 6,9603" in html
    AreaFactory(municipality=m, name="Deutz", level="Stadtteil")
    assert "Deutz" in table(client, tenant, ebene="Stadtteil")
    with scopes_disabled():
        Area.objects.filter(pk=kalk.pk).delete()
    assert "Kalk" not in table(client, tenant, ebene="Stadtteil")
