import io
import json
from datetime import timedelta

import networkx as nx
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.areas.models import Area
from verbund.core.roles import Role
from verbund.network import graph as net
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .factories import BodyFactory, BodyMemberFactory, OrganisationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def url(name, tenant, *args):
    return reverse(f"network:{name}", args=[tenant.municipality.slug, *args])


@pytest.fixture
def network(tenant):
    """Centre A (the tenant's) and B; X shared by both, Y weakly tied to A, Z isolated in A's
    area, W with B until a year ago; a round table of A with X."""
    m = tenant.municipality
    a = tenant.centre
    b = FamilyCentreFactory(municipality=m, name="Zentrum B")
    with scopes_disabled():
        area = Area.objects.create(municipality=m, code="01", name="Nord", level="Stadtteil")
        area.centres.add(a)
    x = OrganisationFactory(municipality=m, name="Brücke e. V.", sector="integration")
    y = OrganisationFactory(municipality=m, name="Feuerwehr", sector="fire_safety")
    z = OrganisationFactory(municipality=m, name="Hebammenpraxis", sector="health")
    w = OrganisationFactory(municipality=m, name="Bibliothek", sector="culture_library")
    with scopes_disabled():
        z.areas_served.add(area)
    two_years = TODAY - timedelta(days=730)
    RelationshipFactory(
        municipality=m, centre=a, organisation=x, quality=4, started_on=TODAY - timedelta(days=10)
    )
    RelationshipFactory(municipality=m, centre=b, organisation=x, quality=3, started_on=two_years)
    RelationshipFactory(
        municipality=m,
        centre=a,
        organisation=y,
        quality=1,
        status="contacted",
        started_on=two_years,
    )
    RelationshipFactory(
        municipality=m,
        centre=b,
        organisation=w,
        quality=3,
        status="ended",
        started_on=two_years,
        ended_on=TODAY - timedelta(days=365),
    )
    body = BodyFactory(municipality=m, centre=a, name="Runder Tisch Nord")
    BodyMemberFactory(body=body, municipality=m, centre=a)
    BodyMemberFactory(body=body, municipality=m, organisation=x)
    return {"a": a, "b": b, "x": x, "y": y, "z": z, "w": w, "area": area}


def test_metrics_find_brokers_isolated_weak_ties_and_missing_sectors(tenant, network):
    with scopes_disabled():
        data = net.load(municipality=tenant.municipality, centre_ids=None)
    metrics = net.metrics(data)
    brokers = [b["label"] for b in metrics.brokers]
    # Centre A is the hub; Brücke is the only bridge to centre B.
    assert set(brokers[:2]) == {network["a"].name, "Brücke e. V."}
    assert "Feuerwehr" not in brokers  # a leaf brokers nothing
    assert [o["label"] for o in metrics.isolated] == ["Bibliothek", "Hebammenpraxis"]
    assert [o["label"] for o in metrics.weakly_tied] == ["Feuerwehr"]
    assert "Integration" in metrics.coverage["covered"]
    assert "Gesundheit" in metrics.coverage["missing"]
    assert metrics.coverage["share"] == round(100 * 2 / 12)
    assert [s["label"] for s in metrics.shared] == ["Brücke e. V."]
    assert metrics.betweenness_exact


def test_centre_view_is_limited_to_its_own_ties_and_area(tenant, network):
    with scopes_disabled():
        data = net.load(municipality=tenant.municipality, centre_ids={network["a"].pk})
    names = {name for name, _sector in data.organisations.values()}
    assert names == {"Brücke e. V.", "Feuerwehr", "Hebammenpraxis"}
    assert set(data.centres) == {network["a"].pk}


def test_filters_by_sector_and_status(tenant, network):
    with scopes_disabled():
        data = net.load(
            municipality=tenant.municipality,
            centre_ids=None,
            filters=net.GraphFilter(sectors=("integration",), statuses=("cooperating",)),
        )
    assert {n for n, _s in data.organisations.values()} == {"Brücke e. V."}
    assert all(r[3] == "cooperating" for r in data.relationships)


