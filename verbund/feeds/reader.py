"""Reading a neighbour's directory into HSDS service objects, whatever the transport.

- ``read_package(content)``: a tabular data package (ZIP with ``datapackage.json`` and one CSV
  per resource, as the official examples and our own export). The rows are typed by the
  package's field types and nested the way the HSDS API nests them (a service with its
  organization, attributes and their taxonomy terms, languages, phones, schedules, locations
  with their addresses), so both transports are checked by the same schema.
- ``read_api(base_url, fetch)``: an HSDS API; ``/services`` page by page (``full=true`` for
  APIs that shorten lists, as ours does), then ``/taxonomy_terms``.

Both return a ``Feed``: the services in the order read, the taxonomy terms by id, and
``problems`` that concern the whole feed (German, with the file and line or page).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

MAX_SERVICES = 50_000
MAX_PAGES = 2_000
MAX_UNPACKED = 400 * 1024 * 1024
PER_PAGE = 100


class FeedError(Exception):
    """The feed cannot be read at all (German message)."""


@dataclass
class Feed:
    services: list[dict] = field(default_factory=list)
    terms: dict[str, dict] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


# --- tabular data package ------------------------------------------------------------


def _typed(value: str, kind: str):
    if value == "":
        return None
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return value  # the schema names the field and the value
        return int(number) if number.is_integer() and "." not in value else number
    if kind == "integer":
        try:
            return int(value)
        except ValueError:
            return value
    if kind == "boolean":
        lowered = value.strip().lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        return value
    if kind in ("array", "object"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _table(archive: zipfile.ZipFile, resource: dict, names: set[str]) -> list[dict]:
    path = str(resource.get("path") or "")
    if path not in names:
        return []
    types = {
        f.get("name"): f.get("type", "string")
        for f in (resource.get("schema") or {}).get("fields", [])
        if isinstance(f, dict)
    }
    with archive.open(path) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        try:
            reader = csv.DictReader(text)
            rows = []
            for line, row in enumerate(reader, start=2):
                record = {
                    key: _typed(value or "", types.get(key, "string"))
                    for key, value in row.items()
                    if key is not None
                }
                record = {k: v for k, v in record.items() if v is not None}
                record["_line"] = f"{path}, {_('Zeile')} {line}"
                rows.append(record)
        except (UnicodeDecodeError, csv.Error) as error:
            raise FeedError(
                _("Die Tabelle „%(path)s“ ist nicht lesbar (UTF-8-CSV erwartet): %(reason)s")
                % {"path": path, "reason": str(error)[:200]}
            ) from error
    return rows


def read_package(content: bytes) -> Feed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise FeedError(_("Die Datei ist kein lesbares ZIP-Archiv.")) from error
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise FeedError(_("Das ZIP-Archiv ist entpackt zu groß."))
    names = {info.filename for info in infos}
    if "datapackage.json" not in names:
        raise FeedError(_("Im ZIP-Archiv fehlt die Datei „datapackage.json“."))
    try:
        descriptor = json.loads(archive.read("datapackage.json").decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(
            _("„datapackage.json“ ist kein gültiges JSON: %(reason)s") % {"reason": str(error)}
        ) from error
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        raise FeedError(_("„datapackage.json“ nennt keine Tabellen (resources)."))
    tables = {
        str(r.get("name")): _table(archive, r, names) for r in resources if isinstance(r, dict)
    }
    if "service" not in tables:
        raise FeedError(_("Das Datenpaket enthält keine Tabelle „service“."))
    if len(tables["service"]) > MAX_SERVICES:
        raise FeedError(
            _("Das Datenpaket enthält mehr als %(max)s Angebote.") % {"max": MAX_SERVICES}
        )
    return _nest(tables)


def _by(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        value = row.get(key)
        if isinstance(value, str):
            grouped[value].append(row)
    return grouped


def _clean(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _nest(tables: dict[str, list[dict]]) -> Feed:
    feed = Feed()
    terms = {
        row["id"]: _clean(row)
        for row in tables.get("taxonomy_term", [])
        if isinstance(row.get("id"), str)
    }
    feed.terms = terms
    organizations = {
        row["id"]: _clean(row)
        for row in tables.get("organization", [])
        if isinstance(row.get("id"), str)
    }
    addresses = _by(tables.get("address", []), "location_id")
    locations = {}
    for row in tables.get("location", []):
        if isinstance(row.get("id"), str):
            location = _clean(row)
            location["addresses"] = [_clean(a) for a in addresses.get(row["id"], [])]
            locations[row["id"]] = location
    attributes = _by(tables.get("attribute", []), "link_id")
    by_service = {
        name: _by(tables.get(name, []), "service_id")
        for name in ("language", "phone", "schedule", "service_area", "cost_option", "contact")
    }
    links = _by(tables.get("service_at_location", []), "service_id")
    for row in tables["service"]:
        service = _clean(row)
        service["_line"] = row["_line"]
        sid = service.get("id") if isinstance(service.get("id"), str) else ""
        organization = organizations.get(service.get("organization_id"))
        if organization:
            service["organization"] = organization
        service["attributes"] = []
        for attribute in attributes.get(sid, []):
            attribute = _clean(attribute)
            term = terms.get(attribute.get("taxonomy_term_id"))
            if term:
                attribute["taxonomy_term"] = term
            service["attributes"].append(attribute)
        for name, key in (
            ("language", "languages"),
            ("phone", "phones"),
            ("schedule", "schedules"),
            ("service_area", "service_areas"),
            ("cost_option", "cost_options"),
            ("contact", "contacts"),
        ):
            service[key] = [_clean(r) for r in by_service[name].get(sid, [])]
        service["service_at_locations"] = []
        for link in links.get(sid, []):
            link = _clean(link)
            location = locations.get(link.get("location_id"))
            if location:
                link["location"] = location
            service["service_at_locations"].append(link)
        feed.services.append(service)
    return feed


# --- HSDS API ---------------------------------------------------------------------------


def _page(fetch, url: str, what: str) -> dict:
    body = fetch(url)
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(
            _("Die Antwort von „%(url)s“ ist kein gültiges JSON: %(reason)s")
            % {"url": url[:200], "reason": str(error)[:200]}
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("contents"), list):
        raise FeedError(
            _("Die Antwort von „%(url)s“ ist keine HSDS-Liste von %(what)s (es fehlt „contents“).")
            % {"url": url[:200], "what": what}
        )
    return data


def _pages(fetch, base: str, path: str, what: str, params: dict, progress=None):
    page = 1
    while page <= MAX_PAGES:
        url = f"{base}{path}?{urlencode({**params, 'page': page, 'per_page': PER_PAGE})}"
        data = _page(fetch, url, what)
        for number, item in enumerate(data["contents"], start=1):
            yield page, number, item
        if progress:
            progress(page, data.get("total_pages"))
        total = data.get("total_pages")
        last = data.get("last_page")
        if not data["contents"] or last is True or (isinstance(total, int) and page >= total):
            return
        page += 1
    raise FeedError(_("Die Schnittstelle hat mehr als %(max)s Seiten.") % {"max": MAX_PAGES})


def read_api(base_url: str, fetch, progress=None) -> Feed:
    base = base_url.rstrip("/")
    feed = Feed()
    for page, number, item in _pages(
        fetch, base, "/services", _("Angeboten"), {"full": "true"}, progress
    ):
        if isinstance(item, dict):
            item["_line"] = _("Seite %(page)s, Eintrag %(number)s") % {
                "page": page,
                "number": number,
            }
        feed.services.append(item)
        if len(feed.services) > MAX_SERVICES:
            raise FeedError(
                _("Die Schnittstelle liefert mehr als %(max)s Angebote.") % {"max": MAX_SERVICES}
            )
    try:
        for _page_no, _number, term in _pages(
            fetch, base, "/taxonomy_terms", _("Begriffen"), {}, None
        ):
            if isinstance(term, dict) and isinstance(term.get("id"), str):
                feed.terms[term["id"]] = term
    except FeedError as error:
        feed.problems.append(
            _("Die Begriffe der Taxonomie konnten nicht gelesen werden: %(reason)s")
            % {"reason": str(error)}
        )
    # Terms nested in the services count too (an API may not list /taxonomy_terms).
    for service in feed.services:
        for attribute in (service.get("attributes") or []) if isinstance(service, dict) else []:
            term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
            if isinstance(term, dict) and isinstance(term.get("id"), str):
                feed.terms.setdefault(term["id"], term)
    return feed
