"""docs/api/partner-sync.py, the example of a partner's software keeping its offers in
Verbund: it creates, updates, re-runs without writing anything, survives a lost id file,
ends an offer removed from the source, and reports a refused value with the field."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.offers.models import Offer

from .helpers_partner import make_token

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "api" / "partner-sync.py"


def load_script():
    spec = importlib.util.spec_from_file_location("partner_sync", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ScriptApi:
    """The script's ``Client.request`` over Django's test client."""

    def __init__(self, client, root: str, token: str, module):
        self.client, self.root, self.token, self.module = client, root, token, module

    def request(self, method, path, body=None):
        response = self.client.generic(
            method,
            self.root + path,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.token}",
        )
        payload = json.loads(response.content) if response.content else None
        if response.status_code >= 400:
            raise self.module.ApiError(response.status_code, payload)
        return payload


def writes() -> int:
    with scopes_disabled():
        return AuditEntry.unscoped.filter(action__startswith="offers.").count()


def test_the_example_keeps_offers_in_sync(client, tenant):
    module = load_script()
    _row, token = make_token(tenant)
    api = ScriptApi(client, f"/api/v1/{tenant.municipality.slug}/partner", token, module)
    centre = tenant.centre.pk
    source = [
        {
            "external_id": "K-17",
            "centre_id": centre,
            "title": "Babymassage",
            "format": "course",
            "place_kind": "online",
            "online_url": "https://kurse.example.org/babymassage",
            "languages": ["de"],
            "schedules": [
                {"repeat": "weekly", "start_date": "2027-03-02", "start_time": "09:30",
                 "end_time": "11:00", "weekdays": [1], "count": 6},
            ],
        },
        {
            "external_id": "K-18",
            "centre_id": centre,
            "title": "Papa-Kind-Turnen",
            "format": "group",
            "place_kind": "online",
            "online_url": "https://kurse.example.org/turnen",
        },
    ]  # fmt: skip
    state: dict = {}
    first = module.sync(api, source, state)
    assert sorted(first["created"]) == ["K-17", "K-18"] and not first["errors"]
    with scopes_disabled():
        massage = Offer.objects.get(pk=state["K-17"]["id"])
        assert massage.schedules.count() == 1
        assert massage.review_state == "submitted"

    before = writes()
    again = module.sync(api, source, state)
    assert sorted(again["unchanged"]) == ["K-17", "K-18"]
    assert writes() == before  # idempotent: nothing written

    source[0]["title"] = "Babymassage (neu)"
    source[0]["schedules"][0]["start_time"] = "10:00"
    changed = module.sync(api, source, state)
    assert changed["updated"] == ["K-17"]
    with scopes_disabled():
        massage.refresh_from_db()
        assert massage.title == "Babymassage (neu)"
        assert [s.start_time.hour for s in massage.schedules.all()] == [10]

    lost = module.sync(api, source, {})  # the id file is gone: matched by title
    assert not lost["created"]
    with scopes_disabled():
        assert Offer.objects.count() == 2

    ended = module.sync(api, source[:1], state)
    assert ended["ended"] == ["K-18"]
    with scopes_disabled():
        assert Offer.objects.get(pk=state["K-18"]["id"]).status == "ended"

    broken = [{**source[0], "external_id": "K-99", "title": "Neu", "contact_email": "kaputt"}]
    report = module.sync(api, broken, state)
    assert "contact_email" in report["errors"]["K-99"]
