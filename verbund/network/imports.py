"""The organisation list's columns (``EXPORT_HEADER``, which the import reads back through the
one list import, ``verbund.network.list_import``) and the German names of sectors and
contact channels a list may use."""

from __future__ import annotations

from .models import ContactChannel, Sector

EXPORT_HEADER = [
    "Name",
    "Sektor",
    "Art",
    "Straße und Hausnummer",
    "Postleitzahl",
    "Ort",
    "Breitengrad",
    "Längengrad",
    "E-Mail",
    "Telefon",
    "Website",
    "Sprachen",
    "Barrierefreiheit",
    "Einzugsgebiete",
    "Bevorzugter Kontaktweg",
    "Beschreibung",
]


def _sector(value: str) -> str | None:
    text = value.strip().lower()
    for key, label in Sector.choices:
        if text in {key, str(label).lower()}:
            return key
    for key, label in Sector.choices:
        parts = [p.strip() for p in str(label).lower().replace("-", " ").split("/")]
        if text in parts or any(text and p.startswith(text) for p in parts):
            return key
    return None


def _channel(value: str) -> str | None:
    text = value.strip().lower()
    for key, label in ContactChannel.choices:
        if text in {key, str(label).lower()}:
            return key
    return None
