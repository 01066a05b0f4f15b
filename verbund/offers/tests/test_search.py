"""The offer search (issue 10, item 4): the same cases on SQLite and PostgreSQL (CI runs this
module on both; locally ``DATABASE_URL=postgres://… pytest`` for the second)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from verbund.areas.tests.factories import AreaFactory
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers.choices import Cost, OfferStatus, ReviewState, Visibility
from verbund.offers.models import Offer
from verbund.offers.search import (
    TEXT_INDEX,
    OfferQuery,
    haversine_km,
    public_offers,
    search_offers,
)
from verbund.offers.tests.factories import OfferFactory, OfferScheduleFactory
from verbund.offers.text import refresh_search_text
from verbund.taxonomy.tests.factories import term

pytestmark = pytest.mark.django_db


def make(tenant, title, **values):
    terms = values.pop("terms", [])
    areas = values.pop("areas", [])
    with scopes_disabled():
        offer = OfferFactory(centre=tenant.centre, title=title, **values)
        offer.terms.set(terms)
        offer.areas_served.set(areas)
        refresh_search_text([offer])
    return offer


def found(tenant, **query) -> list[str]:
    query.setdefault("municipality_id", tenant.municipality.pk)
    with scopes_disabled():
        base = Offer.objects.filter(municipality=tenant.municipality)
        return list(search_offers(base, OfferQuery(**query)).values_list("title", flat=True))


@pytest.fixture
def catalogue(tenant):
    for title, summary in [
        ("Schwimmkurse für Kinder", "Im Hallenbad, für 4- bis 6-Jährige."),
        ("Kochkurs für Väter", "Gemeinsam kochen und essen."),
        ("Elterncafé Köpenick", "Offener Treff in der Köpenicker Straße."),
        ("Beratung für Familien", "Erziehungsberatung nach Vereinbarung."),
        ("Eltern-Kind-Gruppe", "Spielen, Singen, Austausch."),
        ("Деловой клуб", "Treff für russischsprachige Mütter."),
    ]:
        make(tenant, title, summary=summary)
    return tenant


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Schwimmkurs", {"Schwimmkurse für Kinder"}),
        ("schwimmkurse", {"Schwimmkurse für Kinder"}),
        ("kochen", {"Kochkurs für Väter"}),
        ("Vater", {"Kochkurs für Väter"}),
        ("VÄTER", {"Kochkurs für Väter"}),
        ("Vaeter", {"Kochkurs für Väter"}),
        ("KÖPENICK", {"Elterncafé Köpenick"}),
        ("kopenick", {"Elterncafé Köpenick"}),
        ("Koepenick", {"Elterncafé Köpenick"}),
        ("elterncafe", {"Elterncafé Köpenick"}),
        ("Schwimm", {"Schwimmkurse für Kinder"}),  # prefix of a typed word
        ("Erziehungsberatung", {"Beratung für Familien"}),
        ("Familie Beratung", {"Beratung für Familien"}),  # every word, any order
        ("Eltern Kind Gruppe", {"Eltern-Kind-Gruppe"}),
        ("Elternkindgruppe", {"Eltern-Kind-Gruppe"}),
        ("Mutter", {"Деловой клуб"}),
        ("деловой", {"Деловой клуб"}),
        ("Kinder Väter", set()),  # both words needed
        ("Zumba", set()),
        ('"*) OR (x', set()),  # query syntax of either engine is only text
    ],
)
def test_german_full_text(catalogue, words, expected):
    assert set(found(catalogue, text=words)) == expected


@pytest.mark.parametrize("words", ["Schwimmkurs", "Vater", "KÖPENICK"])
def test_same_result_without_the_municipality_hint(catalogue, words):
    assert found(catalogue, text=words) == found(catalogue, text=words, municipality_id=None)


def test_words_without_letters_do_not_filter(catalogue):
    assert len(found(catalogue, text=" -- ; ")) == 6


def test_title_matches_come_first(tenant):
    make(tenant, "Aaa Treff", summary="Hier gibt es auch Beratung.")
    make(tenant, "Zzz Beratung", summary="Offene Sprechstunde.")
    assert found(tenant, text="Beratung") == ["Zzz Beratung", "Aaa Treff"]


def test_text_changes_follow_the_row(tenant):
    offer = make(tenant, "Babymassage")
    assert found(tenant, text="massage") == ["Babymassage"]  # the compound's head
    assert found(tenant, text="ssag") == []  # prefixes of words and heads only, no infix
    assert found(tenant, text="babymassage") == ["Babymassage"]
    with scopes_disabled():
        offer.title = "Babyschwimmen"
        offer.save(update_fields=["title"])
        refresh_search_text([offer])
        assert found(tenant, text="babymassage") == []
        assert found(tenant, text="Babyschwimmen") == ["Babyschwimmen"]
        Offer.objects.filter(pk=offer.pk).delete()
    assert found(tenant, text="Babyschwimmen") == []


def test_other_municipality_not_found(tenant, foreign):
    make(foreign, "Schwimmkurs woanders")
    assert found(tenant, text="Schwimmkurs") == []


def test_terms_any_within_a_list_all_across(tenant):
    mun = tenant.municipality
    baby, toddler = term(mun, "life_phase", "0-1"), term(mun, "life_phase", "1-3")
    health = term(mun, "topic", "health")
    make(tenant, "A", terms=[baby, health])
    make(tenant, "B", terms=[toddler])
    make(tenant, "C", terms=[toddler, health])
    assert found(tenant, term_lists=[[baby.pk, toddler.pk]]) == ["A", "B", "C"]
    assert found(tenant, term_lists=[[baby.pk, toddler.pk], [health.pk]]) == ["A", "C"]
    assert found(tenant, terms=[toddler.pk, health.pk]) == ["C"]  # grouped by their list
    assert found(tenant, terms=[987654]) == []


def test_language_with_interpretation_free_status_visibility(tenant):
    make(tenant, "Deutsch", languages="de")
    make(tenant, "Leichte Sprache", languages="de-ls")
    make(tenant, "Türkisch", languages="de tr", cost=Cost.FEE)
    make(tenant, "Mittlung", languages="de", interpretation=True, visibility=Visibility.INTERNAL)
    make(tenant, "Beendet", languages="tr", status=OfferStatus.ENDED)
    assert found(tenant, languages=["tr"]) == ["Mittlung", "Türkisch"]
    assert found(tenant, languages=["de-ls"]) == ["Leichte Sprache", "Mittlung"]
    assert found(tenant, languages=["de"], free_only=True) == ["Deutsch", "Mittlung"]
    assert found(tenant, languages=["tr"], statuses=[OfferStatus.ENDED]) == ["Beendet"]
    assert found(tenant, visibilities=[Visibility.INTERNAL]) == ["Mittlung"]
    assert "Mittlung" not in found(tenant, public_only=True)


def test_area_provider_centre(tenant):
    with scopes_disabled():
        area, other = AreaFactory(municipality=tenant.municipality), None
        other = AreaFactory(municipality=tenant.municipality)
        partner = OrganisationFactory(municipality=tenant.municipality)
        helper = OrganisationFactory(municipality=tenant.municipality)
    make(tenant, "Hier", areas=[area, other])
    make(tenant, "Dort", areas=[other], provider=partner)
    joint = make(tenant, "Gemeinsam")
    with scopes_disabled():
        joint.co_providers.set([partner])
    assert found(tenant, areas=[area.pk]) == ["Hier"]
    assert found(tenant, areas=[other.pk]) == ["Dort", "Hier"]  # once each
    assert found(tenant, providers=[partner.pk]) == ["Dort", "Gemeinsam"]
    assert found(tenant, providers=[helper.pk]) == []
    assert len(found(tenant, centres=[tenant.centre.pk])) == 3


def test_weekday_and_time(tenant):
    tuesday = make(tenant, "Dienstag früh")
    weekend = make(tenant, "Wochenende")
    make(tenant, "Ohne Termin")
    with scopes_disabled():
        OfferScheduleFactory(offer=tuesday, weekdays=2, start_minute=9 * 60)
        OfferScheduleFactory(offer=weekend, weekdays=32 | 64, start_minute=15 * 60)
    assert found(tenant, weekdays=["di"]) == ["Dienstag früh"]
    assert found(tenant, weekdays=["mo", "so"]) == ["Wochenende"]
    assert found(tenant, time_from=14 * 60) == ["Wochenende"]
    assert found(tenant, weekdays=["di", "sa"], time_to=12 * 60) == ["Dienstag früh"]
    assert found(tenant, weekdays=["xx"]) == ["Dienstag früh", "Ohne Termin", "Wochenende"]


def test_near_a_point_nearest_first_within_radius(tenant):
    centre = (52.5200, 13.4050)
    make(tenant, "2 km", latitude=Decimal("52.5380"), longitude=Decimal("13.4050"))
    make(tenant, "500 m", latitude=Decimal("52.5245"), longitude=Decimal("13.4050"))
    make(tenant, "Ecke", latitude=Decimal("52.5380"), longitude=Decimal("13.4350"))  # ~2.6 km
    make(tenant, "Ohne Ort")
    with scopes_disabled():
        facility = tenant.facility
        facility.latitude, facility.longitude = Decimal("52.5290"), Decimal("13.4050")
        facility.save()
    make(tenant, "Im Haus", location=facility)  # the facility's point
    assert haversine_km(*centre, 52.5380, 13.4350) > 2.5
    query = {"latitude": centre[0], "longitude": centre[1]}
    assert found(tenant, radius_km=2.5, **query) == ["500 m", "Im Haus", "2 km"]
    assert found(tenant, radius_km=0.2, **query) == []
    with scopes_disabled():
        rows = search_offers(
            Offer.objects.filter(municipality=tenant.municipality),
            OfferQuery(radius_km=5, text="km", **query),
        )
        distances = {offer.title: offer.distance_km for offer in rows}
    assert set(distances) == {"2 km"}
    assert distances["2 km"] == pytest.approx(2.0, abs=0.05)
    with scopes_disabled():
        everywhere = search_offers(
            Offer.objects.filter(municipality=tenant.municipality),
            OfferQuery(radius_km=5, **query),
        )
        computed = {offer.title: offer.distance_km for offer in everywhere}
    assert computed["Ecke"] == pytest.approx(haversine_km(*centre, 52.5380, 13.4350), rel=1e-6)
    assert computed["Im Haus"] == pytest.approx(haversine_km(*centre, 52.5290, 13.4050), rel=1e-6)


def test_public_offers_only_approved_public_running(tenant):
    make(tenant, "Öffentlich")
    make(tenant, "Intern", visibility=Visibility.INTERNAL)
    make(tenant, "Wartet", review_state=ReviewState.SUBMITTED)
    make(tenant, "Pause", status=OfferStatus.PAUSED)
    with scopes_disabled():
        titles = list(
            public_offers(municipality=tenant.municipality).values_list("title", flat=True)
        )
    assert titles == ["Öffentlich"]


def test_index_is_recreated_when_missing(tenant):
    make(tenant, "Familienfrühstück")
    if connection.vendor == "postgresql":  # (the test's transaction has deferred checks)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    TEXT_INDEX.drop(connection)
    assert TEXT_INDEX.missing(connection)
    assert TEXT_INDEX.ensure(connection) is True
    assert not TEXT_INDEX.missing(connection)
    assert TEXT_INDEX.ensure(connection) is False
    assert found(tenant, text="Frühstück") == ["Familienfrühstück"]  # the compound's head
    assert found(tenant, text="ueck") == []  # no infix
    assert found(tenant, text="familienfruehstueck") == ["Familienfrühstück"]


def test_query_uses_the_index(tenant):
    make(tenant, "Schwimmkurs")
    with scopes_disabled():
        queryset = search_offers(
            Offer.objects.filter(municipality=tenant.municipality), OfferQuery(text="schwimm")
        )
        plan = queryset.explain()
    if connection.vendor == "sqlite":
        assert "VIRTUAL TABLE INDEX" in plan
    else:  # a tiny table is scanned; the index must at least exist
        assert not TEXT_INDEX.missing(connection)


def test_schedule_filter_ignores_other_municipality(tenant, foreign):
    offer = make(tenant, "Hier")
    with scopes_disabled():
        OfferScheduleFactory(offer=offer, weekdays=1, start_minute=600)
    assert found(tenant, weekdays=["mo"], time_from=9 * 60) == ["Hier"]
    assert datetime.time(10, 0)  # (start_minute 600 = 10:00)


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("Babyschwimmen im Hallenbad", "schwimmen"),
        ("Erziehungsberatung für Eltern", "Beratung"),
        ("Familienberatung am Markt", "beratung"),
    ],
)
def test_the_head_of_a_compound_finds_it(tenant, title, query):
    """German compounds keep their head last: the tail of a long word is searchable."""
    for each in (title, "Kochkurs für Väter"):
        make(tenant, each)
    assert found(tenant, text=query) == [title]
