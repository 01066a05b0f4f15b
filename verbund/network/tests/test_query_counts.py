"""List pages cost the same number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.areas.models import Area
from verbund.core.roles import Role

from .factories import (
    BodyFactory,
    BodyMemberFactory,
    ContactFactory,
    OrganisationFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    ("organisation_list", Role.COORDINATOR),
    ("relationship_list", Role.COORDINATOR),
    ("body_list", Role.STAFF),
    ("matrix", Role.COORDINATOR),
    ("suggestions", Role.COORDINATOR),
    ("contact_review", Role.ADMIN),
]


def grow(tenant, n):
    m = tenant.municipality
    with scopes_disabled():
        area, _ = Area.objects.get_or_create(
            municipality=m, level="Stadtteil", code="01", defaults={"name": "Nord"}
        )
        area.centres.add(tenant.centre)
    for i in range(n):
        org = OrganisationFactory(municipality=m, sector=["health", "religion"][i % 2])
        with scopes_disabled():
            org.areas_served.add(area)
        ContactFactory(municipality=m, organisation=org, last_confirmed="2020-01-01")
        RelationshipFactory(municipality=m, centre=tenant.centre, organisation=org)
        body = BodyFactory(municipality=m, centre=tenant.centre)
        BodyMemberFactory(body=body, municipality=m, organisation=org)


@pytest.mark.parametrize(("name", "role"), PAGES)
def test_list_pages_do_not_grow_with_data(client, tenant, name, role):
    client.force_login(tenant.users[role])
    url = reverse(f"network:{name}", args=[tenant.municipality.slug])
    counts = []
    for size in (2, 20):
        grow(tenant, size)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
