"""Import organisations from CSV or XLSX: check the upload, read it, validate every row.

Nothing is stored while checking. Each problem names its line and column in German. The
validated rows go to the preview; the commit (``services.organisation_import``) is atomic.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from verbund.core.tables import FileProblem, ReadOptions, TableLimits, open_table
from verbund.core.uploads import read_limited

from .duplicates import find_similar, normalise
from .models import ContactChannel, Organisation, Sector

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 500
MAX_READ_SECONDS = 20
FUZZY_DUPLICATE_BUDGET = 2_000_000  # name comparisons; above, only exact normalised names

# Column header (lower case) → model field. The export writes the first spelling.
COLUMNS = {
    "name": "name",
    "vereinsname": "name",
    "organisation": "name",
    "bezeichnung": "name",
    "sektor": "sector",
    "bereich": "sector",
    "kategorie": "sector",
    "hausnummer": "house_number",
    "hausnr.": "house_number",
    "art": "org_type",
    "straße und hausnummer": "street",
    "straße": "street",
    "strasse": "street",
    "adresse": "street",
    "postleitzahl": "postcode",
    "plz": "postcode",
    "ort": "city",
    "breitengrad": "latitude",
    "längengrad": "longitude",
    "e-mail": "email",
    "email": "email",
    "telefon": "phone",
    "website": "website",
    "internet": "website",
    "sprachen": "languages",
    "barrierefreiheit": "accessibility",
    "einzugsgebiete": "areas_served",
    "bevorzugter kontaktweg": "preferred_channel",
    "beschreibung": "description",
    "beschreibung und angebote": "description",
}
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
FIELD_COLUMN = {
    "name": "Name",
    "sector": "Sektor",
    "org_type": "Art",
    "street": "Straße und Hausnummer",
    "postcode": "Postleitzahl",
    "city": "Ort",
    "latitude": "Breitengrad",
    "longitude": "Längengrad",
    "email": "E-Mail",
    "phone": "Telefon",
    "website": "Website",
    "languages": "Sprachen",
    "accessibility": "Barrierefreiheit",
    "areas_served": "Einzugsgebiete",
    "preferred_channel": "Bevorzugter Kontaktweg",
    "description": "Beschreibung",
    "house_number": "Hausnummer",
}


class UploadError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Preview:
    rows: list[dict] = field(default_factory=list)  # JSON-safe cleaned values
    display: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Reading -----------------------------------------------------------------------------------


LIMITS = TableLimits(
    max_rows=MAX_ROWS + 1,  # the header line and MAX_ROWS data lines
    max_columns=200,
    max_unpacked_bytes=MAX_UNCOMPRESSED_BYTES,
    max_compression_ratio=MAX_COMPRESSION_RATIO,
    max_zip_entries=MAX_ZIP_ENTRIES,
    max_seconds=MAX_READ_SECONDS,
)


def read_upload(upload) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and ``(line number, cells)`` rows of an uploaded CSV or XLSX file, read by the
    shared table reader (``verbund.core.tables``) within this import's limits."""
    name = (upload.name or "").lower()
    if not name.endswith((".xlsx", ".csv", ".txt")):
        raise UploadError(
            _("Dieser Dateityp wird nicht unterstützt. Bitte eine CSV- oder XLSX-Datei hochladen.")
        )
    try:
        data = read_limited(upload, MAX_UPLOAD_BYTES)
    except ValidationError as error:
        raise UploadError(" ".join(error.messages)) from None
    try:
        table = open_table(io.BytesIO(data), name, ReadOptions(header_row=1), LIMITS)
        try:
            rows = [
                (line, ["" if v is None else str(v) for v in cells]) for line, cells in table.rows
            ]
        finally:
            table.close()
    except FileProblem as problem:
        raise UploadError(str(problem)) from None
    return [str(title) for title in table.header], rows


# Validating --------------------------------------------------------------------------------


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


def _decimal(value: str):
    text = value.strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text)


