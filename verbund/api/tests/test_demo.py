"""The demo's public offers (``seed_demo``, Lindenhagen) through the API and the datapackage:
strict official schemas, the profile's schemas, the official tabular schemas."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from verbund.core.testing import shared_data

from .helpers import errors
from .test_datapackage import check_package

pytestmark = pytest.mark.django_db


def test_demo_passes_the_strict_schemas(client, monkeypatch):
    from verbund.api import api as module

    monkeypatch.setattr(module.RATE_LIMIT, "limit", 10**9)
    official = json.loads(shared_data("hsds-3.0", "datapackage.json").read_text("utf-8"))
    call_command("seed_demo", stdout=io.StringIO())
    base = "/api/v1/lindenhagen"
    body = json.loads(client.get(f"{base}/services?full=true&per_page=100").content)
    assert body["total_items"] >= 10
    for page in range(1, body["total_pages"] + 1):
        url = f"{base}/services?full=true&per_page=100&page={page}"
        for service in json.loads(client.get(url).content)["contents"]:
            assert not errors("compiled/service.json", service), (service["name"], errors(
                "compiled/service.json", service))  # fmt: skip
            assert not errors("service.json", service, profile=True), service["name"]
    for path, schema in (
        ("organizations?per_page=100", "compiled/organization_list.json"),
        ("locations?per_page=100", "location.json"),
        ("service_at_locations?per_page=100", "compiled/service_at_location_list.json"),
        ("taxonomy_terms?per_page=100", "taxonomy_term.json"),
    ):
        for item in json.loads(client.get(f"{base}/{path}").content)["contents"]:
            assert not errors(schema, item), (path, errors(schema, item))
    package = b"".join(client.get(f"{base}/datapackage.zip").streaming_content)
    tables = check_package(zipfile.ZipFile(io.BytesIO(package)), official)
    assert len(tables["service"]) == body["total_items"]
