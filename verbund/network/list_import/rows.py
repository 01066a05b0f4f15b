"""Mapping the columns of a public list, validating every row and finding duplicates.

Nothing is stored here. Every problem names its line (or feature) and column in German.
Duplicates are looked for against the active records of the municipality (and earlier rows
of the same file): the same name at the same address, or a very similar name within
``DUPLICATE_METRES``, is a duplicate and is skipped; a similar name or a close neighbour
with a somewhat similar name is imported with a note.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.areas import geo
from verbund.core.numbers import format_decimal
from verbund.tenancy.models import FacilityKind

from ..duplicates import normalise, normalise_street
from ..imports import _channel, _sector
from ..models import Sector
from .matching import FACILITY, ORGANISATION, TARGETS, Duplicates, existing_records
from .reader import ListFile

__all__ = ["FACILITY", "ORGANISATION", "TARGETS", "existing_records"]


# Column heading (normalised) → field.
SYNONYMS = {
    "name": [
        "name",
        "einrichtung",
        "name der einrichtung",
        "einrichtungsname",
        "bezeichnung",
        "schulname",
        "schule",
        "kita",
        "kita name",
        "kitaname",
        "organisation",
        "vereinsname",
        "verein",
        "titel",
    ],
    "kind": ["art", "typ", "einrichtungsart", "einrichtungstyp", "schulform", "schulart"],
    "sector": ["sektor", "bereich", "kategorie"],
    "org_type": ["art", "rechtsform", "organisationsform"],
    "street": [
        "strasse",
        "str",
        "adresse",
        "anschrift",
        "strasse und hausnummer",
        "strasse hausnummer",
        "strasse hausnr",
    ],
    "house_number": ["hausnummer", "hausnr", "hnr", "nr"],
    "postcode": ["plz", "postleitzahl"],
    "city": ["ort", "stadt", "gemeinde", "wohnort"],
    "latitude": ["lat", "breite", "breitengrad", "latitude", "wgs84 lat", "y wgs84"],
    "longitude": ["lon", "lng", "laenge", "laengengrad", "longitude", "wgs84 lon", "x wgs84"],
    "x": ["x", "rechtswert", "rw", "easting", "x koordinate", "xkoordinate", "koord x"],
    "y": ["y", "hochwert", "hw", "northing", "y koordinate", "ykoordinate", "koord y"],
    "email": ["e mail", "email", "mail"],
    "phone": ["telefon", "tel", "telefonnummer", "phone"],
    "website": ["website", "internet", "homepage", "url", "webseite", "internetseite"],
    "description": ["beschreibung", "bemerkung", "angebot", "beschreibung und angebote"],
    "languages": ["sprachen", "sprache"],
    "accessibility": ["barrierefreiheit", "barrierefrei"],
    "areas_served": ["einzugsgebiete", "einzugsgebiet", "gebiete", "stadtteile"],
    "preferred_channel": ["bevorzugter kontaktweg", "kontaktweg"],
}
FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "kind": gettext_lazy("Art"),
    "sector": gettext_lazy("Sektor"),
    "org_type": gettext_lazy("Art der Organisation"),
    "street": gettext_lazy("Straße"),
    "house_number": gettext_lazy("Hausnummer"),
    "postcode": gettext_lazy("Postleitzahl"),
    "city": gettext_lazy("Ort"),
    "latitude": gettext_lazy("Breitengrad"),
    "longitude": gettext_lazy("Längengrad"),
    "x": gettext_lazy("Rechtswert (x)"),
    "y": gettext_lazy("Hochwert (y)"),
    "email": gettext_lazy("E-Mail"),
    "phone": gettext_lazy("Telefon"),
    "website": gettext_lazy("Website"),
    "description": gettext_lazy("Beschreibung"),
    "languages": gettext_lazy("Sprachen"),
    "accessibility": gettext_lazy("Barrierefreiheit"),
    "areas_served": gettext_lazy("Einzugsgebiete"),
    "preferred_channel": gettext_lazy("Bevorzugter Kontaktweg"),
}
KIND_WORDS = [
    (FacilityKind.FAMILY_DAYCARE, ["tagespflege", "tagesmutter", "tagesvater"]),
    (
        FacilityKind.KITA,
        ["kita", "kindertages", "kindergarten", "krippe", "hort", "kinderhaus", "kinderladen"],
    ),
    (FacilityKind.PRIMARY_SCHOOL, ["grundschule", "primarschule"]),
    (
        FacilityKind.SECONDARY_SCHOOL,
        [
            "gymnasium",
            "realschule",
            "gesamtschule",
            "hauptschule",
            "sekundarschule",
            "oberschule",
            "weiterfuehrend",
            "foerderschule",
            "berufsschule",
            "berufskolleg",
        ],
    ),
    (FacilityKind.COUNSELLING, ["beratung"]),
    (FacilityKind.FAMILY_EDUCATION, ["familienbildung"]),
    (FacilityKind.YOUTH_CENTRE, ["jugend"]),
    (FacilityKind.LIBRARY, ["bibliothek", "buecherei"]),
    (FacilityKind.HEALTH, ["gesundheit", "arzt", "praxis"]),
    (FacilityKind.CLUB, ["verein"]),
]


def heading(text: str) -> str:
    text = (text or "").lower().replace("ß", "ss")
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


# The fields a list's columns can go to, in the order the mapping form shows them.
PLACE = [
    "street",
    "house_number",
    "postcode",
    "city",
    "website",
    "phone",
    "email",
    "latitude",
    "longitude",
    "x",
    "y",
]
FIELDS = {
    FACILITY: ["name", "kind", *PLACE],
    ORGANISATION: [
        "name",
        "sector",
        "org_type",
        *PLACE,
        *["description", "languages", "accessibility", "areas_served", "preferred_channel"],
    ],
}
SKIP = "skip"
UPDATE = "update"
CREATE = "create"
DECISION_LABELS = {
    SKIP: gettext_lazy("überspringen"),
    UPDATE: gettext_lazy("vorhandenen Eintrag ergänzen"),
    CREATE: gettext_lazy("trotzdem neu anlegen"),
}


def header_key(columns: list[str]) -> str:
    """The same header set (in any order, any spelling of case and umlauts) gives the same
    key: a publisher's next file finds the mapping saved for the last one."""
    import hashlib

    names = sorted({heading(c) for c in columns if heading(c)})
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()[:40]


