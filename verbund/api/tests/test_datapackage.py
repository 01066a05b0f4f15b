"""The tabular data package: every table of the official descriptor, headers and values as
its schemas declare (types, formats, required, unique, enum, primary and foreign keys)."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile
from datetime import date, datetime

import pytest

from verbund.core.testing import shared_data

from .helpers import build_directory

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")


def _type_error(field: dict, value: str) -> str | None:
    kind, form = field["type"], field.get("format")
    try:
        if kind == "number":
            float(value)
        elif kind == "date":
            date.fromisoformat(value)
        elif kind == "time":
            datetime.strptime(value, "%H:%M:%S")
        elif kind == "datetime":
            datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
        elif form == "uuid":
            uuid.UUID(value)
        elif form == "email" and not EMAIL.match(value):
            return "no email"
        elif form == "uri" and not URI.match(value):
            return "no uri"
    except ValueError as error:
        return str(error)
    return None


def check_package(archive: zipfile.ZipFile, official: dict) -> dict[str, list[dict]]:
    descriptor = json.loads(archive.read("datapackage.json"))
    assert descriptor["profile"] == "tabular-data-package"
    assert [r["schema"] for r in descriptor["resources"]] == [
        r["schema"] for r in official["resources"]
    ]
    tables: dict[str, list[dict]] = {}
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        text = archive.read(resource["path"]).decode("utf-8")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader)
        assert header == [f["name"] for f in fields], resource["path"]
        rows = []
        for number, values in enumerate(reader, start=2):
            assert len(values) == len(fields), (resource["path"], number)
            row = dict(zip(header, values, strict=True))
            for field in fields:
                value = row[field["name"]]
                constraints = field.get("constraints", {})
                if value == "":
                    assert not constraints.get("required"), (resource["path"], field["name"])
                    continue
                problem = _type_error(field, value)
                assert problem is None, (resource["path"], number, field["name"], value, problem)
                if "enum" in constraints:
                    assert value in constraints["enum"], (resource["path"], field["name"], value)
            rows.append(row)
        for field in fields:
            if field.get("constraints", {}).get("unique"):
                values = [row[field["name"]] for row in rows if row[field["name"]]]
                assert len(values) == len(set(values)), (resource["path"], field["name"])
        tables[resource["name"]] = rows
    for resource in descriptor["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"]
            known = {row[key["reference"]["fields"]] for row in tables[target]}
            for row in tables[resource["name"]]:
                value = row[key["fields"]]
                assert not value or value in known, (resource["name"], key["fields"], value)
    return tables


def test_datapackage_is_valid_and_complete(client, tenant, foreign):
    official = json.loads(shared_data("hsds-3.0", "datapackage.json").read_text("utf-8"))
    directory = build_directory(tenant, offers=6)
    build_directory(foreign, offers=2)
    response = client.get(f"/api/v1/{tenant.municipality.slug}/datapackage.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response.streaming
    body = b"".join(response.streaming_content)
    tables = check_package(zipfile.ZipFile(io.BytesIO(body)), official)
    assert {row["name"] for row in tables["service"]} == {o.title for o in directory["offers"]}
    assert len(tables["organization"]) == 2
    # the facility once (two offers), two own addresses, one online place
    assert len(tables["location"]) == 4
    assert any(row["freq"] == "MONTHLY" and row["byday"] == "2WE" for row in tables["schedule"])
    assert {row["code"] for row in tables["taxonomy_term"]} >= {"niedrigschwelligkeit:low"}
    assert len(tables["taxonomy"]) == 7


def test_the_checker_fails_on_a_broken_package(client, tenant):
    """The check above can fail: a forged package with a dangling id and a bad date."""
    official = json.loads(shared_data("hsds-3.0", "datapackage.json").read_text("utf-8"))
    build_directory(tenant, offers=1)
    body = b"".join(
        client.get(f"/api/v1/{tenant.municipality.slug}/datapackage.zip").streaming_content
    )
    source = zipfile.ZipFile(io.BytesIO(body))
    for broken_name, transform in (
        ("schedules.csv", lambda text: text.replace("2027-01-05", "05.01.2027")),
        (
            "services.csv",
            lambda text: text.replace(text.split("\r\n")[1].split(",")[1], str(uuid.uuid4())),
        ),
    ):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as copy:
            for name in source.namelist():
                data = source.read(name)
                if name == broken_name:
                    data = transform(data.decode("utf-8")).encode("utf-8")
                copy.writestr(name, data)
        with pytest.raises(AssertionError):
            check_package(zipfile.ZipFile(io.BytesIO(out.getvalue())), official)


def test_vendored_descriptor_is_the_official_one():
    from verbund.api.datapackage import descriptor

    official = json.loads(shared_data("hsds-3.0", "datapackage.json").read_text("utf-8"))
    assert descriptor() == official


def test_unknown_municipality(client):
    assert client.get("/api/v1/nirgends/datapackage.zip").status_code == 404


def test_the_streamed_relations_are_those_of_each_offer(tenant):
    """The package reads schedules, terms and areas in three streams alongside the offers;
    each offer gets exactly what the API's per-page reading gives it."""
    from django_scopes import scopes_disabled

    from verbund.api import selectors

    build_directory(tenant, offers=6)
    with scopes_disabled():
        municipality = tenant.municipality
        streamed = list(selectors.package_offers(municipality=municipality))
        related = selectors.RelatedStreams(municipality=municipality)
        for offer in streamed:
            related.attach(offer)
        paged = list(selectors.package_offers(municipality=municipality))
        selectors.attach_related(municipality=municipality, offers=paged, full=True)
    assert len(streamed) >= 6
    assert any(offer.api_schedules for offer in streamed)
    assert any(offer.api_terms for offer in streamed)
    assert any(offer.api_areas for offer in streamed)
    for offer, same in zip(streamed, paged, strict=True):
        for name in ("api_schedules", "api_terms", "api_areas"):
            assert getattr(offer, name) == getattr(same, name), (offer.pk, name)
