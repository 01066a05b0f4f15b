"""The content of an agreement as one JSON-friendly dict: what a version freezes, what the PDF
shows and what the version comparison compares."""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from verbund.core import numbers

from .models import Agreement, PartyKind


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def agreement_content(agreement: Agreement) -> dict:
    """Expects parties/responsibilities/resources prefetched (see selectors.agreement_get)."""
    parties = list(agreement.parties.all())
    centre = agreement.centre
    party_rows = []
    for party in parties:
        if party.kind == PartyKind.PARTNER:
            org = party.organisation
            address = org.address_line
        elif party.kind == PartyKind.CENTRE:
            address = centre.address_line
        else:
            address = ""
        party_rows.append(
            {
                "kind": party.kind,
                "kind_label": str(party.get_kind_display()),
                "name": party.name,
                "address": address,
                "added_value": party.added_value,
                "signatory": party.signatory,
            }
        )
    names = {party.pk: party.name for party in parties}
    return {
        "title": agreement.title,
        "subject": agreement.subject,
        "goals": agreement.goals,
        "includes_municipality": agreement.includes_municipality,
        "start_date": _iso(agreement.start_date),
        "end_date": _iso(agreement.end_date),
        "review_date": _iso(agreement.review_date),
        "notice_period": agreement.notice_period,
        "centre": centre.name,
        "municipality": agreement.municipality.name,
        "parties": party_rows,
        "responsibilities": [
            {
                "party": names.get(item.party_id, ""),
                "task": item.task,
                "scope": item.scope,
                "contact": item.contact_label,
            }
            for item in agreement.responsibilities.all()
        ],
        "resources": [
            {
                "party": names.get(item.party_id, ""),
                "kind": item.kind,
                "kind_label": str(item.get_kind_display()),
                "description": item.description,
                "amount": "" if item.amount is None else format_amount(item.amount),
                "unit": item.unit,
            }
            for item in agreement.resources.all()
        ],
    }


def format_amount(amount) -> str:
    return numbers.format_amount(amount)


def content_hash(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- comparison -------------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    changed: bool
    segments: list[tuple[str, str]] = field(default_factory=list)  # ("equal"|"delete"|"insert")
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _date_text(value: str) -> str:
    if not value:
        return "–"
    return date.fromisoformat(value).strftime("%d.%m.%Y")


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(" "), new.split(" ")
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", " ".join(b[j1:j2])))
    return segments


def _party_line(row: dict) -> str:
    line = f"{row['name']} ({row['kind_label']})"
    if row.get("added_value"):
        line += " – " + _("Mehrwert") + ": " + row["added_value"]
    if row.get("signatory"):
        line += " – " + _("unterzeichnet durch") + " " + row["signatory"]
    return line


def _responsibility_line(row: dict) -> str:
    parts = [row["party"] + ": " + row["task"]]
    if row.get("scope"):
        parts.append(_("Umfang") + " " + row["scope"])
    if row.get("contact"):
        parts.append(_("Ansprechperson") + " " + row["contact"])
    return " – ".join(parts)


def _resource_line(row: dict) -> str:
    amount = " ".join(part for part in [row.get("amount", ""), row.get("unit", "")] if part)
    line = f"{row['party']}: {row['kind_label']} – {row['description']}"
    return f"{line} ({amount})" if amount else line


def compare(old: dict | None, new: dict) -> list[Change]:
    """Field by field: texts as word diffs, lists (parties, …) as removed/added lines."""
    old = old or {}
    changes: list[Change] = []
    texts = [
        ("title", _("Titel"), str),
        ("subject", _("Gegenstand"), str),
        ("goals", _("Ziele"), str),
        ("start_date", _("Beginn"), _date_text),
        ("end_date", _("Ende"), _date_text),
        ("review_date", _("Überprüfung"), _date_text),
        ("notice_period", _("Kündigung"), str),
    ]
    for key, label, render in texts:
        before = render(old.get(key, "")) if key in old else ""
        after = render(new.get(key, ""))
        changes.append(Change(label, before != after, segments=_word_diff(before, after)))
    lists = [
        ("parties", _("Vertragsparteien"), _party_line),
        ("responsibilities", _("Zuständigkeiten"), _responsibility_line),
        ("resources", _("Ressourcen"), _resource_line),
    ]
    for key, label, render in lists:
        before = [render(row) for row in old.get(key, [])]
        after = [render(row) for row in new.get(key, [])]
        removed = [line for line in before if line not in after]
        added = [line for line in after if line not in before]
        kept = [line for line in after if line in before]
        changes.append(
            Change(label, bool(removed or added), removed=removed, added=added, kept=kept)
        )
    return changes
