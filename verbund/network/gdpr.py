"""GDPR helpers: the access export (Art. 15, from the privacy registry) and the processing
register (Art. 30)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from verbund.core.privacy import declared_models

from . import privacy_registry
from .models import Contact


def contact_access_data(contact: Contact) -> dict:
    """Everything stored about one person: every place of the privacy registry, including
    the audit trail and (registered by their apps) agreements that name the person."""
    person = privacy_registry.person_for(contact, pseudonym=contact.pseudonym)
    found = privacy_registry.find_everywhere(person)
    data: dict = {
        "auskunft_nach": "Art. 15 DSGVO",
        "erstellt_am": timezone.now(),
        "verantwortlich": str(contact.municipality),
        "person": {},
        "zweck": str(Contact.personal_data.purpose),
        "speicherdauer": str(Contact.personal_data.retention),
        "empfaenger": [str(r) for r in Contact.personal_data.recipients],
        "fundorte": [
            {"bereich": place.section, "ort": str(place.label), "anzahl": len(rows)}
            for place, rows in found
            if rows
        ],
    }
    for place, rows in found:
        if place.section == "person":
            data["person"] = rows[0] if rows else {}
        else:
            data.setdefault(place.section, []).extend(rows)
    return data


def contact_access_json(contact: Contact) -> bytes:
    return json.dumps(
        contact_access_data(contact), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    ).encode("utf-8")


def contact_access_rows(contact: Contact) -> list[list]:
    """Flat rows (section, number, field, value) for the CSV/XLSX variant."""
    data = contact_access_data(contact)
    rows = []
    for key, value in data["person"].items():
        rows.append(["person", 1, key, value])
    sections = [place.section for place in privacy_registry.places()]
    for section in dict.fromkeys(sections):
        if section == "person":
            continue
        for number, item in enumerate(data.get(section, []), start=1):
            for key, value in item.items():
                if isinstance(value, dict | list):
                    value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
                rows.append([section, number, key, value])
    rows.append(["zweck", 1, "zweck", data["zweck"]])
    rows.append(["zweck", 1, "speicherdauer", data["speicherdauer"]])
    return rows


def register_entries() -> list[dict]:
    entries = []
    for model, record in declared_models():
        entries.append(
            {
                "label": model._meta.label,
                "name": str(model._meta.verbose_name_plural),
                "purpose": str(record.purpose),
                "legal_basis": [str(x) for x in record.legal_basis_labels()],
                "categories": [str(c) for c in record.categories],
                "data_subjects": str(record.data_subjects),
                "retention": str(record.retention),
                "recipients": [str(r) for r in record.recipients],
                "fields": [str(model._meta.get_field(name).verbose_name) for name in record.fields],
            }
        )
    return entries


REGISTER_HEADER = [
    "Verarbeitung (Datenbestand)",
    "Modell",
    "Zweck",
    "Rechtsgrundlage",
    "Betroffene",
    "Datenkategorien",
    "Felder",
    "Empfänger",
    "Löschfrist",
]


def register_rows() -> list[list[str]]:
    return [
        [
            e["name"],
            e["label"],
            e["purpose"],
            "; ".join(e["legal_basis"]),
            e["data_subjects"],
            "; ".join(e["categories"]),
            "; ".join(e["fields"]),
            "; ".join(e["recipients"]),
            e["retention"],
        ]
        for e in register_entries()
    ]
