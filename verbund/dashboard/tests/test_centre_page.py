import pytest
from django.urls import reverse

from verbund.core.roles import Role
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .helpers import populate

pytestmark = pytest.mark.django_db

SECTIONS = (
    "Sozialraum",
    "Bedarfe",
    "Kennzahlen",
    "Partner im Netzwerk",
    "Gremien",
    "Kooperationsvereinbarungen",
    "Begehungen",
)


def page(client, tenant, role, centre):
    client.force_login(tenant.users[role])
    return client.get(reverse("dashboard:centre_page", args=[tenant.municipality.slug, centre.pk]))


def test_centre_page_joins_every_section(client, tenant):
    populate(tenant)
    html = page(client, tenant, Role.COORDINATOR, tenant.centre).content.decode()
    for title in SECTIONS:
        assert title in html, title
    assert "Offen 0" in html  # a need
    assert "Vereinbarung 0" in html  # an agreement
    assert "Anrufen 0" in html  # a partner's next step


def test_my_centre_redirects_to_the_only_centre(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    response = client.get(reverse("dashboard:my_centre", args=[tenant.municipality.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "dashboard:centre_page", args=[tenant.municipality.slug, tenant.centre.pk]
    )


def test_other_centre_is_refused_to_its_non_members(client, tenant):
    other = FamilyCentreFactory(municipality=tenant.municipality)
    assert page(client, tenant, Role.COORDINATOR, other).status_code == 403
    assert page(client, tenant, Role.PLANNER, other).status_code == 200


def test_foreign_centre_is_not_found(client, tenant, foreign):
    assert page(client, foreign, Role.PLANNER, tenant.centre).status_code == 404


def test_centre_detail_links_here(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    html = client.get(
        reverse("tenancy:centre_detail", args=[tenant.municipality.slug, tenant.centre.pk])
    ).content.decode()
    assert (
        reverse("dashboard:centre_page", args=[tenant.municipality.slug, tenant.centre.pk]) in html
    )


def test_centre_page_queries_do_not_grow(client, tenant, django_assert_max_num_queries):
    populate(tenant, 1)
    page(client, tenant, Role.COORDINATOR, tenant.centre)
    url = reverse("dashboard:centre_page", args=[tenant.municipality.slug, tenant.centre.pk])
    with django_assert_max_num_queries(25) as small:
        client.get(url)
    populate(tenant, 6, first=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_partner_sees_my_organisation(client, tenant):
    populate(tenant)
    client.force_login(tenant.users[Role.PARTNER])
    html = client.get(
        reverse("dashboard:my_organisation", args=[tenant.municipality.slug])
    ).content.decode()
    assert "Eigene Org" in html
    assert "Vereinbarung 0" in html