def detect_columns(columns: list[str], target: str) -> dict[str, str]:
    """field → column, by the first matching heading (exact synonym, then prefix)."""
    return guess_columns(columns, target)[0]


def guess_columns(columns: list[str], target: str) -> tuple[dict[str, str], dict[str, str]]:
    """``(field → column, column → why it was or was not taken)``."""
    mapping: dict[str, str] = {}
    reasons: dict[str, str] = {}
    normalised = [(column, heading(column)) for column in columns]
    allowed = set(FIELDS[target])
    for exact in (True, False):
        for name, words in SYNONYMS.items():
            if name in mapping or name not in allowed:
                continue
            for column, norm in normalised:
                if column in mapping.values():
                    continue
                word = (
                    norm
                    if exact and norm in words
                    else next((w for w in words if norm.startswith(w + " ")), None)
                    if not exact
                    else None
                )
                if word:
                    mapping[name] = column
                    reasons[column] = (
                        _("Überschrift „%(column)s“ bedeutet „%(field)s“")
                        if exact
                        else _("Überschrift beginnt mit „%(word)s“, also „%(field)s“")
                    ) % {"column": column, "word": word, "field": FIELD_LABELS[name]}
                    break
    for column, norm in normalised:
        if column in mapping.values():
            continue
        other = next(
            (
                n
                for n, words in SYNONYMS.items()
                if norm in words or any(norm.startswith(w + " ") for w in words)
            ),
            None,
        )
        if other and other not in allowed:
            reasons[column] = _("„%(field)s“ gibt es hier nicht (%(target)s)") % {
                "field": FIELD_LABELS[other],
                "target": _("Einrichtungen") if target == FACILITY else _("Organisationen"),
            }
        elif other:
            reasons[column] = _("„%(field)s“ steht schon in Spalte „%(column)s“") % {
                "field": FIELD_LABELS[other],
                "column": mapping[other],
            }
        else:
            reasons[column] = _("keine bekannte Überschrift")
    return mapping, reasons


