"""Query counts independent of page size and data size; bad input is a German 400/404."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verbund.api import package_cache
from verbund.api.ids import hsds_id, key_for

from .helpers import build_directory

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("full", ["false", "true"])
def test_services_query_count_is_independent_of_page_size_and_data(client, tenant, full):
    slug = tenant.municipality.slug
    build_directory(tenant, offers=3)
    small = count_queries(client, f"/api/v1/{slug}/services?per_page=2&full={full}")
    build_directory(tenant, offers=12)
    large = count_queries(client, f"/api/v1/{slug}/services?per_page=15&full={full}")
    filtered = count_queries(
        client, f"/api/v1/{slug}/services?per_page=15&full={full}&free=true&language=tr"
    )
    assert small == large == filtered
    assert large <= 8


def test_other_lists_have_fixed_query_counts(client, tenant):
    slug = tenant.municipality.slug
    build_directory(tenant, offers=2)
    first = {
        path: count_queries(client, f"/api/v1/{slug}/{path}?per_page=2")
        for path in ("organizations", "locations", "service_at_locations", "taxonomy_terms")
    }
    build_directory(tenant, offers=9)
    for path, queries in first.items():
        assert count_queries(client, f"/api/v1/{slug}/{path}?per_page=50") == queries, path


def test_only_public_approved_running_offers(client, tenant, foreign):
    directory = build_directory(tenant, offers=2)
    build_directory(foreign, offers=2)
    body = json.loads(client.get(f"/api/v1/{tenant.municipality.slug}/services").content)
    names = {s["name"] for s in body["contents"]}
    assert names == {o.title for o in directory["offers"]}
    hidden = directory["hidden"][0]
    url = f"/api/v1/{tenant.municipality.slug}/services/"
    assert (
        client.get(url + hsds_id(tenant.municipality.pk, "service", hidden.pk)).status_code == 404
    )


def test_filters(client, tenant):
    directory = build_directory(tenant, offers=4)
    slug = tenant.municipality.slug

    def names(query: str) -> set[str]:
        response = client.get(f"/api/v1/{slug}/services?{query}")
        assert response.status_code == 200, response.content
        return {s["name"] for s in json.loads(response.content)["contents"]}

    assert names("free=true") == {"Elterncafé 0", "Elterncafé 1", "Elterncafé 3"}
    assert names("language=tr") == {"Elterncafé 0"}
    assert names("q=Elterncafé 2") >= {"Elterncafé 2"}
    assert len(names(f"area={directory['area'].code}")) == 4
    assert len(names(f"life_phase={directory['phase'].key}")) == 4
    term_id = hsds_id(tenant.municipality.pk, "term", directory["phase"].pk)
    assert len(names(f"taxonomy_term_id={term_id}")) == 4
    partner = hsds_id(tenant.municipality.pk, "organisation", directory["partner"].pk)
    assert names(f"organization_id={partner}") == {"Elterncafé 1", "Elterncafé 3"}
    assert names("modified_after=2999-01-01T00:00:00Z") == set()
    assert names("modified_after=8693-06-27T11:29:14%2B16:19") == set()  # beyond PG's offsets
    assert len(names("modified_after=2000-01-01T00:00:00Z")) == 4


def test_paging_envelope(client, tenant):
    build_directory(tenant, offers=5)
    url = f"/api/v1/{tenant.municipality.slug}/services?per_page=2"
    body = json.loads(client.get(url + "&page=3").content)
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (
        5, 3, 3, 1,
    )  # fmt: skip
    assert body["last_page"] and not body["first_page"] and not body["empty"]


BAD = [
    ("services?page=0", 400, "page"),
    ("services?page=99999999999999999999", 400, "page"),
    ("services?page=abc", 400, "page"),
    ("services?page=%C2%B2", 400, "page"),
    ("services?page=50", 404, "Seite 50"),
    ("services?per_page=101", 400, "per_page"),
    ("services?per_page=-1", 400, "per_page"),
    ("services?free=vielleicht", 400, "free"),
    ("services?modified_after=gestern", 400, "modified_after"),
    ("services?modified_after=0001-01-01T00:00:00%2B16:19", 400, "modified_after"),
    ("services?taxonomy_term_id=nicht-da", 400, "taxonomy_term_id"),
    ("services?organization_id=00000000-0000-0000-0000-000000000000", 400, "organization_id"),
    ("services?life_phase=99-100", 400, "life_phase"),
    ("services?language=klingonisch", 400, "language"),
    ("services?area=gibt-es-nicht", 400, "area"),
    ("services?q=" + "x" * 500, 400, "Suchtext"),
    ("services/12", 404, "Angebot"),
    ("services/00000000-0000-0000-0000-000000000000", 404, "Angebot"),
    ("organizations/ac148810-d857-441c-9679-408f346de14b", 404, "Anbieter"),
    ("locations/ac148810-d857-441c-9679-408f346de14b", 404, "Ort"),
    ("locations/12", 404, "Ort"),
    ("service_at_locations/ac148810-d857-441c-9679-408f346de14b", 404, "Angebot an einem Ort"),
    ("taxonomies/ac148810-d857-441c-9679-408f346de14b", 404, "Taxonomie"),
    ("taxonomy_terms/ac148810-d857-441c-9679-408f346de14b", 404, "Begriff"),
    ("service_at_locations?postcode=abc", 400, "postcode"),
    ("service_at_locations?proximity=5", 400, "proximity"),
    ("service_at_locations?postcode=99999&proximity=5", 400, "99999"),
    ("service_at_locations?postcode=12345&proximity=nan", 400, "proximity"),
    ("service_at_locations?postcode=12345&proximity=1e9", 400, "proximity"),
    ("taxonomy_terms?taxonomy_id=x", 400, "taxonomy_id"),
    ("services?lang=klingonisch", 400, "lang"),
    ("services?q=%00", 400, "Steuerzeichen"),
    ("services?life_phase=0-1%00", 400, "life_phase"),
]


@pytest.mark.parametrize(("path", "status", "named"), BAD)
def test_bad_input_is_a_german_message(client, tenant, path, status, named):
    build_directory(tenant, offers=1)
    response = client.get(f"/api/v1/{tenant.municipality.slug}/{path}")
    assert response.status_code == status, response.content
    detail = json.loads(response.content)["detail"]
    assert isinstance(detail, str) and named in detail, detail


def test_ids_of_another_municipality_are_refused(client, tenant, foreign):
    theirs = build_directory(foreign, offers=1)["offers"][0]
    forged = hsds_id(foreign.municipality.pk, "service", theirs.pk)
    assert key_for(forged, tenant.municipality.pk, "service") is None
    assert key_for(forged, foreign.municipality.pk, "schedule") is None
    assert key_for(forged, foreign.municipality.pk, "service") == theirs.pk
    response = client.get(f"/api/v1/{tenant.municipality.slug}/services/{forged}")
    assert response.status_code == 404


def test_unknown_municipality_and_methods(client, tenant):
    assert client.get("/api/v1/hei%00mat/services").status_code in {400, 404}
    response = client.get("/api/v1/gibt-es-nicht/services")
    assert response.status_code == 404
    assert "Kommune" in json.loads(response.content)["detail"]
    url = f"/api/v1/{tenant.municipality.slug}/services"
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)(url).status_code == 405


def test_rate_limit_answers_429(client, tenant, monkeypatch):
    from verbund.api import api as module

    monkeypatch.setattr(module.RATE_LIMIT, "limit", 3)
    url = f"/api/v1/{tenant.municipality.slug}/taxonomies"
    statuses = [client.get(url).status_code for _n in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]
    response = client.get(url)
    assert "Zu viele Anfragen" in json.loads(response.content)["detail"]
    assert response["Retry-After"] == "60"


def test_translated_texts(client, tenant):
    from django_scopes import scopes_disabled

    from verbund.offers.models import OfferTranslation
    from verbund.offers.models.translations import offer_source_hash

    offer = build_directory(tenant, offers=2)["offers"][0]
    with scopes_disabled():
        OfferTranslation.objects.create(
            municipality=tenant.municipality, offer=offer, language="en",
            title="Parents' café", summary="Open meeting.", description="With breakfast.",
            source_hash=offer_source_hash(offer),
        )  # fmt: skip
    slug = tenant.municipality.slug
    body = json.loads(client.get(f"/api/v1/{slug}/services?lang=en").content)
    assert {s["name"] for s in body["contents"]} == {"Parents' café", "Elterncafé 1"}
    service_id = hsds_id(tenant.municipality.pk, "service", offer.pk)
    detail = json.loads(client.get(f"/api/v1/{slug}/services/{service_id}?lang=en").content)
    assert detail["description"] == "With breakfast."
    german = json.loads(client.get(f"/api/v1/{slug}/services/{service_id}").content)
    assert german["name"] == offer.title


def test_datapackage_query_count_is_independent_of_data(client, tenant):
    slug = tenant.municipality.slug
    build_directory(tenant, offers=2)

    def package_queries() -> int:
        package_cache.bump(tenant.municipality.pk)  # built, not the kept file
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/{slug}/datapackage.zip")
            b"".join(response.streaming_content)
        return len(captured)

    package_queries()  # the first download ever also stores the municipality's cache number
    few = package_queries()
    build_directory(tenant, offers=10)
    assert package_queries() == few  # (one chunk of offers either way)


def test_details_of_hidden_or_foreign_things_are_404(client, tenant, foreign):
    """Ids of another municipality, of an internal offer, of an outreach offer (no place) and
    of a place only an internal offer uses: 404 with a German message."""
    from django_scopes import scopes_disabled

    from verbund.offers.choices import PlaceKind
    from verbund.taxonomy.models import Term

    mine = build_directory(tenant, offers=4)
    theirs = build_directory(foreign, offers=4)
    mid, fid = tenant.municipality.pk, foreign.municipality.pk
    hidden = mine["hidden"][0]
    outreach = next(o for o in mine["offers"] if o.place_kind == PlaceKind.OUTREACH)
    with scopes_disabled():
        foreign_term = Term.objects.filter(municipality=foreign.municipality).first()
        hidden.place_kind = PlaceKind.ADDRESS
        hidden.save(update_fields=["place_kind"])
    paths = [
        f"locations/{hsds_id(fid, 'facility', foreign.facility.pk)}",
        f"locations/{hsds_id(mid, 'place', hidden.pk)}",
        f"locations/{hsds_id(mid, 'online', hidden.pk)}",
        f"service_at_locations/{hsds_id(mid, 'service_at_location', hidden.pk)}",
        f"service_at_locations/{hsds_id(mid, 'service_at_location', outreach.pk)}",
        f"service_at_locations/{hsds_id(fid, 'service_at_location', theirs['offers'][0].pk)}",
        f"taxonomies/{hsds_id(fid, 'taxonomy', 1)}",
        f"taxonomies/{hsds_id(mid, 'taxonomy', 99)}",
        f"taxonomy_terms/{hsds_id(fid, 'term', foreign_term.pk)}",
        f"taxonomy_terms/{hsds_id(mid, 'term', foreign_term.pk)}",
        f"taxonomy_terms/{hsds_id(mid, 'profile_term', 99)}",
    ]
    for path in paths:
        response = client.get(f"/api/v1/{tenant.municipality.slug}/{path}")
        assert response.status_code == 404, (path, response.content)
        assert "Es gibt kein" in json.loads(response.content)["detail"], path


def test_detail_query_counts_are_fixed(client, tenant):
    slug, mid = tenant.municipality.slug, tenant.municipality.pk
    few = build_directory(tenant, offers=4)["offers"]
    by_kind = {o.place_kind: o for o in few}

    def urls(offer_by_kind) -> list[str]:
        from verbund.offers.choices import PlaceKind

        facility = offer_by_kind[PlaceKind.FACILITY]
        return [
            f"/api/v1/{slug}/locations/{hsds_id(mid, 'facility', facility.location_id)}",
            f"/api/v1/{slug}/locations/"
            + hsds_id(mid, "place", offer_by_kind[PlaceKind.ADDRESS].pk),
            f"/api/v1/{slug}/service_at_locations/"
            + hsds_id(mid, "service_at_location", facility.pk),
            f"/api/v1/{slug}/taxonomies/{hsds_id(mid, 'taxonomy', 1)}",
        ]

    first = [count_queries(client, url) for url in urls(by_kind)]
    build_directory(tenant, offers=12)
    assert [count_queries(client, url) for url in urls(by_kind)] == first


@pytest.mark.parametrize(
    "parts", [(1, "attribute", 17, "term-3"), (42, "language", 9, "de-ls"), (7, "cost", 0)]
)
def test_a_compound_id_is_the_uuid5_of_its_parts(parts):
    import uuid

    from verbund.api.ids import NAMESPACE, compound_id

    name = "|".join(str(part) for part in parts)
    assert compound_id(*parts) == str(uuid.uuid5(NAMESPACE, name))