def validate(header, rows, *, municipality, areas) -> Preview:
    """``areas``: the municipality's areas as ``(pk, code, name)``."""
    preview = Preview()
    columns: dict[int, str] = {}
    for index, title in enumerate(header):
        key = COLUMNS.get(str(title).strip().lower())
        if key and key not in columns.values():
            columns[index] = key
        elif str(title).strip():
            preview.warnings.append(
                _("Spalte „%(title)s“ ist unbekannt und wird nicht übernommen.") % {"title": title}
            )
    if "name" not in columns.values() or "sector" not in columns.values():
        preview.errors.append(
            _("Zeile 1: Die Spalten „Name“ und „Sektor“ sind Pflicht. Gefunden: %(found)s.")
            % {"found": ", ".join(str(h) for h in header if str(h).strip()) or "–"}
        )
        return preview
    area_lookup = {}
    for pk, code, name in areas:
        area_lookup[str(code).strip().lower()] = pk
        area_lookup[str(name).strip().lower()] = pk
    existing = list(
        Organisation.objects.filter(
            municipality=municipality, archived_at__isnull=True
        ).values_list("pk", "name", "street", "postcode", "city")
    )
    fuzzy = len(existing) * len(rows) <= FUZZY_DUPLICATE_BUDGET
    existing_names = {normalise(row[1]): row[1] for row in existing}
    seen: dict[str, int] = {}

    for line, cells in rows:
        if not any(str(c).strip() for c in cells):
            continue
        raw = {key: (cells[i].strip() if i < len(cells) else "") for i, key in columns.items()}
        errors = []

        def error(field_name, message, line=line, errors=errors):
            errors.append(
                _("Zeile %(line)s, Spalte „%(column)s“: %(message)s")
                % {"line": line, "column": FIELD_COLUMN[field_name], "message": message}
            )

        if raw.get("house_number"):
            raw["street"] = f"{raw.get('street', '')} {raw['house_number']}".strip()
        values = {
            k: v for k, v in raw.items() if k not in {"sector", "areas_served", "house_number"}
        }
        sector = _sector(raw.get("sector", ""))
        if sector is None:
            error(
                "sector",
                _("„%(value)s“ ist kein bekannter Sektor (z. B. %(example)s).")
                % {"value": raw.get("sector", ""), "example": "Sport/Verein, Gesundheit"},
            )
        values["sector"] = sector or ""
        for coordinate in ("latitude", "longitude"):
            if raw.get(coordinate):
                try:
                    values[coordinate] = _decimal(raw[coordinate])
                except InvalidOperation:
                    error(coordinate, _("„%(value)s“ ist keine Zahl.") % {"value": raw[coordinate]})
                    values[coordinate] = None
            else:
                values[coordinate] = None
        if (values["latitude"] is None) != (values["longitude"] is None) and not errors:
            error("longitude", _("Bitte Breiten- und Längengrad zusammen angeben."))
        if raw.get("languages"):
            values["languages"] = [
                part.strip() for part in raw["languages"].replace(";", ",").split(",") if part
            ]
        else:
            values["languages"] = []
        if raw.get("preferred_channel"):
            channel = _channel(raw["preferred_channel"])
            if channel is None:
                error("preferred_channel", _("Unbekannter Kontaktweg."))
            values["preferred_channel"] = channel or ""
        if raw.get("website") and "://" not in raw["website"]:
            values["website"] = "https://" + raw["website"]
        area_ids = []
        for token in (raw.get("areas_served") or "").replace(";", ",").split(","):
            token = token.strip()
            if not token:
                continue
            pk = area_lookup.get(token.lower())
            if pk is None:
                error("areas_served", _("Gebiet „%(value)s“ gibt es nicht.") % {"value": token})
            else:
                area_ids.append(pk)
        candidate = Organisation(municipality=municipality)
        for key, value in values.items():
            setattr(candidate, key, value)
        try:
            candidate.full_clean(
                exclude=["municipality", "facility"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                if field_name == "sector" and sector is None:
                    continue
                for message in messages:
                    if field_name in FIELD_COLUMN:
                        error(field_name, message)
                    else:
                        errors.append(
                            _("Zeile %(line)s: %(message)s") % {"line": line, "message": message}
                        )
        if errors:
            preview.errors.extend(errors)
            continue
        key = normalise(values["name"])
        if key in seen:
            preview.warnings.append(
                _("Zeile %(line)s: „%(name)s“ steht schon in Zeile %(other)s der Datei.")
                % {"line": line, "name": values["name"], "other": seen[key]}
            )
        seen.setdefault(key, line)
        if fuzzy:
            similar = find_similar(
                name=values["name"],
                street=values.get("street", ""),
                postcode=values.get("postcode", ""),
                existing=existing,
                limit=1,
            )
            match = similar[0].name if similar else None
        else:
            match = existing_names.get(key)
        if match:
            preview.warnings.append(
                _("Zeile %(line)s: „%(name)s“ ähnelt der vorhandenen Organisation „%(match)s“.")
                % {"line": line, "name": values["name"], "match": match}
            )
        row = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}
        row["areas_served"] = area_ids
        row["_line"] = line
        preview.rows.append(row)
        preview.display.append(
            {
                "line": line,
                "name": values["name"],
                "sector": dict(Sector.choices)[sector],
                "address": ", ".join(
                    p
                    for p in [
                        values.get("street"),
                        " ".join(x for x in [values.get("postcode"), values.get("city")] if x),
                    ]
                    if p
                ),
                "areas": len(area_ids),
            }
        )
    if not preview.rows and not preview.errors:
        preview.errors.append(_("Die Datei enthält keine Datenzeilen."))
    return preview


def rows_for_commit(rows: list[dict], *, areas_by_pk: dict) -> list[dict]:
    """Turn the preview's JSON-safe rows back into service input."""
    result = []
    for row in rows:
        data = {k: v for k, v in row.items() if not k.startswith("_")}
        for coordinate in ("latitude", "longitude"):
            if data.get(coordinate) is not None:
                data[coordinate] = Decimal(data[coordinate])
        data["areas_served"] = [
            areas_by_pk[pk] for pk in data.get("areas_served", []) if pk in areas_by_pk
        ]
        result.append(data)
    return result
