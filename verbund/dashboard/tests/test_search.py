"""The search page: grouped by kind, only what the user may see, a fixed number of queries."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.analysis.tests.factories import NeedFactory
from verbund.areas.tests.factories import AreaFactory, WalkFactory
from verbund.cooperation.models import PartyKind
from verbund.cooperation.tests.factories import AgreementFactory, PartyFactory
from verbund.core.roles import Role
from verbund.network.models import Organisation
from verbund.network.tests.factories import ContactFactory, OrganisationFactory
from verbund.tenancy.tests.factories import FamilyCentreFactory

pytestmark = pytest.mark.django_db


def url(tenant, **params):
    base = reverse("dashboard:search", args=[tenant.municipality.slug])
    return base, params


def search(client, tenant, role, **params):
    client.force_login(tenant.users[role])
    base, params = url(tenant, **params)
    response = client.get(base, params)
    assert response.status_code == 200
    return response.content.decode()


def populate(tenant, n=1, word="Sonnenblume"):
    """``n`` objects of every kind with ``word`` in their name, in the tenant's centre, one
    organisation of them the partner's own (linked to the tenant's facility)."""
    town, centre = tenant.municipality, tenant.centre
    with scopes_disabled():
        own = Organisation.objects.filter(facility=tenant.facility).first()
        if own is None:
            own = OrganisationFactory(
                municipality=town, facility=tenant.facility, name=f"{word} eigene Organisation"
            )
            ContactFactory(organisation=own, first_name="Jörg", last_name=f"{word}-Müller")
        area = AreaFactory(municipality=town, name=f"{word}viertel")
        area.centres.add(centre)
        other_centre = FamilyCentreFactory(municipality=town, name=f"{word} Anderes Zentrum")
        for i in range(n):
            org = OrganisationFactory(
                municipality=town, name=f"{word} Verein {i}", street=f"Lindenstraße {i}"
            )
            ContactFactory(organisation=org, first_name="Maria", last_name=f"{word}-Person {i}")
            shared = AgreementFactory(municipality=town, centre=centre, title=f"{word} mit {i}")
            PartyFactory(agreement=shared, kind=PartyKind.PARTNER, organisation=own)
            AgreementFactory(municipality=town, centre=other_centre, title=f"{word} fremd {i}")
            NeedFactory(municipality=town, centre=centre, title=f"{word}-Bedarf {i}", area=area)
            NeedFactory(municipality=town, centre=other_centre, title=f"{word}-Bedarf anders {i}")
            WalkFactory(municipality=town, centre=centre, title=f"{word}-Begehung {i}", area=area)
    return own


def titles(html):
    return re.findall(r'class="kern-link search-result__title" href="[^"]*">([^<]+)<', html)


def test_coordinator_finds_every_kind_grouped_with_counts(client, tenant):
    populate(tenant, n=2)
    html = search(client, tenant, Role.COORDINATOR, q="sonnenblume")
    for heading in [
        "Familienzentren",
        "Organisationen",
        "Ansprechpersonen",
        "Kooperationsvereinbarungen",
        "Sozialräume und Gebiete",
        "Bedarfe",
        "Begehungen",
    ]:
        assert f">{heading} <span" in html
    assert "Sonnenblume Verein 1" in html
    assert "Sonnenblume-Begehung 0" in html
    # A coordinator's agreements and needs are those of the own centre only.
    assert "Sonnenblume fremd" not in html
    assert "Bedarf anders" not in html
    assert 'href="#treffer-organisationen">Organisationen (3)</a>' in html


def test_german_spellings_and_all_words(client, tenant):
    populate(tenant)
    assert "Sonnenblume Verein 0" in titles(
        search(client, tenant, Role.COORDINATOR, q="LINDENSTRASSE 0 verein")
    )
    assert "Jörg Sonnenblume-Müller" in titles(
        search(client, tenant, Role.COORDINATOR, q="joerg mueller")
    )
    html = search(client, tenant, Role.COORDINATOR, q="Sonnenblume Zitrone")
    assert titles(html) == []
    assert "Keine Treffer für „Sonnenblume Zitrone“." in html
    assert "Weniger Wörter eingeben" in html


def test_foreign_objects_never_appear(client, tenant, foreign):
    populate(foreign, word="Sonnenblume")
    for role in Role:
        html = search(client, tenant, role, q="Sonnenblume")
        assert titles(html) == [], role
    # Not through the list of one kind either.
    html = search(client, tenant, Role.ADMIN, q="Sonnenblume", art="organisationen")
    assert titles(html) == []


def test_partner_sees_only_what_the_role_allows(client, tenant):
    populate(tenant, n=2)
    found = titles(search(client, tenant, Role.PARTNER, q="sonnenblume"))
    assert "Sonnenblume eigene Organisation" in found
    assert "Jörg Sonnenblume-Müller" in found  # the own organisation's contact
    assert "Sonnenblume mit 0" in found  # an agreement the organisation is party to
    assert not [t for t in found if "Verein" in t or "Person" in t or "fremd" in t]
    assert not [t for t in found if "Bedarf" in t]  # partners see no needs


def test_provider_admin_finds_no_contacts(client, tenant):
    populate(tenant)
    html = search(client, tenant, Role.PROVIDER_ADMIN, q="sonnenblume")
    assert "Sonnenblume Verein 0" in titles(html)
    assert ">Ansprechpersonen <span" not in html
    assert not [t for t in titles(html) if "Müller" in t or "Person" in t]


def test_all_of_one_kind_page_by_page(client, tenant):
    populate(tenant, n=30)
    html = search(client, tenant, Role.PLANNER, q="sonnenblume verein")
    assert "Alle 30 anzeigen (Organisationen)" in html
    assert len([t for t in titles(html) if "Verein" in t]) == 5
    first = search(client, tenant, Role.PLANNER, q="sonnenblume verein", art="organisationen")
    assert len(titles(first)) == 25
    assert "Seite 1 von 2 (30 Einträge)" in first
    second = search(
        client, tenant, Role.PLANNER, q="sonnenblume verein", art="organisationen", seite="2"
    )
    assert len(titles(second)) == 5
    assert not set(titles(first)) & set(titles(second))
    beyond = search(
        client, tenant, Role.PLANNER, q="sonnenblume verein", art="organisationen", seite="99"
    )
    assert titles(beyond) == titles(second)


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x" * 5000},
        {"q": "\x00%_"},
        {"q": "a", "art": "gibtsnicht"},
        {"q": "a", "art": "personen", "seite": "²"},
        {"art": "organisationen"},
    ],
)
def test_odd_input_never_fails(client, tenant, params):
    search(client, tenant, Role.PARTNER, **params)


def test_a_kind_the_user_may_not_see_is_not_listed(client, tenant):
    populate(tenant)
    html = search(client, tenant, Role.PARTNER, q="sonnenblume", art="bedarfe")
    assert "Suche in: Bedarfe" not in html
    assert not [t for t in titles(html) if "Bedarf" in t]


def test_empty_page_says_what_is_searched(client, tenant):
    html = search(client, tenant, Role.STAFF)
    assert "Verbund durchsucht alles, was Sie sehen dürfen" in html
    assert "Ansprechpersonen" in html


def test_header_has_one_search_box(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    html = client.get(reverse("tenancy:home", args=[tenant.municipality.slug])).content.decode()
    # One in the header row, one at the top of the menu (for a phone); CSS shows one of them.
    assert html.count('role="search"') == 2
    assert 'for="site-search-header"' in html
    assert 'for="site-search-menu"' in html


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER, Role.PLANNER])
def test_query_count_does_not_grow_with_the_data(
    client, tenant, role, django_assert_max_num_queries
):
    """Session, user, municipality, memberships, one query per kind, the header counter."""
    populate(tenant, n=2)
    client.force_login(tenant.users[role])
    base, _params = url(tenant)
    with django_assert_max_num_queries(13) as small:
        client.get(base, {"q": "sonnenblume"})
    populate(tenant, n=40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(base, {"q": "sonnenblume"}).status_code == 200
    # One kind: its one query (a page past the end: a count and the last page).
    with django_assert_max_num_queries(8):
        client.get(base, {"q": "sonnenblume", "art": "organisationen", "seite": "2"})
