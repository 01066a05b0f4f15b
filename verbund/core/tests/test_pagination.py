"""Issue 17, item 6: lists paginate with the shared include, keep filters, and cost the same
number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory, RelationshipFactory
from verbund.tenancy.tests.factories import FamilyCentreFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def test_centre_and_provider_lists_paginate_separately(client, tenant):
    m = tenant.municipality
    client.force_login(tenant.users[Role.COORDINATOR])
    url = reverse("tenancy:centre_list", args=[m.slug])
    FamilyCentreFactory.create_batch(3, municipality=m)
    _, small = queries(client, url)
    ProviderFactory.create_batch(60, municipality=m)
    FamilyCentreFactory.create_batch(60, municipality=m)
    response, large = queries(client, url, traeger_seite=2)
    assert small == large
    assert len(response.context["centres"]) == 50
    assert response.context["providers"].number == 2
    html = response.content.decode()
    assert "Seite 1 von 2" in html and "Seite 2 von 3" in html
    assert "seite=2&amp;traeger_seite=2" in html or "traeger_seite=2&amp;seite=2" in html


def test_relationship_list_paginates_and_keeps_filters(
    client, tenant, django_assert_max_num_queries
):
    m = tenant.municipality
    client.force_login(tenant.users[Role.COORDINATOR])
    url = reverse("network:relationship_list", args=[m.slug])
    RelationshipFactory.create_batch(55, municipality=m, centre=tenant.centre)
    _, count = queries(client, url, zentrum=tenant.centre.pk)  # the same filter, less data
    RelationshipFactory.create_batch(60, municipality=m, centre=tenant.centre)
    with django_assert_max_num_queries(count):
        response = client.get(url, {"zentrum": tenant.centre.pk, "seite": 2})
    page = response.context["relationships"]
    assert page.number == 2 and page.paginator.count == 115
    html = response.content.decode()
    assert f"zentrum={tenant.centre.pk}&amp;seite=3" in html
    assert "Letzte Seite" not in html  # page 3 is the last: "Nächste Seite" is enough
    assert "Erste Seite" not in html


def test_organisation_list_with_many_areas_costs_the_same(client, tenant):
    m = tenant.municipality
    client.force_login(tenant.users[Role.COORDINATOR])
    url = reverse("network:organisation_list", args=[m.slug])
    AreaFactory.create_batch(60, municipality=m)
    OrganisationFactory.create_batch(5, municipality=m)
    _, small = queries(client, url)
    AreaFactory.create_batch(100, municipality=m)
    OrganisationFactory.create_batch(80, municipality=m)
    response, large = queries(client, url, seite=2)
    assert small == large
    assert response.context["page"].number == 2


def test_a_window_counted_page_and_what_lies_beyond_the_last():
    from verbund.core.models import CacheVersion
    from verbund.core.paging import counted_page, window_counted

    for number in range(5):
        CacheVersion.objects.create(key=f"p:{number}", value=number)
    rows = CacheVersion.objects.filter(key__startswith="p:").order_by("key")

    def rows_of(number):
        return window_counted(rows, number, 2)

    page = counted_page(rows_of, 2, 2)
    assert [row.key for row in page] == ["p:2", "p:3"] and page.paginator.count == 5
    assert page.paginator.num_pages == 3 and page.has_next()
    assert [row.key for row in counted_page(rows_of, 9, 2)] == ["p:0", "p:1"]
    last = counted_page(rows_of, 9, 2, beyond_last="last")
    assert [row.key for row in last] == ["p:4"] and last.number == 3
    empty = counted_page(lambda n: window_counted(rows.none(), n, 2), 3, 2)
    assert list(empty) == [] and empty.paginator.count == 0
