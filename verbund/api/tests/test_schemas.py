"""Every response type of the API against the official HSDS 3.0 schemas, strict (no field
the schema does not know), and against the profile's schemas (docs/hsds-profile)."""

from __future__ import annotations

import json

import pytest

from .helpers import build_directory, errors, strict, validator

pytestmark = pytest.mark.django_db

PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture
def directory(tenant):
    return build_directory(tenant, offers=5)


def get(client, tenant, path: str):
    response = client.get(f"/api/v1/{tenant.municipality.slug}/{path}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def page(client, tenant, path: str, schema: str) -> list:
    body = get(client, tenant, path)
    assert set(body) == PAGE_KEYS, set(body) ^ PAGE_KEYS
    for item in body["contents"]:
        assert not errors(schema, item), errors(schema, item)
    assert body["contents"], path
    return body["contents"]


def test_strict_makes_unknown_fields_fail():
    """The validator itself: a field the standard does not know is an error."""
    service = {"id": "ac148810-d857-441c-9679-408f346de14b", "name": "x", "status": "active"}
    assert not errors("service.json", service)
    assert errors("service.json", {**service, "life_phase": "0-1"})
    assert errors("service.json", {**service, "status": "läuft"})
    nested = {**service, "schedules": [{"id": service["id"], "freq": "WEEKLY", "x": 1}]}
    assert errors("service.json", nested)
    assert strict({"type": "object", "properties": {}})["additionalProperties"] is False


def test_services_list_and_full(client, tenant, directory):
    listed = page(client, tenant, "services", "compiled/service_list.json")
    assert {s["name"] for s in listed} == {o.title for o in directory["offers"]}
    full = page(client, tenant, "services?full=true", "compiled/service.json")
    for service in full:
        assert not errors("service.json", service, profile=True), service["name"]
    first = next(s for s in full if s["name"] == "Elterncafé 0")
    assert first["contacts"][0]["name"] == "Beratungsteam"
    assert {lang["code"] for lang in first["languages"]} == {"de", "tr"}
    assert any(lang.get("note") == "Leichte Sprache" for lang in first["languages"])
    codes = {a["taxonomy_term"]["code"] for a in first["attributes"]}
    assert "textform:leichte-sprache" in codes and f"life_phase:{directory['phase'].key}" in codes
    freqs = {s.get("freq") for s in first["schedules"]}
    assert {"WEEKLY", "MONTHLY"} <= freqs
    monthly = next(s for s in first["schedules"] if s.get("freq") == "MONTHLY")
    assert monthly["byday"] == "2WE" and monthly["until"] == "2027-12-31"
    assert first["service_areas"][0]["name"] == "Nordstadt"
    assert first["cost_options"][0]["amount"] == 0


def test_service_detail(client, tenant, directory):
    from verbund.api.ids import hsds_id

    offer = directory["offers"][1]
    body = get(client, tenant, f"services/{hsds_id(tenant.municipality.pk, 'service', offer.pk)}")
    assert not errors("compiled/service.json", body)
    assert not errors("service.json", body, profile=True)
    assert body["name"] == offer.title
    assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "12345"


def test_organizations(client, tenant, directory):
    listed = page(client, tenant, "organizations", "compiled/organization_list.json")
    assert {o["name"] for o in listed} == {tenant.centre.name, directory["partner"].name}
    for item in listed:
        body = get(client, tenant, f"organizations/{item['id']}")
        assert not errors("compiled/organization.json", body)
        assert body["services"]


def test_locations_and_service_at_locations(client, tenant, directory):
    page(client, tenant, "locations", "location.json")
    found = page(client, tenant, "service_at_locations", "compiled/service_at_location_list.json")
    assert len(found) == 4  # the outreach offer takes place at the families'
    near = page(
        client,
        tenant,
        "service_at_locations?postcode=12345&proximity=5",
        "compiled/service_at_location_list.json",
    )
    assert [s["service"]["name"] for s in near] == ["Elterncafé 1"]


def test_location_and_service_at_location_details(client, tenant, directory):
    """Every location of the list and every link by its id, strict; the online place too."""
    for item in page(client, tenant, "locations?per_page=100", "location.json"):
        body = get(client, tenant, f"locations/{item['id']}")
        assert not errors("location.json", body), errors("location.json", body)
        assert body == item
    links = page(
        client,
        tenant,
        "service_at_locations?per_page=100",
        "compiled/service_at_location_list.json",
    )
    kinds = set()
    for item in links:
        body = get(client, tenant, f"service_at_locations/{item['id']}")
        schema = "compiled/service_at_location.json"
        assert not errors(schema, body), errors(schema, body)
        assert body["service"]["name"] == item["service"]["name"]
        assert not errors("service.json", body["service"], profile=True)
        location = get(client, tenant, f"locations/{body['location_id']}")
        assert location["id"] == body["location"]["id"]
        kinds.add(location["location_type"])
    assert kinds == {"physical", "virtual"}


def test_taxonomy_and_term_details(client, tenant, directory):
    for item in page(client, tenant, "taxonomies", "taxonomy.json"):
        body = get(client, tenant, f"taxonomies/{item['id']}")
        assert not errors("taxonomy.json", body) and body == item
    for item in page(client, tenant, "taxonomy_terms?per_page=100", "taxonomy_term.json"):
        body = get(client, tenant, f"taxonomy_terms/{item['id']}")
        assert not errors("taxonomy_term.json", body), errors("taxonomy_term.json", body)
        assert not errors("taxonomy_term.json", body, profile=True)
        assert body["taxonomy_detail"]["id"] == item["taxonomy_id"]
        assert {k: v for k, v in body.items() if k != "taxonomy_detail"} == item


def test_taxonomies_and_terms(client, tenant, directory):
    taxonomies = page(client, tenant, "taxonomies", "taxonomy.json")
    assert len(taxonomies) == 7
    terms = page(client, tenant, "taxonomy_terms?per_page=100", "taxonomy_term.json")
    for term in terms:
        assert not errors("taxonomy_term.json", term, profile=True), term
    assert {"niedrigschwelligkeit:low", "textform:leichte-sprache"} <= {t["code"] for t in terms}
    one = get(client, tenant, f"taxonomy_terms?taxonomy_id={taxonomies[0]['id']}&per_page=100")
    assert {t["taxonomy"] for t in one["contents"]} == {"Lebensphase"}


def test_root_openapi_and_profile(client, tenant):
    root = get(client, tenant, "")
    assert root["version"] == "3.0"
    schema = json.loads(client.get("/api/openapi.json").content)
    assert schema["openapi"].startswith("3.")
    services = next(item for path, item in schema["paths"].items() if path.endswith("/services"))
    assert {"200", "400", "404", "429"} <= set(services["get"]["responses"])
    profile = json.loads(client.get("/api/profile/").content)
    assert len(profile["schemas"]) == 3
    assert client.get("/api/profile/service.json").status_code == 200
    assert client.get("/api/profile/geheim.json").status_code == 404


def test_profile_schemas_catch_a_broken_attribute(client, tenant, directory):
    full = get(client, tenant, "services?full=true")["contents"][0]
    threshold = next(
        a for a in full["attributes"] if a["taxonomy_term"]["taxonomy"] == "Niedrigschwelligkeit"
    )
    broken = {**full, "attributes": [{**threshold, "value": ""}]}
    assert errors("service.json", broken, profile=True)
    without = {**full, "attributes": [a for a in full["attributes"] if a is not threshold]}
    assert errors("service.json", without, profile=True)


def test_every_schema_loads():
    for name in ("service.json", "compiled/service.json", "compiled/organization.json"):
        validator(name).check_schema(validator(name).schema)
