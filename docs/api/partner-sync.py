#!/usr/bin/env python3
"""Keep a partner organisation's offers in Verbund in step with its own software.

Example for the partner API of Verbund (``/api/v1/<kommune>/partner/…``, see
``docs/api/README.md``). Needs only Python 3.10+ (no extra packages).

    export VERBUND_TOKEN=vbd_…          # "API-Zugänge" in Verbund, shown once
    python3 partner-sync.py https://verbund.example.org musterstadt angebote.json

``angebote.json`` is what your software exports: a list of offers, each with your own
``external_id`` and the fields of the API (``title``, ``format``, ``centre_id`` …) plus an
optional ``schedules`` list (``repeat``, ``start_date``, ``start_time`` "HH:MM" …).

Your ``external_id`` is kept beside the file in ``<file>.verbund-ids.json`` (your id →
Verbund's offer number), so a second run updates rather than duplicates. Only what changed
is sent: a run without changes writes nothing (and so sends nothing back to review).
Offers you removed from the file are ended (``status: ended``), not deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

OFFER_FIELDS = {
    "title", "summary", "description", "format", "cost", "cost_note", "admission",
    "languages", "interpretation", "step_free", "accessible_toilet", "accessibility_note",
    "childcare", "place_kind", "location_id", "street", "postcode", "city", "online_url",
    "capacity", "contact_name", "contact_email", "contact_phone", "visibility",
}  # fmt: skip


class ApiError(Exception):
    def __init__(self, status: int, body: dict):
        super().__init__(f"{status}: {body.get('detail', body)}")
        self.status, self.body = status, body


class Client:
    """The API over HTTP (urllib); waits and retries once when rate-limited (429)."""

    def __init__(self, base_url: str, municipality: str, token: str):
        if not base_url.startswith(("https://", "http://")):
            raise SystemExit("Die Adresse von Verbund muss mit https:// beginnen.")
        self.root = f"{base_url.rstrip('/')}/api/v1/{municipality}/partner"
        self.token = token

    def request(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(2):
            request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
                self.root + path,
                data=data,
                method=method,
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    raw = response.read()
                    return json.loads(raw) if raw else None
            except urllib.error.HTTPError as error:
                payload = json.loads(error.read() or b"{}")
                if error.code == 429 and attempt == 0:
                    time.sleep(int(error.headers.get("Retry-After", "60")))
                    continue
                raise ApiError(error.code, payload) from None
        raise AssertionError("unreachable")


def all_offers(api) -> dict[int, dict]:
    found, page = {}, 1
    while True:
        answer = api.request("GET", f"/offers?page={page}&per_page=200")
        found.update({item["id"]: item for item in answer["contents"]})
        if page >= answer["total_pages"]:
            return found
        page += 1


def schedules_key(schedules: list[dict]) -> str:
    return hashlib.sha256(json.dumps(schedules, sort_keys=True).encode()).hexdigest()


def sync(api, offers: list[dict], state: dict) -> dict:
    """Bring Verbund in step with ``offers``; ``state`` (your id → {"id", "schedules"}) is
    updated in place. Returns what happened: created, updated, unchanged, ended, errors."""
    report = {"created": [], "updated": [], "unchanged": [], "ended": [], "errors": {}}
    current = all_offers(api)
    by_title = {item["title"]: number for number, item in current.items()}
    seen = set()
    for offer in offers:
        key = str(offer["external_id"])
        seen.add(key)
        fields = {name: value for name, value in offer.items() if name in OFFER_FIELDS}
        known = state.get(key, {}).get("id")
        if known not in current:
            known = by_title.get(offer["title"])  # the id file was lost: match by title
        try:
            if known is None:
                created = api.request(
                    "POST", "/offers", {**fields, "centre_id": offer["centre_id"]}
                )
                known = created["id"]
                report["created"].append(key)
            else:
                there = current[known]
                changed = {
                    name: value for name, value in fields.items() if there.get(name) != value
                }
                if there["status"] == "ended":
                    changed["status"] = "active"
                if changed:
                    api.request("PATCH", f"/offers/{known}", changed)
                    report["updated"].append(key)
                else:
                    report["unchanged"].append(key)
            schedules = offer.get("schedules", [])
            entry = state.setdefault(key, {})
            entry["id"] = known
            if entry.get("schedules") != schedules_key(schedules):
                for old in current.get(known, {}).get("schedules", []):
                    api.request("DELETE", f"/offers/{known}/schedules/{old['id']}")
                for line in schedules:
                    api.request("POST", f"/offers/{known}/schedules", line)
                entry["schedules"] = schedules_key(schedules)
                if key not in report["created"] and key not in report["updated"]:
                    report["unchanged"].remove(key)
                    report["updated"].append(key)
        except ApiError as error:
            report["errors"][key] = error.body.get("detail", str(error))
    for key, entry in state.items():
        number = entry.get("id")
        if key not in seen and number in current and current[number]["status"] != "ended":
            api.request("PATCH", f"/offers/{number}", {"status": "ended"})
            report["ended"].append(key)
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 4 or not os.environ.get("VERBUND_TOKEN"):
        print(__doc__)
        return 2
    base_url, municipality, path = argv[1:]
    source = Path(path)
    state_file = source.with_suffix(source.suffix + ".verbund-ids.json")
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    api = Client(base_url, municipality, os.environ["VERBUND_TOKEN"])
    report = sync(api, json.loads(source.read_text()), state)
    state_file.write_text(json.dumps(state, indent=2))
    for what in ("created", "updated", "unchanged", "ended"):
        print(f"{what}: {len(report[what])}")
    for key, message in report["errors"].items():
        print(f"Fehler bei {key}: {message}", file=sys.stderr)
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
