import pytest
from django.core.cache import cache
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.cooperation.tests.factories import AgreementFactory
from verbund.core.roles import Role

from .helpers import populate

pytestmark = pytest.mark.django_db


def start(client, tenant, role, *, login=True, **params):
    if login:
        client.force_login(tenant.users[role])
    return client.get(reverse("tenancy:home", args=[tenant.municipality.slug]), params)


def test_coordinator_sees_overdue_review_first_in_plain_german(client, tenant):
    populate(tenant)
    response = start(client, tenant, Role.COORDINATOR)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Was steht an" in html
    assert "seit 320 Tagen überfällig" in html
    assert "Überprüfung: Vereinbarung 0" in html
    # Overdue first: the deadlines group with the overdue review comes before next steps.
    assert html.index("Überprüfung: Vereinbarung 0") < html.index("Anrufen 0")
    assert "in 20 Tagen fällig" in html  # the expiry
    assert "in 3 Tagen fällig" in html  # the next step
    assert "Bedarf prüfen: Offen 0" in html
    assert "1 Ansprechperson erneut bestätigen" in html
    # Each item links to where it is done.
    with scopes_disabled():
        agreement = tenant.centre.agreements.get(title="Vereinbarung 0")
    assert (
        reverse("cooperation:agreement_detail", args=[tenant.municipality.slug, agreement.pk])
        in html
    )
    assert reverse("network:contact_review", args=[tenant.municipality.slug]) in html
    # Not for the coordinator: imports and the planner's reported needs.
    assert "Statistik-Import" not in html
    assert "Neu gemeldet" not in html
    # The user's centres, linking to "Mein Familienzentrum".
    assert (
        reverse("dashboard:centre_page", args=[tenant.municipality.slug, tenant.centre.pk]) in html
    )


def test_planner_sees_reported_needs_and_imports(client, tenant):
    populate(tenant)
    html = start(client, tenant, Role.PLANNER).content.decode()
    assert "Neu gemeldet: Gemeldet 0" in html
    assert "in 28 Tagen fällig" in html
    assert "Statistik-Import „werte0.csv“" in html
    assert "Gebietsimport „grenzen0.geojson“" in html
    assert "Bedarf prüfen" not in html  # the coordinator decides open needs
    assert "Überprüfung: Vereinbarung" not in html  # the planner does not manage agreements


def test_partner_sees_organisation_and_agreements(client, tenant):
    populate(tenant)
    html = start(client, tenant, Role.PARTNER).content.decode()
    assert "Eigene Org" in html
    assert "Vereinbarung: Vereinbarung 0" in html
    assert reverse("dashboard:my_organisation", args=[tenant.municipality.slug]) in html
    assert "Anrufen 0" not in html
    assert "Ihre Familienzentren" not in html


def test_staff_sees_steps_but_not_decisions(client, tenant):
    populate(tenant)
    html = start(client, tenant, Role.STAFF).content.decode()
    assert "Anrufen 0" in html
    assert "Bedarf prüfen" not in html
    assert "Überprüfung: Vereinbarung" not in html


def test_empty_state_says_what_to_do_first(client, tenant):
    html = start(client, tenant, Role.COORDINATOR).content.decode()
    assert "Im Moment steht nichts an." in html
    assert "Womit Sie anfangen können" in html
    assert reverse("network:partner_add", args=[tenant.municipality.slug]) in html
    assert reverse("cooperation:agreement_create", args=[tenant.municipality.slug]) in html


def test_another_municipality_sees_nothing_of_ours(client, tenant, foreign):
    populate(tenant)
    for role in Role:
        html = start(client, foreign, role).content.decode()
        for text in (
            "Vereinbarung 0",
            "Anrufen 0",
            "Offen 0",
            "Gemeldet 0",
            "werte0.csv",
            "Eigene Org",
        ):
            assert text not in html, (role, text)
        assert tenant.centre.name not in html


def test_other_centre_items_stay_hidden(client, tenant):
    """A coordinator sees the reviews of their own centre only (request.access.narrow)."""
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    other = FamilyCentreFactory(municipality=tenant.municipality)
    from datetime import date

    AgreementFactory(
        municipality=tenant.municipality,
        centre=other,
        title="Fremdes Zentrum",
        status="active",
        review_date=date(2020, 1, 1),
    )
    html = start(client, tenant, Role.COORDINATOR).content.decode()
    assert "Fremdes Zentrum" not in html


@pytest.mark.parametrize("role", list(Role))
def test_start_page_queries_do_not_grow_with_data(
    client, tenant, role, django_assert_max_num_queries
):
    populate(tenant, 1)
    start(client, tenant, role)  # warm the session
    cache.clear()  # the items are collected anew
    # (18: the frame costs 4, each app's items one; a coordinator's page reads agreements,
    # action items, offers, reviews, relationships, referrals, needs, signals, contacts,
    # budget applications and centres: 17 in all)
    with django_assert_max_num_queries(18) as small:
        assert start(client, tenant, role, login=False).status_code == 200
    populate(tenant, 6, first=1)  # bumps the version: collected anew
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert start(client, tenant, role, login=False).status_code == 200
    # Kept until something they show changes: the frame, the imports and the centres.
    with django_assert_max_num_queries(7):
        assert start(client, tenant, role, login=False).status_code == 200


def test_centre_list_is_paginated(client, tenant):
    populate(tenant, 25)
    first = start(client, tenant, Role.PLANNER).content.decode()
    assert "Seite 1 von 2" in first
    second = start(client, tenant, Role.PLANNER, seite="2").content.decode()
    assert "Seite 2 von 2" in second
    out_of_range = start(client, tenant, Role.PLANNER, seite="99")
    assert out_of_range.status_code == 200
