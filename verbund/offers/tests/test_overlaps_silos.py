"""Offers by kind of service per area: joint across kinds or standing alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.areas.tests.factories import AreaFactory
from verbund.cooperation.tests.helpers import make_agreement
from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers.overlaps import silos
from verbund.taxonomy.tests.factories import term

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


def offer(tenant, area, kinds, **kwargs):
    m = tenant.municipality
    created = OfferFactory(municipality=m, centre=tenant.centre, **kwargs)
    with scopes_disabled():
        created.terms.set([term(m, "service_kind", key) for key in kinds])
        created.areas_served.add(area)
    return created


@pytest.fixture
def world(tenant):
    m = tenant.municipality
    area = AreaFactory(municipality=m, name="Kalk")
    health = OrganisationFactory(municipality=m, name="Gesundheitsamt")
    school = OrganisationFactory(municipality=m, name="Grundschule Kalk")
    club = OrganisationFactory(municipality=m, name="Sportverein")
    offer(tenant, area, ["health"], provider=health, title="Hebammensprechstunde")
    offer(tenant, area, ["school"], provider=school, title="Elterncafé in der Schule")
    both = offer(tenant, area, ["sgb8_16", "early_help"], title="Babytreff mit Frühen Hilfen")
    co = offer(tenant, area, ["sgb8_16"], title="Elternkurs mit Gesundheitsamt")
    with scopes_disabled():
        co.co_providers.add(health)
    agreement = make_agreement(municipality=m, centre=tenant.centre, partners=[school])
    by_agreement = offer(tenant, area, ["sgb8_22"], title="Kita-Elternabend", agreement=agreement)
    alone = offer(tenant, area, ["sgb8_16"], provider=club, title="Familiensport")
    nothing = offer(tenant, area, [], title="Offener Treff ohne Art")
    return {
        "area": area,
        "joint": {both, co, by_agreement},
        "alone": alone,
        "nothing": nothing,
    }


def table_for(tenant, role=Role.PLANNER):
    m = tenant.municipality
    access = access_for(tenant.users[role], m)
    with scope(municipality=m.pk):
        areas = list(silos.silo_areas(municipality=m, access=access))
        kinds = silos.kind_terms(municipality=m)
        return silos.area_silos(municipality=m, access=access, areas=areas, kinds=kinds)


def test_offers_are_joint_through_two_kinds_a_co_provider_or_an_agreement(tenant, world):
    m = tenant.municipality
    with scope(municipality=m.pk):
        ids = [o.pk for o in [*world["joint"], world["alone"], world["nothing"]]]
        _kinds, joint = silos.joint_offers(ids)
    assert joint == {o.pk for o in world["joint"]}


def test_table_counts_per_kind_of_service(tenant, world):
    (table,) = table_for(tenant)
    rows = {row.label: (row.joint, row.alone) for row in table.rows}
    family = term(tenant.municipality, "service_kind", "sgb8_16").label
    assert rows[family] == (2, 1)
    assert rows["ohne Leistungsart"] == (0, 1)
    assert rows["Gesundheit (SGB V, ÖGD)"] == (0, 1)
    assert table.joint == 4  # the offer with two kinds counts in both rows


def test_drill_down_lists_the_offers_of_a_cell(client, tenant, world):
    client.force_login(tenant.users[Role.COORDINATOR])
    family = term(tenant.municipality, "service_kind", "sgb8_16")
    url = reverse("offers:silo_overview", args=[tenant.municipality.slug])
    body = client.get(url, {"gebiet": world["area"].pk, "art": family.pk, "verbund": "allein"})
    assert body.status_code == 200
    text = body.content.decode()
    assert "Familiensport" in text
    assert "Elternkurs mit Gesundheitsamt" not in text
    assert client.get(url, {"gebiet": 999999, "art": family.pk}).status_code == 404
    assert client.get(url, {"gebiet": world["area"].pk, "art": 999999}).status_code == 404


def test_silo_page_explains_and_keeps_its_query_count(client, tenant, world):
    client.force_login(tenant.users[Role.PLANNER])
    url = reverse("offers:silo_overview", args=[tenant.municipality.slug])
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert "Versäulung" in response.content.decode()
    for index in range(8):
        area = AreaFactory(municipality=tenant.municipality)
        offer(tenant, area, ["sgb8_11", "school"], title=f"Jugendtreff {index}")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) <= len(small)


def captions(client, tenant, role=Role.PLANNER) -> list[str]:
    import re

    client.force_login(tenant.users[role])
    url = reverse("offers:silo_overview", args=[tenant.municipality.slug])
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    return re.findall(r'<caption class="kern-title">([^<]*)</caption>', text) + re.findall(
        r'<th scope="row" class="kern-table__cell">([^<]*)</th>', text
    )


@pytest.mark.parametrize("role", [Role.PLANNER, Role.COORDINATOR])
def test_the_kept_page_follows_every_change_it_shows(client, tenant, world, role):
    """The page comes from the cache (issue 17), a planner's and a centre's; each change it
    shows is seen at once: a co-provider, a party to an agreement, an offer's kinds, an area's
    name, a kind's label."""
    from verbund.cooperation.models import Party, PartyKind

    m = tenant.municipality
    assert captions(client, tenant, role)[0] == "Kalk: 4 leistungsübergreifend, 4 allein"
    with CaptureQueriesContext(connection) as kept:
        assert captions(client, tenant, role)[0] == "Kalk: 4 leistungsübergreifend, 4 allein"
    assert not [q for q in kept if "offers_offer_areas_served" in q["sql"]]

    school = OrganisationFactory(municipality=m, name="Zweite Schule")
    offer(tenant, world["area"], ["school"], provider=school, title="Hausaufgabenhilfe")
    assert captions(client, tenant, role)[0] == "Kalk: 4 leistungsübergreifend, 5 allein"
    with scopes_disabled():
        world["alone"].co_providers.add(school)  # sport with a school: joint
    assert captions(client, tenant, role)[0] == "Kalk: 5 leistungsübergreifend, 4 allein"

    club = world["alone"].provider
    agreement = make_agreement(municipality=m, centre=tenant.centre, partners=[club])
    kita = offer(tenant, world["area"], ["sgb8_16"], title="Elternkurs", agreement=agreement)
    assert captions(client, tenant, role)[0] == "Kalk: 5 leistungsübergreifend, 5 allein"
    health = OrganisationFactory(municipality=m, name="Kinderarztpraxis")
    offer(tenant, world["area"], ["health"], provider=health, title="Impfberatung")
    assert captions(client, tenant, role)[0] == "Kalk: 5 leistungsübergreifend, 6 allein"
    with scopes_disabled():  # a party added to the agreement only (no offer changes)
        Party.objects.create(
            municipality=m, agreement=agreement, kind=PartyKind.PARTNER, organisation=health
        )
    assert captions(client, tenant, role)[0] == "Kalk: 6 leistungsübergreifend, 5 allein"

    with scopes_disabled():
        kita.terms.add(term(m, "service_kind", "sgb8_22"))
        world["area"].name = "Köln-Kalk"
        world["area"].save()
        label = term(m, "service_kind", "health")
        label.label = "Gesundheitsdienste"
        label.save()
    shown = captions(client, tenant, role)
    assert shown[0] == "Köln-Kalk: 7 leistungsübergreifend, 5 allein"
    assert "Gesundheitsdienste" in shown


def test_a_viewer_with_less_reach_never_gets_the_kept_page(client, tenant, world):
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    other = FamilyCentreFactory(municipality=tenant.municipality, provider=tenant.provider)
    elsewhere = OfferFactory(municipality=tenant.municipality, centre=other, title="Anderswo")
    with scopes_disabled():
        elsewhere.terms.set([term(tenant.municipality, "service_kind", "sgb8_11")])
        elsewhere.areas_served.add(world["area"])
    planner = captions(client, tenant)
    coordinator = captions(client, tenant, Role.COORDINATOR)
    assert planner[0] == "Kalk: 4 leistungsübergreifend, 5 allein"
    assert coordinator[0] == "Kalk: 4 leistungsübergreifend, 4 allein"
    assert captions(client, tenant)[0] == planner[0]
