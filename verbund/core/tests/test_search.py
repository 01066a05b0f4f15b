"""The search layer's matching: German-aware folding, every word must match, the same in the
database as in Python."""

import pytest
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st

from verbund.core.search import MAX_QUERY_LENGTH, MAX_WORDS, Query, SearchResult, find, fold
from verbund.network.models import Organisation
from verbund.network.tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Straße", "Strasse"),
        ("STRASSE", "straße"),
        ("Müller", "Mueller"),
        ("MÜLLER", "mueller"),
        ("Übergang", "uebergang"),
        ("Öffnungszeiten", "oeffnungszeiten"),
        ("Ärztehaus", "AERZTEHAUS"),
        ("Mu\u0308ller", "Müller"),  # decomposed umlaut (as some keyboards send it)
        ("Groß  Straße", "gross strasse"),
    ],
)
def test_fold_makes_spellings_equal(a, b):
    assert fold(a) == fold(b)


def test_query_words_control_characters_and_length():
    query = Query.parse("  Sport\x00verein   „Nordstadt“ sport ")
    assert query.words == ("sport", "verein", "nordstadt")
    assert "\x00" not in query.text
    assert len(Query.parse("x" * 1000).text) == MAX_QUERY_LENGTH
    assert len(Query.parse(" ".join(f"w{i}" for i in range(30))).words) == MAX_WORDS
    assert not Query.parse("   ")
    assert not Query.parse(None)


@given(st.text(max_size=300))
def test_any_input_parses(raw):
    query = Query.parse(raw)
    assert len(query.text) <= MAX_QUERY_LENGTH
    assert all(word and " " not in word for word in query.words)


def _names(found):
    return [result.title for result in found.results]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lindenstrasse", ["Ärztehaus Lindenstraße"]),
        ("AERZTEHAUS", ["Ärztehaus Lindenstraße"]),
        ("ärzte linden", ["Ärztehaus Lindenstraße"]),
        ("linden ärzte", ["Ärztehaus Lindenstraße"]),
        ("Sport", ["Sportverein Süd", "Schule am Sportplatz"]),
        ("sued sport", ["Sportverein Süd"]),
        ("sport 51061", ["Sportverein Süd"]),
        ("Sport Ärzte", []),
        ("100%", []),
        ("_", []),
    ],
)
def test_find_in_the_database_matches_fold(tenant, typed, expected):
    with scopes_disabled():
        town = tenant.municipality
        OrganisationFactory(municipality=town, name="Ärztehaus Lindenstraße", postcode="50667")
        OrganisationFactory(municipality=town, name="Sportverein Süd", postcode="51061")
        OrganisationFactory(municipality=town, name="Schule am Sportplatz", postcode="50667")
        found = find(
            Organisation.objects.filter(municipality=town),
            Query.parse(typed),
            fields=["name", "postcode"],
            title="name",
            result=lambda org: SearchResult(org.name, "/"),
            limit=10,
        )
    assert _names(found) == expected  # titles starting with the first word come first
    assert found.total == len(expected)


@pytest.mark.django_db
def test_find_counts_beyond_the_limit_and_pages(tenant):
    with scopes_disabled():
        for i in range(7):
            OrganisationFactory(municipality=tenant.municipality, name=f"Verein {i}")
        qs = Organisation.objects.filter(municipality=tenant.municipality)

        def page(offset):
            return find(
                qs,
                Query.parse("verein"),
                fields=["name"],
                title="name",
                result=lambda org: SearchResult(org.name, "/"),
                limit=3,
                offset=offset,
            )

        assert (_names(page(0)), page(0).total) == (["Verein 0", "Verein 1", "Verein 2"], 7)
        assert _names(page(6)) == ["Verein 6"]
        assert (page(30).results, page(30).total) == ([], 7)


@pytest.mark.django_db
def test_choice_endpoints_match_the_same_way(client, tenant):
    from django.urls import reverse

    from verbund.core.roles import Role

    with scopes_disabled():
        OrganisationFactory(municipality=tenant.municipality, name="Ärztehaus Lindenstraße")
        OrganisationFactory(municipality=tenant.municipality, name="Sportverein Süd")
    client.force_login(tenant.users[Role.COORDINATOR])
    url = reverse("network:organisation_choices", args=[tenant.municipality.slug])
    labels = [
        row["label"] for row in client.get(url, {"q": "lindenstrasse aerzte"}).json()["results"]
    ]
    assert labels == ["Ärztehaus Lindenstraße"]
