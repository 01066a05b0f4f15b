"""GDPR helpers: the access export (Art. 15) and the processing register (Art. 30)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from verbund.core.privacy import declared_models

from .models import Contact
from .selectors import contact_audit_entries


def contact_access_data(contact: Contact) -> dict:
    """Everything stored about one person, including the audit trail about them."""
    interactions = [
        {
            "datum": item.date,
            "art": item.get_kind_display(),
            "inhalt": item.summary,
            "familienzentrum": str(item.relationship.centre),
            "organisation": str(item.relationship.organisation),
        }
        for item in contact.interactions.select_related(
            "relationship__centre", "relationship__organisation"
        ).order_by("date", "id")
    ]
    seats = [
        {
            "gremium": str(seat.body),
            "rolle": seat.get_role_display(),
            "seit": seat.joined_on,
            "bis": seat.left_on,
        }
        for seat in contact.body_seats.select_related("body").order_by("joined_on", "id")
    ]
    audit = [
        {
            "zeitpunkt": entry.timestamp,
            "aktion": entry.action,
            "person": entry.actor_label,
            "vorher": entry.before,
            "nachher": entry.after,
            "daten": entry.data,
        }
        for entry in contact_audit_entries(contact=contact)
    ]
    return {
        "auskunft_nach": "Art. 15 DSGVO",
        "erstellt_am": timezone.now(),
        "verantwortlich": str(contact.municipality),
        "person": {
            "id": contact.pk,
            "vorname": contact.first_name,
            "nachname": contact.last_name,
            "funktion": contact.function,
            "e_mail": contact.email,
            "telefon": contact.phone,
            "bevorzugter_kontaktweg": contact.get_preferred_channel_display(),
            "notizen": contact.notes,
            "organisation": str(contact.organisation),
            "rechtsgrundlage": contact.get_legal_basis_display(),
            "herkunft": contact.source,
            "zuletzt_bestaetigt": contact.last_confirmed,
            "angelegt_am": contact.created_at,
            "geaendert_am": contact.updated_at,
            "geloescht_am": contact.erased_at,
        },
        "zweck": str(Contact.personal_data.purpose),
        "speicherdauer": str(Contact.personal_data.retention),
        "empfaenger": [str(r) for r in Contact.personal_data.recipients],
        "kontaktverlauf": interactions,
        "gremien": seats,
        "protokoll": audit,
    }


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
    for section in ("kontaktverlauf", "gremien", "protokoll"):
        for number, item in enumerate(data[section], start=1):
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
