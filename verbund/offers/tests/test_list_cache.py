"""The offer list's search keys and filter form are kept per change (issue 17): every change
that moves an offer into or out of a search, or changes the form's choices, shows on the next
view, and each viewer gets the list and form of her own reach."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers.choices import OfferStatus, ReviewState
from verbund.offers.models import Offer, OfferSchedule
from verbund.offers.tests.factories import OfferScheduleFactory
from verbund.taxonomy.tests.factories import term

from .test_listing import login, make, url

pytestmark = pytest.mark.django_db


def results(client, tenant, **params) -> str:
    response = client.get(url(tenant, **params))
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('<p class="kern-body" role="status">') :]


def form(client, tenant, **params) -> str:
    response = client.get(url(tenant, **params))
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('<form method="get" class="offer-filters"')
    return page[start : page.index("</form>", start)]


def test_search_follows_offers_entering_and_leaving_it(client, tenant):
    offer = make(tenant, "Kochkurs für Väter")
    make(tenant, "Babymassage")
    login(client, tenant, Role.PLANNER)
    assert "Kochkurs für Väter" in results(client, tenant, q="Kochkurs")
    with CaptureQueriesContext(connection) as kept:
        assert "1 Angebot gefunden" in results(client, tenant, q="Kochkurs")
    assert not [q for q in kept if "MATCH" in q["sql"] or "to_tsvector" in q["sql"]]

    with scopes_disabled():  # no signal: only the search text's refresh tells the cache
        Offer.objects.filter(pk=offer.pk).update(title="Backkurs für Väter")
        offer.refresh_from_db()
    services_text(offer)
    assert "0 Angebote gefunden" in results(client, tenant, q="Kochkurs")
    assert "Backkurs für Väter" in results(client, tenant, q="Backkurs")

    make(tenant, "Kochkurs am Abend")
    assert "Kochkurs am Abend" in results(client, tenant, q="Kochkurs")

    with scopes_disabled():
        offer.status = OfferStatus.ENDED
        offer.save()
    assert "Backkurs für Väter" not in results(client, tenant, q="Backkurs")
    assert "Backkurs für Väter" not in results(client, tenant)


def services_text(offer):
    """What the offer services do after a save: the search text follows the title."""
    from verbund.offers.text import refresh_search_text

    with scopes_disabled():
        refresh_search_text([offer])


def test_filters_follow_times_co_providers_and_areas(client, tenant):
    m = tenant.municipality
    offer = make(tenant, "Elterncafé")
    login(client, tenant, Role.PLANNER)
    assert "Elterncafé" not in results(client, tenant, tag=["di"])
    OfferScheduleFactory(offer=offer)  # Tuesdays at nine
    assert "Elterncafé" in results(client, tenant, tag=["di"])
    with scopes_disabled():
        schedule = OfferSchedule.objects.get(offer=offer)
        schedule.weekdays = 1  # Mondays
        schedule.save()
    assert "Elterncafé" not in results(client, tenant, tag=["di"])

    with scopes_disabled():
        club = OrganisationFactory(municipality=m, name="Turnverein Kalk")
        other = make(tenant, "Kinderturnen", provider=club)
    assert "Elterncafé" not in results(client, tenant, anbieter=club.pk)
    with scopes_disabled():
        offer.co_providers.add(club)
    page = results(client, tenant, anbieter=club.pk)
    assert "Elterncafé" in page and other.title in page

    kalk = AreaFactory(municipality=m, name="Kalk")
    assert "Elterncafé" not in results(client, tenant, gebiet=kalk.pk)
    with scopes_disabled():
        offer.areas_served.add(kalk)
    assert "Elterncafé" in results(client, tenant, gebiet=kalk.pk)


def test_each_viewer_gets_the_search_of_her_own_reach(client, tenant):
    with scopes_disabled():
        partner = OrganisationFactory(municipality=tenant.municipality, facility=tenant.facility)
    make(tenant, "Offener Treff")
    make(tenant, "Wartender Treff", provider=partner, review_state=ReviewState.SUBMITTED)
    for order in ((Role.PLANNER, Role.COORDINATOR), (Role.COORDINATOR, Role.PLANNER)):
        seen = {}
        for role in order:
            login(client, tenant, role)
            seen[role] = results(client, tenant, q="Treff")
        assert "Wartender Treff" in seen[Role.COORDINATOR]
        assert "Wartender Treff" not in seen[Role.PLANNER]
        assert "Offener Treff" in seen[Role.PLANNER]


def test_form_follows_its_choices_and_values(client, tenant):
    m = tenant.municipality
    login(client, tenant, Role.PLANNER)
    assert "Babys im ersten Jahr" not in form(client, tenant)
    baby = term(m, "life_phase", "0-1")
    with scopes_disabled():
        baby.label = "Babys im ersten Jahr"
        baby.save()
    assert "Babys im ersten Jahr" in form(client, tenant)
    assert f'value="{baby.pk}" id="id_phase_0" checked' not in form(client, tenant)
    assert "checked" in form(client, tenant, phase=[baby.pk])

    AreaFactory(municipality=m, name="Kalk")
    assert ">Kalk</option>" in form(client, tenant)
    with scopes_disabled():
        tenant.centre.name = "Familienzentrum Am Rhein"
        tenant.centre.save()
    assert "Familienzentrum Am Rhein" in form(client, tenant)

    html = form(client, tenant, ab="10:00", bis="09:00")
    assert "muss nach" in html and " open" in html
    assert "muss nach" not in form(client, tenant, ab="09:00", bis="10:00")
    assert "muss nach" not in form(client, tenant)


def test_form_offers_each_viewer_the_choices_of_her_reach(client, tenant):
    """Providers narrowed by access: a partner chooses only her own organisation, whoever
    came first."""
    with scopes_disabled():
        club = OrganisationFactory(municipality=tenant.municipality, name="Turnverein Kalk")
    make(tenant, "Kinderturnen", provider=club)
    for order in ((Role.PLANNER, Role.PARTNER), (Role.PARTNER, Role.PLANNER)):
        seen = {}
        for role in order:
            login(client, tenant, role)
            seen[role] = form(client, tenant)
        assert "Turnverein Kalk" in seen[Role.PLANNER]
        assert "Turnverein Kalk" not in seen[Role.PARTNER]


def test_the_search_a_form_asks_for_is_kept_with_it_and_follows_its_choices(client, tenant):
    """The parsed search is kept with the form's HTML: a repeated search builds no form (no
    query for the term lists), and an area leaving the choices changes the search at once."""
    m = tenant.municipality
    kalk = AreaFactory(municipality=m, name="Kalk")
    served = make(tenant, "Babymassage")
    with scopes_disabled():
        served.areas_served.set([kalk])
    make(tenant, "Kochkurs für Väter")
    login(client, tenant, Role.PLANNER)
    first = results(client, tenant, gebiet=kalk.pk)
    assert "Babymassage" in first and "Kochkurs für Väter" not in first
    with CaptureQueriesContext(connection) as again:
        assert results(client, tenant, gebiet=kalk.pk) == first
    assert not [q for q in again if "taxonomy_term" in q["sql"]]

    with scopes_disabled():
        kalk.delete()  # no longer a choice: the value is refused and left out of the search
    shown = results(client, tenant, gebiet=kalk.pk)
    assert "Babymassage" in shown and "Kochkurs für Väter" in shown