def check_mapping(mapping: dict[str, str], columns: list[str], target: str) -> list[str]:
    """German messages for a chosen mapping that cannot work."""
    errors = []
    allowed = set(FIELDS[target])
    for name, column in mapping.items():
        if name not in allowed:
            errors.append(_("Unbekannte Angabe „%(field)s“.") % {"field": name})
        elif column not in columns:
            errors.append(
                _("Die Spalte „%(column)s“ für „%(field)s“ gibt es in der Datei nicht.")
                % {"column": column, "field": FIELD_LABELS[name]}
            )
    used: dict[str, str] = {}
    for name in FIELDS[target]:
        column = mapping.get(name)
        if not column:
            continue
        if column in used:
            errors.append(
                _(
                    "Die Spalte „%(column)s“ ist „%(first)s“ und „%(second)s“ zugeordnet; "
                    "bitte wählen Sie für eine der beiden eine andere Spalte."
                )
                % {
                    "column": column,
                    "first": FIELD_LABELS[used[column]],
                    "second": FIELD_LABELS[name],
                }
            )
        used[column] = name
    if not mapping.get("name"):
        errors.append(
            _(
                "Keine Spalte mit dem Namen erkannt (erwartet z. B. „Name“, „Einrichtung“, "
                "„Schulname“). Bitte wählen Sie in der Zuordnung unter „Name“ die Spalte, die "
                "ihn enthält – ohne Namen kann nichts angelegt werden. Vorhandene Spalten: "
                "%(columns)s."
            )
            % {"columns": ", ".join(f"„{c}“" for c in columns) or "–"}
        )
    for first, second in (("latitude", "longitude"), ("x", "y")):
        if bool(mapping.get(first)) != bool(mapping.get(second)):
            errors.append(
                _("Für die Lage braucht es beide Spalten: „%(first)s“ und „%(second)s“.")
                % {"first": FIELD_LABELS[first], "second": FIELD_LABELS[second]}
            )
    return errors


def facility_kind(value: str) -> str | None:
    text = heading(value)
    if not text:
        return None
    for key, label in FacilityKind.choices:
        if text in {key, heading(str(label))}:
            return key
    for key, words in KIND_WORDS:
        if any(word in text.replace(" ", "") for word in words):
            return key
    return None


def _number(value: str) -> float | None:
    text = value.strip().replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = float(Decimal(text))
    except (InvalidOperation, ValueError):
        raise ValueError(value) from None
    if not math.isfinite(number):
        raise ValueError(value)
    return number


@dataclass
class Preview:
    target: str = FACILITY
    file_format: str = ""
    crs_label: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # column → why (not) taken
    columns: list[str] = field(default_factory=list)
    header_key: str = ""
    unused: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # JSON-safe values of the rows to create
    display: list[dict] = field(default_factory=list)  # every row, with its status
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: int = 0  # skipped
    similar: int = 0
    updates: int = 0
    forced: int = 0  # created although they resemble an existing record

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(
    listing: ListFile,
    *,
    municipality,
    target: str,
    default_kind: str = "",
    default_sector: str = "",
    source_crs: str = "",
    mapping: dict[str, str] | None = None,
    decisions: dict[str, str] | None = None,
) -> Preview:
    """``mapping``: the user's choice of columns (``None``: guess from the headings);
    ``decisions``: line → skip/update/create for rows that resemble an existing record."""
    preview = Preview(
        target=target,
        file_format=listing.file_format,
        crs_label=listing.crs_label,
        errors=list(listing.errors),
        warnings=list(listing.warnings),
        columns=list(listing.columns),
        header_key=header_key(listing.columns),
    )
    if listing.errors:
        return preview
    guessed, reasons = guess_columns(listing.columns, target)
    if mapping is None:
        mapping = guessed
    else:
        mapping = {name: column for name, column in mapping.items() if column}
        for column in listing.columns:
            name = next((n for n, c in mapping.items() if c == column), None)
            if name and guessed.get(name) != column:
                reasons[column] = _("von Ihnen „%(field)s“ zugeordnet") % {
                    "field": FIELD_LABELS.get(name, name)
                }
            elif not name and column in guessed.values():
                reasons[column] = _("von Ihnen abgewählt")
    preview.mapping = mapping
    preview.reasons = reasons
    preview.unused = [c for c in listing.columns if c not in mapping.values()]
    problems = check_mapping(mapping, listing.columns, target)
    if not problems:
        problems = _numeric_names(listing, mapping["name"])
    if problems:
        preview.errors += problems
        return preview
    transformer = _xy_transformer(listing, mapping, source_crs, preview)
    if preview.errors:
        return preview
    duplicates = Duplicates(
        existing_records(municipality=municipality, target=target), len(listing.records)
    )
    areas = _area_lookup(municipality) if "areas_served" in mapping else {}
    for record in listing.records:
        _validate_row(
            record,
            listing=listing,
            preview=preview,
            mapping=mapping,
            target=target,
            municipality=municipality,
            default_kind=default_kind,
            default_sector=default_sector,
            transformer=transformer,
            duplicates=duplicates,
            decisions=decisions or {},
            areas=areas,
        )
    if not preview.rows and not preview.errors:
        preview.warnings.append(_("Alle Einträge gibt es schon; es gibt nichts zu übernehmen."))
    return preview


