"""The area list's hierarchy order is cached per change of the areas (issue 17)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas import tree_cache
from verbund.areas.models import Area
from verbund.core.roles import Role

from .factories import AreaFactory

pytestmark = pytest.mark.django_db


def names_in_order(client, tenant, **params) -> list[str]:
    url = reverse("areas:area_list", args=[tenant.municipality.slug])
    response = client.get(url, params)
    assert response.status_code == 200
    return re.findall(
        r'<span class="tree-indent tree-indent--\d+"><a class="kern-link" href="[^"]*">([^<]*)</a>',
        response.content.decode(),
    )


def test_order_follows_saves_deletes_and_new_parents(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    m = tenant.municipality
    north = AreaFactory(municipality=m, name="Nord", level="Bezirk")
    south = AreaFactory(municipality=m, name="Süd", level="Bezirk")
    assert names_in_order(client, tenant) == ["Nord", "Süd"]
    with scopes_disabled():
        south.name = "Mitte"
        south.save()
    assert names_in_order(client, tenant) == ["Mitte", "Nord"]
    child = AreaFactory(municipality=m, name="Altstadt", level="Stadtteil", parent=north)
    assert names_in_order(client, tenant) == ["Mitte", "Nord", "Altstadt"]
    with scopes_disabled():
        child.parent = south
        child.save()
    assert names_in_order(client, tenant) == ["Mitte", "Altstadt", "Nord"]
    with scopes_disabled():
        Area.objects.filter(pk=child.pk).delete()
    assert names_in_order(client, tenant) == ["Mitte", "Nord"]
    assert names_in_order(client, tenant, q="nor") == ["Nord"]
    assert names_in_order(client, tenant, ebene="Bezirk", q="zzz") == []


def test_a_raw_write_that_bumps_the_version_is_seen(client, tenant):
    """The boundary import writes with raw SQL and bumps ``areas:<municipality>`` itself."""
    client.force_login(tenant.users[Role.PLANNER])
    first = AreaFactory(municipality=tenant.municipality, name="A", level="Bezirk")
    AreaFactory(municipality=tenant.municipality, name="B", level="Bezirk")
    assert names_in_order(client, tenant) == ["A", "B"]
    with scopes_disabled():
        Area.objects.filter(pk=first.pk).update(name="Z")  # no signal: the caches still hold
    assert names_in_order(client, tenant) == ["A", "B"]
    tree_cache.bump(tenant.municipality.pk)
    assert names_in_order(client, tenant) == ["B", "Z"]


def test_the_tree_is_read_once_while_nothing_changes(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    AreaFactory.create_batch(3, municipality=tenant.municipality)
    url = reverse("areas:area_list", args=[tenant.municipality.slug])

    def tree_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [q for q in queries if '"areas_area"."parent_id" AS "parent_id"' in q["sql"]]

    assert len(tree_queries()) == 1
    assert tree_queries() == []


def levels_shown(client, tenant) -> list[tuple[str, int]]:
    url = reverse("areas:area_list", args=[tenant.municipality.slug])
    response = client.get(url)
    assert response.status_code == 200
    return [(row["level"], row["count"]) for row in response.context["levels"]]


def test_levels_follow_new_renamed_and_deleted_areas(client, tenant):
    """The level filter's choices (top-down, with counts) are cached under the same version."""
    client.force_login(tenant.users[Role.PLANNER])
    m = tenant.municipality
    north = AreaFactory(municipality=m, name="Nord", level="Bezirk")
    assert levels_shown(client, tenant) == [("Bezirk", 1)]
    child = AreaFactory(municipality=m, name="Altstadt", level="Stadtteil", parent=north)
    AreaFactory(municipality=m, name="Süd", level="Bezirk")
    assert levels_shown(client, tenant) == [("Bezirk", 2), ("Stadtteil", 1)]
    with scopes_disabled():
        child.level = "Quartier"
        child.save()
    assert levels_shown(client, tenant) == [("Bezirk", 2), ("Quartier", 1)]
    with scopes_disabled():
        Area.objects.filter(pk=child.pk).delete()
    assert levels_shown(client, tenant) == [("Bezirk", 2)]


def test_levels_are_read_once_while_nothing_changes(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    AreaFactory.create_batch(3, municipality=tenant.municipality)
    url = reverse("areas:map", args=[tenant.municipality.slug])

    def level_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [q for q in queries if 'AS "roots"' in q["sql"]]

    assert len(level_queries()) == 1
    assert level_queries() == []


def test_rows_follow_every_change_they_show(client, tenant):
    """The rows are kept as HTML (``rows_cache``): a sub-area, a size, a centre linked or
    renamed is seen at once."""
    client.force_login(tenant.users[Role.PLANNER])
    m = tenant.municipality
    north = AreaFactory(municipality=m, name="Nord", level="Bezirk", area_km2=2.5)
    url = reverse("areas:area_list", args=[m.slug])

    def table():
        body = client.get(url).content.decode()
        start = body.index('<tbody class="kern-table__body">')
        return body[start : body.index("</tbody>", start)]

    assert "2,50" in table() and "1 Teilgebiet" not in table()
    AreaFactory(municipality=m, name="Altstadt", level="Stadtteil", parent=north)
    assert "1 Teilgebiet" in table()
    with scopes_disabled():
        north.area_km2 = 3.75
        north.save()
        north.centres.add(tenant.centre)
    assert "3,75" in table() and tenant.centre.name in table()
    with scopes_disabled():
        tenant.centre.name = "Familienzentrum am Park"
        tenant.centre.save()
    assert "Familienzentrum am Park" in table()
    with scopes_disabled():
        north.centres.remove(tenant.centre)
    assert "Familienzentrum am Park" not in table()
