"""The page "API-Zugänge": create (shown once), list, revoke; who sees what."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.api.models import ApiToken
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.offers.tests.factories import partner_organisation

from .helpers_partner import bearer, make_token, offers_url

pytestmark = pytest.mark.django_db


def page_url(tenant):
    return reverse("api_tokens:list", args=[tenant.municipality.slug])


def test_partner_creates_a_token_shown_once_that_works(client, tenant):
    organisation = partner_organisation(tenant)
    client.force_login(tenant.users[Role.PARTNER])
    page = client.get(page_url(tenant))
    assert page.status_code == 200
    assert "Neuen API-Zugang anlegen" in page.content.decode()
    response = client.post(
        page_url(tenant),
        {"name": "Kursverwaltung", "organisation": organisation.pk, "expires_on": ""},
    )
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    token = response.context["token"]
    assert token.startswith("vbd_") and token in response.content.decode()
    with scopes_disabled():
        row = ApiToken.objects.get()
    assert row.organisation == organisation and row.created_by == tenant.users[Role.PARTNER]
    assert token not in row.digest and row.prefix in token
    # Never again: the list shows only the prefix.
    again = client.get(page_url(tenant)).content.decode()
    assert token not in again and f"vbd_{row.prefix}_…" in again
    assert client.get(offers_url(tenant), **bearer(token)).status_code == 200


def test_bad_input_is_refused_in_german(client, tenant):
    from datetime import date

    organisation = partner_organisation(tenant)
    client.force_login(tenant.users[Role.PARTNER])
    response = client.post(page_url(tenant), {"name": "", "organisation": organisation.pk})
    assert response.status_code == 400
    response = client.post(
        page_url(tenant),
        {"name": "alt", "organisation": organisation.pk, "expires_on": date(2001, 1, 1)},
    )
    assert response.status_code == 400
    assert "Vergangenheit" in response.content.decode()
    with scopes_disabled():
        assert not ApiToken.objects.exists()


def test_partner_cannot_create_a_token_for_another_organisation(client, tenant):
    from verbund.network.tests.factories import OrganisationFactory
    from verbund.tenancy.tests.factories import FacilityFactory

    other = OrganisationFactory(
        municipality=tenant.municipality,
        facility=FacilityFactory(municipality=tenant.municipality),
        name="Andere",
    )
    partner_organisation(tenant)
    client.force_login(tenant.users[Role.PARTNER])
    response = client.post(page_url(tenant), {"name": "x", "organisation": other.pk})
    assert response.status_code == 400
    with scopes_disabled():
        assert not ApiToken.objects.exists()


def test_planner_and_admin_see_the_municipalitys_tokens_admin_revokes(client, tenant):
    row, token = make_token(tenant)
    for role in (Role.PLANNER, Role.ADMIN):
        client.force_login(tenant.users[role])
        page = client.get(page_url(tenant)).content.decode()
        assert row.name in page and "Neuen API-Zugang anlegen" not in page
        assert token not in page
    revoke = reverse("api_tokens:revoke", args=[tenant.municipality.slug, row.pk])
    client.force_login(tenant.users[Role.PLANNER])
    assert client.post(revoke).status_code == 403
    client.force_login(tenant.users[Role.ADMIN])
    assert client.get(revoke).status_code == 200
    assert client.post(revoke).status_code == 302
    with scopes_disabled():
        row.refresh_from_db()
        entry = AuditEntry.unscoped.filter(action="api.token.revoke").get()
    assert row.revoked_at is not None
    assert entry.actor == tenant.users[Role.ADMIN]
    assert client.get(offers_url(tenant), **bearer(token)).status_code == 401


def test_other_roles_do_not_reach_the_page(client, tenant):
    for role in (Role.STAFF, Role.COORDINATOR, Role.VISITOR):
        client.force_login(tenant.users[role])
        assert client.get(page_url(tenant)).status_code == 403


def test_foreign_admin_cannot_revoke(client, tenant, foreign):
    row, _token = make_token(tenant)
    client.force_login(foreign.users[Role.ADMIN])
    url = reverse("api_tokens:revoke", args=[tenant.municipality.slug, row.pk])
    assert client.post(url).status_code in {403, 404}
    url = reverse("api_tokens:revoke", args=[foreign.municipality.slug, row.pk])
    assert client.post(url).status_code == 404
    with scopes_disabled():
        row.refresh_from_db()
    assert row.revoked_at is None


def test_page_query_count_is_fixed(client, tenant, django_assert_max_num_queries):
    client.force_login(tenant.users[Role.ADMIN])
    make_token(tenant)
    client.get(page_url(tenant))
    with django_assert_max_num_queries(30) as few:
        client.get(page_url(tenant))
    for index in range(10):
        make_token(tenant, name=f"Zugang {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(page_url(tenant)).status_code == 200
