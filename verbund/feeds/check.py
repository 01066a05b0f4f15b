"""From HSDS service objects to a preview: per-record errors (schema path and value, duplicate
ids, their taxonomy terms not yet mapped to ours) and the values each offer gets."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from verbund.offers.choices import LANGUAGE_LABELS, Admission, Cost, OfferStatus, PlaceKind
from verbund.offers.models import Offer

from .validate import service_errors

POSTCODE_LENGTH = Offer._meta.get_field("postcode").max_length

STATUS = {
    "active": OfferStatus.ACTIVE,
    "inactive": OfferStatus.ENDED,
    "defunct": OfferStatus.ENDED,
    "temporarily closed": OfferStatus.PAUSED,
}


@dataclass
class Preview:
    records: list[dict] = field(default_factory=list)  # display: id, name, line, errors
    values: dict[str, dict] = field(default_factory=dict)  # HSDS id → offer values
    unmapped: dict[str, str] = field(default_factory=dict)  # their term id → label
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.values)


def term_label(term: dict) -> str:
    name = str(term.get("name") or term.get("code") or term.get("id") or "")
    taxonomy = term.get("taxonomy") or term.get("taxonomy_id") or ""
    return f"{name} ({taxonomy})"[:300] if taxonomy else name[:300]


def record_label(service: dict) -> str:
    name = service.get("name") if isinstance(service.get("name"), str) else ""
    sid = service.get("id") if isinstance(service.get("id"), str) else "?"
    line = service.get("_line", "")
    return _("„%(name)s“ (ID %(id)s%(where)s)") % {
        "name": name[:80] or _("ohne Namen"),
        "id": sid[:60],
        "where": f", {line}" if line else "",
    }


def _text(value, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def offer_values(service: dict, term_ids: list[int]) -> dict:
    """Our offer's fields from one valid HSDS service."""
    address = {}
    online_url = ""
    for link in service.get("service_at_locations") or []:
        location = link.get("location") or {}
        for candidate in location.get("addresses") or []:
            if candidate.get("address_1"):
                address = candidate
                break
        if address:
            break
    if not address and location_type_virtual(service):
        online_url = _text(service.get("url"), 200)
    languages = []
    for language in service.get("languages") or []:
        code = str(language.get("code") or "")[:2].lower()
        if code in LANGUAGE_LABELS and code not in languages:
            languages.append(code)
    costs = service.get("cost_options") or []
    fee = any((c.get("amount") or 0) > 0 for c in costs) or bool(
        _text(service.get("fees_description"), 10)
    )
    phones = service.get("phones") or []
    description = _text(service.get("description"), 5000)
    summary = _text(service.get("alternate_name"), 200) or description[:200]
    postcode = _text(address.get("postal_code"), 40)
    return {
        "title": _text(service.get("name"), 200),
        "summary": summary,
        "description": description,
        "cost": Cost.FEE if fee else Cost.FREE,
        "cost_note": _text(service.get("fees_description"), 200),
        "admission": Admission.OPEN,
        "languages": " ".join(languages) or "de",
        "place_kind": PlaceKind.ADDRESS
        if address
        else (PlaceKind.ONLINE if online_url else PlaceKind.OUTREACH),
        "street": _text(address.get("address_1"), 200),
        # (a postcode that is no German one would only be cut: left out, the city stays)
        "postcode": postcode if len(postcode) <= POSTCODE_LENGTH else "",
        "city": _text(address.get("city"), 100),
        "online_url": online_url,
        "status": STATUS.get(str(service.get("status", "")).lower(), OfferStatus.ACTIVE),
        "contact_email": _text(service.get("email"), 254),
        "contact_phone": _text(phones[0].get("number"), 40) if phones else "",
        "term_ids": sorted(set(term_ids)),
    }


def location_type_virtual(service: dict) -> bool:
    return bool(service.get("url")) and not service.get("service_at_locations")


def _service_terms(service: dict) -> list[tuple[str, str, dict]]:
    """(path, term id, term object or {}) of every attribute."""
    found = []
    for index, attribute in enumerate(service.get("attributes") or []):
        if not isinstance(attribute, dict):
            continue
        term = (
            attribute.get("taxonomy_term")
            if isinstance(attribute.get("taxonomy_term"), dict)
            else {}
        )
        term_id = attribute.get("taxonomy_term_id") or term.get("id")
        if isinstance(term_id, str) and term_id:
            found.append((f"attributes/{index}/taxonomy_term_id", term_id, term))
    return found


def check(services: list, terms: dict, mappings: dict[str, tuple[int | None, bool]]) -> Preview:
    """``mappings``: their term id → (our term id or None, ignored)."""
    preview = Preview()
    seen: dict[str, int] = {}
    for service in services:
        if isinstance(service, dict) and isinstance(service.get("id"), str):
            seen[service["id"]] = seen.get(service["id"], 0) + 1
    for service in services:
        if not isinstance(service, dict):
            preview.records.append(
                {"label": _("Eintrag ohne Inhalt"), "errors": [("", _("kein JSON-Objekt"))]}
            )
            preview.error_count += 1
            continue
        errors = service_errors(service)
        sid = service.get("id") if isinstance(service.get("id"), str) else None
        if sid and seen.get(sid, 0) > 1:
            errors.append(
                ("id", _("die ID %(id)s kommt %(count)s-mal vor") % {"id": sid, "count": seen[sid]})
            )
        term_ids = []
        for path, term_id, term in _service_terms(service):
            if term_id in mappings:
                ours, ignored = mappings[term_id]
                if ours and not ignored:
                    term_ids.append(ours)
                continue
            known = terms.get(term_id) or term
            label = term_label(known) if known else term_id
            preview.unmapped.setdefault(term_id, label)
            errors.append(
                (
                    path,
                    _("Begriff „%(label)s“ ist noch keinem unserer Begriffe zugeordnet")
                    % {"label": label},
                )
            )
        record = {"id": sid or "", "label": record_label(service), "errors": errors}
        preview.records.append(record)
        if errors:
            preview.error_count += 1
        elif sid:
            preview.values[sid] = offer_values(service, term_ids)
    return preview
