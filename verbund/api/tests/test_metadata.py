"""HSDS ``metadata`` of a service (``?metadata=true``): the changes of its public fields from
the audit trail, strict against the official schema; no personal or internal field, no
person's name; two queries whatever the number of offers."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from verbund.api.ids import hsds_id
from verbund.core.audit import log_action
from verbund.core.roles import Role
from verbund.offers.services import offer_update

from .helpers import build_directory, errors

pytestmark = pytest.mark.django_db


def change(tenant, offer, data, role=Role.COORDINATOR):
    with scope(municipality=tenant.municipality.pk):
        return offer_update(actor=tenant.users[role], offer=offer, data=data)


def services(client, tenant, query: str) -> list[dict]:
    response = client.get(f"/api/v1/{tenant.municipality.slug}/services?{query}")
    assert response.status_code == 200, response.content
    return json.loads(response.content)["contents"]


def test_changes_of_public_fields_only(client, tenant):
    offers = build_directory(tenant, offers=3)["offers"]
    first, second = offers[0], offers[1]
    change(tenant, first, {"title": "Elterncafé am Morgen", "contact_name": "Frau Geheim",
                           "capacity": 12})  # fmt: skip
    change(tenant, first, {"cost": "fee", "languages": "de ar"})
    log_action(
        "offers.offer.create",
        actor=tenant.users[Role.COORDINATOR],
        instance=second,
        after={"title": second.title, "contact_phone": "0301234567", "capacity": 5},
    )
    full = services(client, tenant, "full=true&metadata=true&per_page=10")
    by_name = {s["name"]: s for s in full}
    for service in full:
        assert not errors("compiled/service.json", service), errors(
            "compiled/service.json", service
        )
        assert not errors("service.json", service, profile=True)
    changed = by_name["Elterncafé am Morgen"]["metadata"]
    fields = [(m["field_name"], m["previous_value"], m["replacement_value"]) for m in changed]
    assert fields == [
        ("fees_description", "kostenlos", "kostenpflichtig"),
        ("languages", "de, tr, de-ls", "de, ar"),
        ("name", "Elterncafé 0", "Elterncafé am Morgen"),
    ]
    assert {m["last_action_type"] for m in changed} == {"update"}
    assert {m["resource_id"] for m in changed} == {
        hsds_id(tenant.municipality.pk, "service", first.pk)
    }
    created = by_name[second.title]["metadata"]
    assert [(m["last_action_type"], m["field_name"], m["previous_value"]) for m in created] == [
        ("create", "name", "")
    ]
    text = json.dumps(full)
    coordinator = tenant.users[Role.COORDINATOR]
    for secret in ("Frau Geheim", "0301234567", coordinator.get_username()):
        assert secret not in json.dumps([s["metadata"] for s in full if "metadata" in s])
    assert "Frau Geheim" in text  # (published as the contact, not as history)
    assert {m["updated_by"] for m in changed} == {tenant.centre.name}
    assert "metadata" not in by_name["Elterncafé 2"]


def test_only_when_asked(client, tenant):
    offer = build_directory(tenant, offers=1)["offers"][0]
    change(tenant, offer, {"title": "Neuer Titel"})
    assert "metadata" not in services(client, tenant, "full=true")[0]
    assert "metadata" not in services(client, tenant, "metadata=true")[0]  # list form: no field
    url = f"/api/v1/{tenant.municipality.slug}/services/"
    url += hsds_id(tenant.municipality.pk, "service", offer.pk)
    detail = json.loads(client.get(url + "?metadata=true").content)
    assert detail["metadata"][0]["replacement_value"] == "Neuer Titel"
    assert not errors("compiled/service.json", detail)
    assert "metadata" not in json.loads(client.get(url).content)


def test_query_count_independent_of_offers_and_changes(client, tenant):
    slug = tenant.municipality.slug

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/{slug}/services?full=true&metadata=true&per_page=50")
        assert response.status_code == 200
        return len(captured)

    few = build_directory(tenant, offers=2)["offers"]
    change(tenant, few[0], {"title": "Einmal geändert"})
    small = queries()
    many = build_directory(tenant, offers=10)["offers"]
    for number, offer in enumerate(many):
        change(tenant, offer, {"title": f"Geändert {number}"})
        change(tenant, offer, {"summary": f"Kurz {number}"})
    assert queries() == small