def _numeric_names(listing: ListFile, column: str) -> list[str]:
    """A number column (``Kita-Nr.``, ``BEZ``) is never the name, however its heading reads."""
    values = [r.values.get(column, "").strip() for r in listing.records[:200]]
    values = [v for v in values if v]
    numeric = [v for v in values if re.fullmatch(r"[\d\s./-]+", v)]
    if values and len(numeric) >= 0.8 * len(values):
        return [
            _(
                "Die Spalte „%(column)s“ enthält Nummern (z. B. „%(example)s“), keine Namen. "
                "Bitte wählen Sie in der Zuordnung unter „Name“ die Spalte mit den Namen."
            )
            % {"column": column, "example": numeric[0]}
        ]
    return []


def _xy_transformer(listing: ListFile, mapping: dict, source_crs: str, preview: Preview):
    """Projected coordinates (``x``/``y``, Rechts-/Hochwert) need a coordinate system."""
    if "x" not in mapping or "y" not in mapping:
        return None
    if source_crs:
        boundaries = geo.Boundaries()
        _crs, transformer = geo._transformer(source_crs, boundaries)
        preview.errors += [p.message for p in boundaries.problems]
        preview.crs_label = boundaries.crs_label or source_crs
        return transformer
    for record in listing.records[:50]:
        try:
            x = _number(record.values.get(mapping["x"], ""))
        except ValueError:
            continue
        if x is not None and abs(x) > 180:
            preview.errors.append(
                _(
                    "Die Spalten „%(x)s“ und „%(y)s“ enthalten projizierte Koordinaten (z. B. "
                    "%(value)s in %(where)s). Bitte geben Sie das Koordinatensystem an, z. B. "
                    "EPSG:25832 (UTM 32N) oder EPSG:25833 (UTM 33N)."
                )
                % {
                    "x": mapping["x"],
                    "y": mapping["y"],
                    "value": record.values.get(mapping["x"]),
                    "where": listing.where(record.line),
                }
            )
            return None
    return None  # x/y are longitude/latitude


