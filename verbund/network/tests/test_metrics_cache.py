"""The network page's metrics come from the cache while the network is unchanged, and every
change to what the graph is built from (including edges registered by other apps) makes the
next request compute them afresh."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.network import metrics_cache
from verbund.network.edges import edge_sources
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

from . import test_graph
from .factories import BodyFactory, BodyMemberFactory, OrganisationFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


def _get(client, tenant, query=""):
    url = reverse("network:network", args=[tenant.municipality.slug]) + query
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    graph_read = any('"network_relationship"' in q["sql"] for q in ctx.captured_queries)
    return response.content.decode(), graph_read, len(ctx.captured_queries)


@pytest.fixture
def network(tenant):
    """The small network of ``test_graph``: centres A and B, organisations x, y, z, w."""
    return test_graph.network.__wrapped__(tenant)


def _without_token(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


@pytest.fixture
def planner(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    return client


def test_warm_cache_skips_the_graph_queries(planner, tenant, network):
    page, computed, cold = _get(planner, tenant)
    assert computed
    again, computed, warm = _get(planner, tenant)
    assert not computed and _without_token(again) == _without_token(page)
    assert warm < cold
    # another filter or date range is another entry
    _page, computed, _n = _get(planner, tenant, "?sector=health")
    assert computed
    _page, computed, _n = _get(planner, tenant, "?von=2020-01-01&bis=2030-01-01")
    assert computed


def _rename_organisation(n, m):
    n["x"].name = "Umbenannte Brücke"
    with scopes_disabled():
        n["x"].save()


def _archive_organisation(n, m):
    from django.utils import timezone

    n["y"].archived_at = timezone.now()
    with scopes_disabled():
        n["y"].save()


def _new_relationship(n, m):
    RelationshipFactory(municipality=m, centre=n["a"], organisation=n["z"])


def _delete_relationship(n, m):
    with scopes_disabled():
        n["x"].relationships.first().delete()


def _new_body_seat(n, m):
    body = BodyFactory(municipality=m, centre=n["b"], name="Stadtteilkonferenz")
    BodyMemberFactory(body=body, municipality=m, organisation=n["y"])


def _rename_centre(n, m):
    n["b"].name = "Zentrum Bergheim"
    with scopes_disabled():
        n["b"].save()


def _new_centre(n, m):
    FamilyCentreFactory(municipality=m, name="Zentrum C")


def _area_gets_a_centre(n, m):
    with scopes_disabled():
        n["area"].centres.add(n["b"])


def _organisation_serves_an_area(n, m):
    with scopes_disabled():
        n["w"].areas_served.add(n["area"])


def _agreement_in_force(n, m):
    from verbund.cooperation.tests.factories import AgreementFactory, PartyFactory

    agreement = AgreementFactory(municipality=m, centre=n["a"], status="active")
    PartyFactory(agreement=agreement, municipality=m, kind="partner", organisation=n["w"])


CHANGES = [
    _rename_organisation,
    _archive_organisation,
    _new_relationship,
    _delete_relationship,
    _new_body_seat,
    _rename_centre,
    _new_centre,
    _area_gets_a_centre,
    _organisation_serves_an_area,
    _agreement_in_force,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_every_network_change_invalidates(planner, tenant, network, change):
    area_query = f"?area={network['area'].pk}"
    before, _c, _n = _get(planner, tenant)
    _get(planner, tenant, area_query)
    assert not _get(planner, tenant)[1]  # warm

    change(network, tenant.municipality)

    after, computed, _n = _get(planner, tenant)
    assert computed, f"{change.__name__} did not invalidate the cached metrics"
    assert _get(planner, tenant, area_query)[1]
    if change is _rename_organisation:
        assert "Umbenannte Brücke" in after and "Umbenannte Brücke" not in before


def test_every_process_sees_the_same_version_whatever_its_cache(tenant):
    """The counter lives in the database: a bump made by one gunicorn worker (or the task
    worker) reaches every other process, although each has a local-memory cache of its own."""
    from django.core.cache import cache
    from django.test import override_settings

    first = metrics_cache.version(tenant.municipality.pk)
    metrics_cache.bump(tenant.municipality.pk)
    bumped = metrics_cache.version(tenant.municipality.pk)
    assert bumped > first
    cache.clear()  # a cleared or evicted cache does not take the version back
    assert metrics_cache.version(tenant.municipality.pk) == bumped
    other_process = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "another-process",
        }
    }
    with override_settings(CACHES=other_process):
        assert metrics_cache.version(tenant.municipality.pk) == bumped
        metrics_cache.bump(tenant.municipality.pk)
    assert metrics_cache.version(tenant.municipality.pk) > bumped


def test_unrelated_changes_keep_the_cache(planner, tenant, foreign, network):
    _get(planner, tenant)
    FacilityFactory(municipality=foreign.municipality)  # another municipality
    OrganisationFactory(municipality=foreign.municipality)
    RelationshipFactory(municipality=foreign.municipality)
    assert not _get(planner, tenant)[1]


def test_centres_see_their_own_cached_view(client, tenant, network):
    client.force_login(tenant.users[Role.PLANNER])
    planner_page = _get(client, tenant)[0]
    client.force_login(tenant.users[Role.COORDINATOR])
    coordinator_page, computed, _n = _get(client, tenant)
    assert computed  # the coordinator's centre set has its own entry
    assert "Zentrum B" in planner_page and "Zentrum B" not in coordinator_page


def test_cooperation_registers_its_edges_and_their_models():
    from verbund.cooperation.models import Agreement, Party

    sources = {source.key: source for source in edge_sources()}
    assert set(sources["cooperation.agreements"].models) == {Agreement, Party}


def test_a_change_committed_later_bumps_again(tenant, django_capture_on_commit_callbacks):
    start = metrics_cache.version(tenant.municipality.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        OrganisationFactory(municipality=tenant.municipality)
        mid = metrics_cache.version(tenant.municipality.pk)
    assert callbacks
    assert start < mid < metrics_cache.version(tenant.municipality.pk)


def test_moving_a_facility_to_another_centre_recomputes(planner, tenant, network):
    """A facility's centre is its organisation's tie to the Verbund on the map."""
    facility = FacilityFactory(municipality=tenant.municipality, centre=tenant.centre)
    _get(planner, tenant)
    assert not _get(planner, tenant)[1]
    with scopes_disabled():
        facility.centre = network["b"]
        facility.save()
    assert _get(planner, tenant)[1]
