"""Catalogue part: low threshold is derived from the offer's attributes and explained."""

import pytest

from verbund.offers.choices import Admission, Cost, OfferFormat, PlaceKind
from verbund.offers.low_threshold import HIGH, LOW, PARTLY, low_threshold
from verbund.offers.models import Offer
from verbund.tenancy.models import Facility


def offer(**values):
    base = {
        "centre_id": 1,
        "cost": Cost.FREE,
        "admission": Admission.OPEN,
        "format": OfferFormat.OPEN_MEETING,
        "childcare": False,
        "languages": "de",
        "interpretation": False,
        "place_kind": PlaceKind.OUTREACH,
    }
    base.update(values)
    return Offer(**base)


def test_free_open_walk_in_outreach_is_low_threshold():
    result = low_threshold(offer())
    assert result.level == LOW
    assert "kostenlos" in result.met and "ohne Anmeldung" in result.met
    assert result.missing == ["keine Kinderbetreuung", "nur auf Deutsch, ohne Sprachmittlung"]
    assert result.score == pytest.approx(4 / 6)
    assert result.label == "niedrigschwellig"


def test_a_fee_keeps_it_from_being_low_even_with_everything_else():
    result = low_threshold(offer(cost=Cost.REDUCED, childcare=True, interpretation=True))
    assert result.level == PARTLY
    assert "kostet etwas (ermäßigt möglich)" in result.missing


def test_course_with_fee_registration_only_german_far_away_is_high():
    facility = Facility(pk=9, centre_id=2)
    result = low_threshold(
        offer(
            cost=Cost.FEE,
            admission=Admission.REFERRAL,
            format=OfferFormat.COURSE,
            place_kind=PlaceKind.FACILITY,
            location=facility,
        )
    )
    assert result.level == HIGH
    assert result.met == []
    assert "nur mit Vermittlung" in result.missing
    assert "nicht im Sozialraum des Familienzentrums" in result.missing
    assert result.score == 0


def test_language_fit_counts_other_languages_or_interpretation():
    assert (
        "nur auf Deutsch, ohne Sprachmittlung"
        not in low_threshold(offer(languages="de ar")).missing
    )
    assert (
        "nur auf Deutsch, ohne Sprachmittlung"
        not in low_threshold(offer(interpretation=True)).missing
    )


def test_near_means_in_the_centres_own_verbund_or_coming_to_families():
    own = Facility(pk=3, centre_id=1)
    near = low_threshold(offer(place_kind=PlaceKind.FACILITY, location=own))
    assert any("in der Nähe" in reason for reason in near.met)
    home_visit = low_threshold(offer(place_kind=PlaceKind.ADDRESS, format=OfferFormat.HOME_VISIT))
    assert any("in der Nähe" in reason for reason in home_visit.met)


@pytest.mark.django_db
def test_no_queries_for_a_list_with_location_loaded(tenant, django_assert_num_queries):
    from django_scopes import scopes_disabled

    from .factories import OfferFactory

    for _ in range(3):
        OfferFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            place_kind=PlaceKind.FACILITY,
            location=tenant.facility,
        )
    with scopes_disabled():
        offers = list(Offer.objects.select_related("location"))
    with django_assert_num_queries(0):
        levels = [low_threshold(item).level for item in offers]
    assert levels == [LOW, LOW, LOW]


@pytest.mark.django_db
def test_the_list_filter_in_sql_agrees_with_the_rule_for_every_combination(tenant):
    """``only_low_threshold`` (SQL) keeps exactly the offers ``low_threshold`` calls low."""
    import itertools

    from django_scopes import scopes_disabled

    from verbund.offers.low_threshold import only_low_threshold
    from verbund.tenancy.tests.factories import FacilityFactory

    from .factories import OfferFactory

    own = tenant.facility
    elsewhere = FacilityFactory(municipality=tenant.municipality)
    places = [
        {"place_kind": PlaceKind.OUTREACH},
        {"place_kind": PlaceKind.FACILITY, "location": own},
        {"place_kind": PlaceKind.FACILITY, "location": elsewhere},
        {"place_kind": PlaceKind.ADDRESS},
    ]
    combinations = itertools.product(
        [Cost.FREE, Cost.FEE],
        [Admission.OPEN, Admission.REGISTRATION],
        [OfferFormat.OPEN_MEETING, OfferFormat.COURSE, OfferFormat.HOME_VISIT],
        [False, True],  # childcare
        [("de", False), ("de ar", False), ("de", True), ("", False)],
        places,
    )
    with scopes_disabled():
        for cost, admission, form, childcare, (languages, interpretation), place in combinations:
            OfferFactory(
                municipality=tenant.municipality,
                centre=tenant.centre,
                cost=cost,
                admission=admission,
                format=form,
                childcare=childcare,
                languages=languages,
                interpretation=interpretation,
                **place,
            )
        every = list(Offer.objects.filter(centre=tenant.centre).select_related("location"))
        expected = {item.pk for item in every if low_threshold(item).is_low}
        found = set(
            only_low_threshold(Offer.objects.filter(centre=tenant.centre)).values_list(
                "pk", flat=True
            )
        )
    assert len(every) == 2 * 2 * 3 * 2 * 4 * 4
    assert expected and found == expected