def _validate_row(
    record,
    *,
    listing,
    preview,
    mapping,
    target,
    municipality,
    default_kind,
    default_sector,
    transformer,
    duplicates,
    decisions,
    areas,
):
    where = listing.where(record.line)
    errors: list[str] = []
    notes: list[str] = []
    raw = {name: record.values.get(column, "").strip() for name, column in mapping.items()}

    def problem(name, message):
        errors.append(
            _("%(where)s, Spalte „%(column)s“: %(message)s")
            % {
                "where": where,
                "column": mapping.get(name, FIELD_LABELS.get(name, name)),
                "message": message,
            }
        )

    values: dict = {"name": raw.get("name", "")}
    street = raw.get("street", "")
    if raw.get("house_number") and not re.search(r"\d", street):
        street = f"{street} {raw['house_number']}".strip()
    values["street"] = street
    for name in ("postcode", "city", "email", "phone", "website"):
        values[name] = raw.get(name, "")
    if values["website"] and "://" not in values["website"]:
        values["website"] = "https://" + values["website"]
    if target == FACILITY:
        kind = facility_kind(raw.get("kind", "")) or facility_kind(values["name"])
        if raw.get("kind") and kind is None:
            notes.append(
                _("Art „%(value)s“ unbekannt, übernommen als „%(default)s“")
                % {"value": raw["kind"], "default": FacilityKind(default_kind).label}
                if default_kind
                else ""
            )
        kind = kind or default_kind
        if not kind:
            problem(
                "kind", _("Die Art der Einrichtung fehlt; bitte wählen Sie eine für die Liste.")
            )
        values["kind"] = kind or ""
    else:
        sector = _sector(raw["sector"]) if raw.get("sector") else None
        if raw.get("sector") and sector is None:
            notes.append(
                _("Sektor „%(value)s“ unbekannt, übernommen als „%(default)s“")
                % {"value": raw["sector"], "default": Sector(default_sector).label}
                if default_sector
                else ""
            )
        sector = sector or default_sector
        if not sector and raw.get("sector"):
            problem(
                "sector",
                _(
                    "„%(value)s“ ist kein bekannter Sektor (z. B. %(example)s); bitte korrigieren "
                    "oder einen Sektor für die Liste wählen."
                )
                % {"value": raw["sector"], "example": "Sport/Verein, Gesundheit"},
            )
        elif not sector:
            problem("sector", _("Der Sektor fehlt; bitte wählen Sie einen für die Liste."))
        values["sector"] = sector or ""
        values["org_type"] = raw.get("org_type", "")
        values["description"] = raw.get("description", "")
        _organisation_extras(raw, values, problem, areas)
    lat, lon = record.lat, record.lon
    if lat is None:
        lat, lon = _coordinates(raw, mapping, transformer, problem)
    if lat is not None and lon is not None:
        west, south, east, north = geo.GERMANY
        if not (south <= lat <= north and west <= lon <= east):
            notes.append(
                _("Lage %(lat)s, %(lon)s liegt nicht in Deutschland – Koordinatensystem prüfen")
                % {"lat": round(lat, 5), "lon": round(lon, 5)}
            )
        values["latitude"] = Decimal(f"{lat:.6f}")
        values["longitude"] = Decimal(f"{lon:.6f}")
    else:
        values["latitude"] = values["longitude"] = None
    candidate = TARGETS[target](municipality=municipality)
    for key, value in values.items():
        if key != "areas_served":  # a set, written after the save
            setattr(candidate, key, value)
    try:
        candidate.full_clean(
            exclude=["municipality", "facility", "centre", "provider"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name in ("kind", "sector") and not values.get(name):
                continue
            for message in messages:
                if name in mapping or name in FIELD_LABELS:
                    problem(name, message)
                else:
                    errors.append(f"{where}: {message}")
    status, note, match = "", "", None
    if not errors:
        status, note, match = duplicates.check(
            line=where,
            name=values["name"],
            street=values["street"],
            postcode=values["postcode"],
            lat=lat,
            lon=lon,
        )
    notes = [n for n in notes if n]
    display = {
        "line": record.line,
        "where": where,
        "name": values["name"],
        "kind": (
            FacilityKind(values["kind"]).label
            if target == FACILITY and values.get("kind")
            else (Sector(values["sector"]).label if values.get("sector") else "")
        ),
        "address": ", ".join(
            p
            for p in [
                values["street"],
                " ".join(x for x in [values["postcode"], values["city"]] if x),
            ]
            if p
        ),
        "position": (
            f"{format_decimal(lat, 5, grouping=False)}\u00b0\u00a0N, "
            f"{format_decimal(lon, 5, grouping=False)}\u00b0\u00a0O"
            if lat is not None and lon is not None
            else ""
        ),
        "status": "error" if errors else (status or "new"),
        "notes": [*errors, *notes, *([note] if note else [])],
    }
    # The same name at the same address cannot be created twice (a constraint of the
    # models); a duplicate found by position or spelling can.
    exact = (normalise(values["name"]), normalise_street(values["street"])) in duplicates.by_key
    choices = {
        "duplicate": [SKIP, UPDATE] if exact else [SKIP, UPDATE, CREATE],
        "similar": [CREATE, UPDATE, SKIP],
        "in_file": [SKIP],
    }.get(display["status"], [])
    decision = decisions.get(str(record.line))
    if choices and decision not in choices:
        decision = choices[0]
    display["choices"] = [(c, DECISION_LABELS[c]) for c in choices] if len(choices) > 1 else []
    display["decision"] = decision or CREATE
    preview.display.append(display)
    if errors:
        preview.errors.extend(errors)
        return
    if decision == SKIP:
        preview.duplicates += 1
        return
    row = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}
    row["_line"] = record.line
    if decision == UPDATE:
        row["_match"] = match
        preview.updates += 1
    elif status in ("duplicate", "in_file"):
        row["_force"] = True
        preview.forced += 1
    elif status == "similar":
        preview.similar += 1
    preview.rows.append(row)


def _area_lookup(municipality) -> dict[str, int]:
    from verbund.areas.models import Area

    lookup = {}
    for pk, code, name in Area.objects.filter(municipality=municipality).values_list(
        "pk", "code", "name"
    ):
        lookup[str(code).strip().lower()] = pk
        lookup[str(name).strip().lower()] = pk
    return lookup


def _organisation_extras(raw: dict, values: dict, problem, areas: dict) -> None:
    """What the organisation export writes besides the address: languages, accessibility,
    areas served (by key or name) and the preferred way of contact."""
    values["languages"] = [
        part.strip() for part in raw.get("languages", "").replace(";", ",").split(",") if part
    ]
    values["accessibility"] = raw.get("accessibility", "")
    if raw.get("preferred_channel"):
        channel = _channel(raw["preferred_channel"])
        if channel is None:
            problem("preferred_channel", _("Unbekannter Kontaktweg."))
        values["preferred_channel"] = channel or ""
    area_ids = []
    for token in raw.get("areas_served", "").replace(";", ",").split(","):
        token = token.strip()
        if not token:
            continue
        pk = areas.get(token.lower())
        if pk is None:
            problem("areas_served", _("Gebiet „%(value)s“ gibt es nicht.") % {"value": token})
        else:
            area_ids.append(pk)
    values["areas_served"] = area_ids


def _coordinates(raw, mapping, transformer, problem):
    pairs = [("latitude", "longitude"), ("y", "x")]
    for lat_name, lon_name in pairs:
        if lat_name not in mapping and lon_name not in mapping:
            continue
        try:
            lat = _number(raw.get(lat_name, ""))
        except ValueError:
            problem(lat_name, _("„%(value)s“ ist keine Zahl.") % {"value": raw.get(lat_name)})
            return None, None
        try:
            lon = _number(raw.get(lon_name, ""))
        except ValueError:
            problem(lon_name, _("„%(value)s“ ist keine Zahl.") % {"value": raw.get(lon_name)})
            return None, None
        if lat is None and lon is None:
            return None, None
        if (lat is None) != (lon is None):
            problem(lon_name if lon is None else lat_name, _("Bitte beide Koordinaten angeben."))
            return None, None
        if lat_name == "y" and transformer is not None:
            lon, lat = transformer.transform(lon, lat)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problem(
                lat_name,
                _(
                    "%(lat)s/%(lon)s sind keine Längen-/Breitengrade; bitte Koordinatensystem "
                    "angeben, z. B. EPSG:25832."
                )
                % {"lat": raw.get(lat_name), "lon": raw.get(lon_name)},
            )
            return None, None
        return lat, lon
    return None, None


def rows_for_commit(rows: list[dict]) -> list[dict]:
    """The preview's JSON-safe rows as service input."""
    result = []
    for row in rows:
        data = {k: v for k, v in row.items() if not k.startswith("_")}
        for coordinate in ("latitude", "longitude"):
            if data.get(coordinate) is not None:
                data[coordinate] = Decimal(data[coordinate])
        result.append(data)
    return result
