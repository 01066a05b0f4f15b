"""Every query parameter the OpenAPI document names, on every GET route of the API, with bad
and generated values: a 200, 400 or 404 with JSON, never a 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verbund.api.ids import hsds_id

from .helpers import build_directory

pytestmark = pytest.mark.django_db

BAD_VALUES = [
    "", "-1", "0", "²", "1e309", "nan", "inf", "x" * 3000, "\x00", "ab,cd", "true",
    "00000000-0000-0000-0000-000000000000", "2026-13-45", "2026-01-01T25:00", "%", "😀",
    "1,2,3", "'; DROP TABLE offers_offer; --",
]  # fmt: skip


def operations(client) -> list[tuple[str, list[str]]]:
    schema = json.loads(client.get("/api/openapi.json").content)
    found = []
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if not operation or "/partner/" in path:  # token routes: test_schemathesis.py
            continue
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        found.append((path, names))
    return found


def fill(path: str, tenant, offer) -> str:
    mid = tenant.municipality.pk
    return (
        path.replace("{municipality}", tenant.municipality.slug)
        .replace("{service_id}", hsds_id(mid, "service", offer.pk))
        .replace("{organization_id}", hsds_id(mid, "centre", offer.centre_id))
        .replace("{schema_name}", "service.json")
    )


def assert_answer(response, url):
    assert response.status_code in {200, 400, 404}, (url, response.status_code)
    if response.status_code != 200 or response["Content-Type"].startswith("application/json"):
        json.loads(response.content)


@pytest.fixture
def unlimited(monkeypatch):
    from verbund.api import api as module

    monkeypatch.setattr(module.RATE_LIMIT, "limit", 10**9)


def test_known_bad_values_in_every_parameter(client, tenant, unlimited):
    offer = build_directory(tenant, offers=2)["offers"][0]
    ops = operations(client)
    assert sum(len(names) for _path, names in ops) >= 20  # the routes were found
    for path, names in ops:
        if path.endswith("datapackage.zip"):
            continue
        url = fill(path, tenant, offer)
        for name in names:
            for value in BAD_VALUES:
                response = client.get(url, {name: value})
                assert_answer(response, f"{url}?{name}={value!r}")


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=st.text(max_size=40), which=st.integers(min_value=0, max_value=200))
def test_generated_values(client, tenant, value, which):
    from verbund.offers.tests.factories import OfferFactory

    offer = tenant.extra.get("fuzz_offer") or OfferFactory(
        municipality=tenant.municipality, centre=tenant.centre
    )
    tenant.extra["fuzz_offer"] = offer
    pairs = [
        (path, name) for path, names in operations(client) for name in names
        if not path.endswith("datapackage.zip")
    ]  # fmt: skip
    path, name = pairs[which % len(pairs)]
    url = fill(path, tenant, offer)
    assert_answer(client.get(url, {name: value.replace("\x00", "")}), url)
    segment = value.replace("/", "").replace("?", "").replace("#", "")[:20] or "x"
    assert client.get(url.rstrip("/") + "/" + segment).status_code in {200, 400, 404, 405}
