"""Brokering: anonymous referrals, their validation, outcomes, counts and the start page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.analysis.tests.factories import NeedFactory
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.dashboard.registry import Context
from verbund.offers.models import Referral, ReferralOutcome
from verbund.offers.overlaps import referrals
from verbund.offers.overlaps.dashboard import open_referral_items
from verbund.taxonomy.tests.factories import term
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .factories import OfferFactory, ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(tenant):
    other = FamilyCentreFactory(municipality=tenant.municipality)
    return OfferFactory(municipality=tenant.municipality, centre=other, title="Babyschwimmen")


def create_url(tenant, offer):
    return reverse("offers:referral_create", args=[tenant.municipality.slug, offer.pk])


def data(tenant, **changes):
    m = tenant.municipality
    values = {
        "date": timezone.localdate().isoformat(),
        "centre": tenant.centre.pk,
        "life_phase": term(m, "life_phase", "0-1").pk,
        "topic": term(m, "topic", "health").pk,
        "need": "",
    }
    values.update(changes)
    return values


def test_staff_records_a_referral_to_another_centres_offer(client, tenant, offer):
    client.force_login(tenant.users[Role.STAFF])
    form = client.get(create_url(tenant, offer))
    assert form.status_code == 200
    body = form.content.decode()
    assert "kein Freitextfeld" in body
    assert "<textarea" not in body
    response = client.post(create_url(tenant, offer), data(tenant))
    assert response.status_code == 302
    with scopes_disabled():
        referral = Referral.objects.get()
        assert (referral.offer, referral.centre, referral.outcome) == (
            offer,
            tenant.centre,
            ReferralOutcome.OPEN,
        )
        assert AuditEntry.unscoped.filter(action="offers.referral.record").count() == 1
    assert {f.name for f in Referral._meta.get_fields()}.isdisjoint(
        {"name", "note", "notes", "family", "case", "comment"}
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": "2999-01-01"}, "date", "nicht in der Zukunft"),
        ({"topic": ""}, "topic", "Thema oder einen Bedarf"),
        ({"life_phase": ""}, "life_phase", ""),
    ],
)
def test_bad_input_is_refused_at_the_field(client, tenant, offer, changes, field, message):
    client.force_login(tenant.users[Role.STAFF])
    response = client.post(create_url(tenant, offer), data(tenant, **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    with scopes_disabled():
        assert not Referral.objects.exists()


def test_forged_centre_topic_and_need_are_refused(client, tenant, foreign, offer):
    other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    other_need = NeedFactory(municipality=tenant.municipality, centre=other_centre)
    foreign_phase = term(foreign.municipality, "life_phase", "0-1")
    client.force_login(tenant.users[Role.STAFF])
    for changes, field in [
        ({"centre": other_centre.pk}, "centre"),
        ({"centre": foreign.centre.pk}, "centre"),
        ({"need": other_need.pk}, "need"),
        ({"life_phase": foreign_phase.pk}, "life_phase"),
        ({"topic": term(tenant.municipality, "life_phase", "1-3").pk}, "topic"),
    ]:
        response = client.post(create_url(tenant, offer), data(tenant, **changes))
        assert response.status_code == 400, changes
        assert field in response.context["form"].errors, changes
    with scopes_disabled():
        assert not Referral.objects.exists()


def test_forged_offer_of_another_municipality_is_not_found(client, tenant, foreign):
    stranger = OfferFactory(municipality=foreign.municipality, centre=foreign.centre)
    client.force_login(tenant.users[Role.STAFF])
    assert client.get(create_url(tenant, stranger)).status_code == 404
    assert client.post(create_url(tenant, stranger), data(tenant)).status_code == 404
    with scopes_disabled():
        assert not Referral.objects.exists()


def test_a_need_gives_its_topic(client, tenant, offer):
    need = NeedFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        topic=term(tenant.municipality, "topic", "poverty"),
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(create_url(tenant, offer), data(tenant, topic="", need=need.pk))
    assert response.status_code == 302
    with scopes_disabled():
        referral = Referral.objects.get()
    assert referral.need == need
    assert referral.topic == term(tenant.municipality, "topic", "poverty")


def test_outcome_is_kept_by_the_own_centre_only(client, tenant, offer):
    own = ReferralFactory(offer=offer, centre=tenant.centre)
    other = ReferralFactory(offer=offer, centre=offer.centre)
    client.force_login(tenant.users[Role.STAFF])
    slug = tenant.municipality.slug
    url = reverse("offers:referral_outcome", args=[slug, own.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"outcome": "waiting_list"}).status_code == 302
    assert client.post(url, {"outcome": "erfunden"}).status_code == 400
    foreign_url = reverse("offers:referral_outcome", args=[slug, other.pk])
    assert client.post(foreign_url, {"outcome": "taken_up"}).status_code == 403
    with scopes_disabled():
        own.refresh_from_db()
        other.refresh_from_db()
        assert own.outcome == ReferralOutcome.WAITING_LIST
        assert own.outcome_on == timezone.localdate()
        assert other.outcome == ReferralOutcome.OPEN
        assert AuditEntry.unscoped.filter(action="offers.referral.outcome").count() == 1
    listed = client.get(reverse("offers:referral_list", args=[slug])).content.decode()
    assert f"Vermittlung Nr. {own.pk}" in listed
    assert f"Vermittlung Nr. {other.pk}" not in listed


def test_list_query_count_is_constant(client, tenant, offer, django_assert_max_num_queries):
    client.force_login(tenant.users[Role.STAFF])
    url = reverse("offers:referral_list", args=[tenant.municipality.slug])
    ReferralFactory(offer=offer, centre=tenant.centre)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"q": "Babyschwimmen"}).status_code == 200
    for _ in range(15):
        ReferralFactory(offer=OfferFactory(municipality=tenant.municipality), centre=tenant.centre)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url, {"q": "Babyschwimmen"})
    assert "Vermittlung festhalten" in response.content.decode()


# -- counts --------------------------------------------------------------------------------


def test_planner_sees_counts_city_wide_with_small_ones_withheld(tenant, offer):
    m = tenant.municipality
    for _ in range(3):
        ReferralFactory(offer=offer, centre=tenant.centre)
    ReferralFactory(offer=offer, centre=offer.centre, topic=term(m, "topic", "poverty"))
    phase = term(m, "life_phase", "0-1").pk
    health, poverty = term(m, "topic", "health").pk, term(m, "topic", "poverty").pk
    with scope(municipality=m.pk):
        planner = access_for(tenant.users[Role.PLANNER], m)
        staff = access_for(tenant.users[Role.STAFF], m)
        assert referrals.referral_counts(m, planner) == {(phase, health): 3}
        assert referrals.referral_matrix(municipality=m, access=planner)[(phase, poverty)] is None
        # The centre's own staff see their own exact numbers (the poverty one is another's).
        assert referrals.referral_counts(m, staff) == {(phase, health): 3}
        staff_filter = referrals.ReferralFilter(outcome=ReferralOutcome.OPEN)
        assert referrals.referral_counts(m, staff, filters=staff_filter) == {(phase, health): 3}


def test_counts_page_withholds_small_numbers_for_the_planner(client, tenant, offer):
    ReferralFactory(offer=offer, centre=tenant.centre)
    slug = tenant.municipality.slug
    url = reverse("offers:referral_counts", args=[slug])
    client.force_login(tenant.users[Role.PLANNER])
    body = client.get(url).content.decode()
    assert "Zahlen unter 3 werden nicht gezeigt" in body
    assert "&lt; 3" in body
    assert client.get(reverse("offers:referral_list", args=[slug])).status_code == 403
    client.force_login(tenant.users[Role.COORDINATOR])
    body = client.get(url).content.decode()
    assert "Zahlen unter 3" not in body


def test_counts_page_query_count_is_constant(client, tenant, offer, django_assert_max_num_queries):
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("offers:referral_counts", args=[tenant.municipality.slug])
    ReferralFactory(offer=offer, centre=tenant.centre)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(12):
        ReferralFactory(offer=OfferFactory(municipality=tenant.municipality), centre=tenant.centre)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


# -- start page ----------------------------------------------------------------------------


def test_open_referrals_after_four_weeks_are_due_on_the_start_page(
    tenant, offer, django_assert_max_num_queries
):
    today = timezone.localdate()
    old = today - datetime.timedelta(weeks=5)
    ReferralFactory(offer=offer, centre=tenant.centre, date=old)
    ReferralFactory(offer=offer, centre=tenant.centre, date=old)
    ReferralFactory(offer=offer, centre=tenant.centre, date=today)
    ReferralFactory(offer=offer, centre=tenant.centre, date=old, outcome=ReferralOutcome.TAKEN_UP)
    ReferralFactory(offer=offer, centre=offer.centre, date=old)
    m = tenant.municipality
    with scope(municipality=m.pk):
        ctx = Context(m, access_for(tenant.users[Role.STAFF], m), tenant.users[Role.STAFF], today)
        with django_assert_max_num_queries(1):
            items = open_referral_items(ctx)
        planner = tenant.users[Role.PLANNER]
        assert open_referral_items(Context(m, access_for(planner, m), planner, today)) == []
    (item,) = items
    assert item.title.startswith("2 Vermittlungen ohne Ergebnis")
    assert item.due == old + datetime.timedelta(weeks=4)
