"""The offer figures of the gap matrix are computed once per change (issue 17, item 5): every
change that moves an offer into or out of a cell shows on the next view, and an unchanged
matrix costs no grouping query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from verbund.areas.tests.factories import AreaFactory
from verbund.offers.choices import OfferStatus
from verbund.offers.gaps.selectors import GapScope
from verbund.taxonomy.tests.factories import term
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

from .test_gaps import cell, make_offer, matrix_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def north(tenant):
    area = AreaFactory(municipality=tenant.municipality, name="Nord")
    area.centres.add(tenant.centre)
    return area


def offers_in(tenant, place, phase="0-1", topic="health"):
    return cell(matrix_for(tenant, place), phase, topic).offers


def grouping_queries(tenant, place) -> int:
    with CaptureQueriesContext(connection) as captured:
        matrix_for(tenant, place)
    return sum("GROUP BY" in q["sql"] and "offers_offer_terms" in q["sql"] for q in captured)


def test_an_unchanged_matrix_is_not_grouped_again(tenant, north):
    make_offer(tenant, "0-1", "health", areas=[north])
    place = GapScope(tenant.municipality, centre=tenant.centre)
    assert grouping_queries(tenant, place) == 2  # specific rows, then "all"-only offers
    assert grouping_queries(tenant, place) == 0
    city = GapScope(tenant.municipality)
    assert grouping_queries(tenant, city) == 2  # another place: its own entry


def test_offer_changes_show_at_once(tenant, north):
    m = tenant.municipality
    place = GapScope(m, centre=tenant.centre)
    city = GapScope(m)
    offer = make_offer(tenant, "0-1", "health", areas=[north])
    assert offers_in(tenant, place) == offers_in(tenant, city) == 1
    with scopes_disabled():
        offer.status = OfferStatus.PAUSED
        offer.save()
    assert offers_in(tenant, place) == offers_in(tenant, city) == 0
    with scopes_disabled():
        offer.status = OfferStatus.ACTIVE
        offer.save()
        assert offers_in(tenant, place) == 1
        offer.terms.remove(term(m, "topic", "health"))
        assert offers_in(tenant, place) == 0
        offer.terms.add(term(m, "topic", "health"))
        assert offers_in(tenant, place) == 1
        offer.areas_served.clear()  # no area named: its own centre's Sozialraum
        other = FamilyCentreFactory(municipality=m)
        offer.centre = other
        offer.save()
        assert offers_in(tenant, place) == 0
        offer.delete()
    assert offers_in(tenant, city) == 0


def test_reachability_changes_show_at_once(tenant, north):
    """A facility moving to the centre, or an area given to the centre, changes what is
    reachable in its Sozialraum without touching any offer."""
    m = tenant.municipality
    place = GapScope(m, centre=tenant.centre)
    south = AreaFactory(municipality=m, name="Süd")
    make_offer(tenant, "0-1", "health", areas=[south], centre=FamilyCentreFactory(municipality=m))
    assert offers_in(tenant, place) == 0
    with scopes_disabled():
        south.centres.add(tenant.centre)
    assert offers_in(tenant, place) == 1
    with scopes_disabled():
        tenant.centre.areas.remove(south)  # the reverse side of the same link
    assert offers_in(tenant, place) == 0
    elsewhere = FacilityFactory(municipality=m, centre=FamilyCentreFactory(municipality=m))
    make_offer(
        tenant,
        "0-1",
        "health",
        centre=elsewhere.centre,
        location=elsewhere,
        place_kind="facility",
        areas=[south],
    )
    assert offers_in(tenant, place) == 0
    with scopes_disabled():
        elsewhere.centre = tenant.centre
        elsewhere.save()
    assert offers_in(tenant, place) == 1


def test_another_municipality_keeps_its_own_entry(tenant, foreign, north):
    make_offer(tenant, "0-1", "health", areas=[north])
    place = GapScope(tenant.municipality)
    assert offers_in(tenant, place) == 1
    make_offer(foreign, "0-1", "health")
    assert grouping_queries(tenant, place) == 0  # a foreign change leaves this one cached