def test_change_between_two_dates(tenant, network):
    with scopes_disabled():
        data = net.load(municipality=tenant.municipality, centre_ids=None)
    change = net.change_between(data, TODAY - timedelta(days=400), TODAY)
    assert change["ties_start"] == 3  # B–X, A–Y, B–W
    assert change["ties_end"] == 3  # A–X new, B–W ended
    assert any("Brücke" in item for item in change["new"])
    assert any("Bibliothek" in item for item in change["ended"])
    assert change["sectors_lost"] == ["Kultur/Bibliothek"]


def test_exports_json_and_graphml(client, tenant, network):
    client.force_login(tenant.users[Role.PLANNER])
    payload = json.loads(client.get(url("network_json", tenant) + "?download=1").content)
    nodes = [e for e in payload["elements"] if e["group"] == "nodes"]
    assert {n["data"]["kind"] for n in nodes} == {"centre", "organisation", "body"}
    response = client.get(url("network_graphml", tenant))
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert graph.number_of_nodes() == len(nodes)
    csv_text = client.get(url("network_metrics_export", tenant, "csv")).content.decode("utf-8-sig")
    assert "Brücke e. V." in csv_text


def test_page_shows_table_alternative_and_municipality_sees_shared(client, tenant, network):
    client.force_login(tenant.users[Role.PLANNER])
    page = client.get(url("network", tenant)).content.decode()
    assert "Netzwerk als Tabelle" in page
    assert "Organisationen, die mehrere Familienzentren teilen" in page
    assert 'id="network-map-section"' in page and "hidden" in page  # map only with JS
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(url("network", tenant)).content.decode()
    assert "Zentrum B" not in page


def _grow(tenant, n):
    m = tenant.municipality
    for i in range(n):
        centre = FamilyCentreFactory(municipality=m)
        org = OrganisationFactory(municipality=m, sector=["health", "sport_club"][i % 2])
        RelationshipFactory(municipality=m, centre=centre, organisation=org)
        RelationshipFactory(municipality=m, centre=tenant.centre, organisation=org)
        body = BodyFactory(municipality=m, centre=centre)
        BodyMemberFactory(body=body, municipality=m, organisation=org)
        BodyMemberFactory(body=body, municipality=m, centre=tenant.centre)


@pytest.mark.parametrize("role", [Role.PLANNER, Role.COORDINATOR])
def test_query_count_does_not_grow_with_the_network(client, tenant, role):
    client.force_login(tenant.users[role])
    counts = []
    for size in (3, 30):
        _grow(tenant, size)
        cache.clear()  # both measured as the first view after a change (nothing kept)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url("network", tenant) + "?von=2020-01-01&bis=2030-01-01")
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_fast_betweenness_matches_networkx():
    graph = nx.relabel_nodes(nx.gnm_random_graph(120, 400, seed=3), lambda i: f"n{i}")
    graph.add_node("isolated")
    expected = nx.betweenness_centrality(graph, normalized=True)
    got = net.fast_betweenness(graph)
    assert max(abs(expected[node] - got[node]) for node in graph) < 1e-12
    sampled = net.fast_betweenness(graph, k=30, seed=1)
    assert set(sampled) == set(graph)
    # The sampled estimate keeps the exact ranking's top broker among its top three.
    top = max(expected, key=expected.get)
    assert top in sorted(sampled, key=sampled.get, reverse=True)[:3]


def test_agreements_in_force_become_edges(tenant, network):
    pytest.importorskip("verbund.cooperation.models")
    from verbund.cooperation.models import Agreement, Party

    with scopes_disabled():
        agreement = Agreement.objects.create(
            municipality=tenant.municipality,
            centre=network["a"],
            title="Kooperation Bibliothek",
            status="active",
        )
        Party.objects.create(
            municipality=tenant.municipality,
            agreement=agreement,
            kind="partner",
            organisation=network["w"],
        )
        data = net.load(municipality=tenant.municipality, centre_ids=None)
    assert (network["a"].pk, network["w"].pk, "Kooperation Bibliothek") in data.agreements
    graph = net.build_graph(data)
    edge = graph.edges[net.cid(network["a"].pk), net.oid(network["w"].pk)]
    assert edge["kind"] == "agreement"
    assert "Bibliothek" not in [o["label"] for o in net.metrics(data, graph).isolated]
