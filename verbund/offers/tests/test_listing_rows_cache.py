"""The offer list's rows are kept per change of what they show (issue 17)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers import rows_cache
from verbund.offers.choices import ReviewState, Visibility
from verbund.offers.gaps import cache as gap_cache
from verbund.offers.models import Offer
from verbund.offers.tests.factories import OfferScheduleFactory
from verbund.taxonomy.tests.factories import term

from .test_listing import login, make, url

pytestmark = pytest.mark.django_db


def listed(client, tenant) -> str:
    """The rows of the list (the filters name providers and centres too)."""
    response = client.get(url(tenant))
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('<ul class="offer-results">') :]


def test_rows_follow_every_change_they_show(client, tenant):
    m = tenant.municipality
    baby = term(m, "life_phase", "0-1")
    with scopes_disabled():
        midwife = OrganisationFactory(municipality=m, name="Hebammenpraxis Nord")
    offer = make(tenant, "Babymassage", terms=[baby], provider=midwife)
    login(client, tenant, Role.PLANNER)
    page = listed(client, tenant)
    assert "Babymassage" in page and "0–1 Jahre" in page and "Hebammenpraxis Nord" in page
    with CaptureQueriesContext(connection) as kept:
        assert "0–1 Jahre" in listed(client, tenant)
    assert not [q for q in kept if "offers_offerschedule" in q["sql"]]

    with scopes_disabled():
        offer.title = "Babymassage am Morgen"
        offer.save()
    assert "Babymassage am Morgen" in listed(client, tenant)
    with scopes_disabled():
        baby.label = "Babys im ersten Jahr"
        baby.save()
    assert "Babys im ersten Jahr" in listed(client, tenant)
    assert "Di 09:00" not in listed(client, tenant)
    OfferScheduleFactory(offer=offer)
    assert "Di 09:00" in listed(client, tenant)
    with scopes_disabled():
        midwife.name = "Hebammenpraxis Süd"
        midwife.save()
    assert "Hebammenpraxis Süd" in listed(client, tenant)
    with scopes_disabled():
        tenant.centre.name = "Familienzentrum am Park"
        tenant.centre.save()
    page = listed(client, tenant)
    assert "Familienzentrum am Park" in page
    badge = '<span class="kern-label kern-label--small">nur im Netzwerk</span>'
    assert badge not in page
    with scopes_disabled():  # as the feed import does: a bulk update, then the bump
        Offer.objects.filter(pk=offer.pk).update(visibility=Visibility.INTERNAL)
    gap_cache.bump(m.pk)
    assert badge in listed(client, tenant)


def test_each_viewer_gets_the_rows_of_her_own_list(client, tenant):
    with scopes_disabled():
        partner = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    make(tenant, "Offener Treff")
    make(tenant, "Wartendes Angebot", provider=partner, review_state=ReviewState.SUBMITTED)
    login(client, tenant, Role.COORDINATOR)
    assert "Wartendes Angebot" in listed(client, tenant)
    login(client, tenant, Role.PLANNER)
    page = listed(client, tenant)
    assert "Offener Treff" in page and "Wartendes Angebot" not in page
    login(client, tenant, Role.COORDINATOR)
    assert "Wartendes Angebot" in listed(client, tenant)


def test_rows_are_kept_per_language(tenant):
    offer = make(tenant, "Elterncafé")

    def render():
        return translation.get_language()

    with translation.override("de"):
        assert (
            rows_cache.rows_html(
                municipality_id=tenant.municipality.pk, rows=[offer], render=render
            )
            == "de"
        )
    with translation.override("en"):
        assert (
            rows_cache.rows_html(
                municipality_id=tenant.municipality.pk, rows=[offer], render=render
            )
            == "en"
        )
    offer.distance_km = 1.5  # a search near a place: its own rows
    with translation.override("de"):
        assert (
            rows_cache.rows_html(
                municipality_id=tenant.municipality.pk, rows=[offer], render=lambda: "near"
            )
            == "near"
        )
