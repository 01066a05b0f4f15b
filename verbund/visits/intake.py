"""Reading the registry office's births list: CSV/XLSX through ``core.tables``, each row checked,
geocoded by the street table and assigned to a centre. Never raises on bad input: problems are
German messages naming line, column and (except for names) the value."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.tables import FileProblem, ReadOptions, TableLimits, open_table

from .geo import Sozialraeume, StreetTable, house_number
from .models import Family, Language

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
LIMITS = TableLimits(
    max_rows=MAX_ROWS + 1,
    max_columns=20,
    max_unpacked_bytes=20 * 1024 * 1024,
    max_compression_ratio=100,
    max_zip_entries=50,
    max_seconds=20,
)

# column key -> (German label, accepted headers in lower case)
COLUMNS = {
    "parent_name": (
        gettext_lazy("Name"),
        {"name", "name elternteil", "elternteil", "mutter/vater"},
    ),
    "street": (gettext_lazy("Straße"), {"straße", "strasse", "str."}),
    "house_number": (gettext_lazy("Hausnummer"), {"hausnummer", "hausnr", "hausnr.", "nr"}),
    "postcode": (gettext_lazy("PLZ"), {"plz", "postleitzahl"}),
    "birth_month": (gettext_lazy("Geburtsmonat"), {"geburtsmonat", "geburt", "monat"}),
    "language": (gettext_lazy("Sprache"), {"sprache", "familiensprache"}),
    "sibling_ages": (gettext_lazy("Geschwister"), {"geschwister", "alter geschwister"}),
}
REQUIRED = ("parent_name", "street", "house_number", "postcode", "birth_month")


def language_names() -> dict[str, str]:
    return {str(label).lower(): code for code, label in Language.choices} | {
        code: code for code in Language.values
    }


MONTH = re.compile(r"^\s*(?:(\d{1,2})[./](\d{4})|(\d{4})-(\d{1,2})(?:-\d{1,2})?)\s*$")


def label(key: str) -> str:
    return str(COLUMNS[key][0])


@dataclass
class Row:
    line: int
    parent_name: str
    street: str
    house_number: str
    postcode: str
    birth_month: str  # ISO date, first of the month
    language: str
    sibling_ages: str
    latitude: float | None = None
    longitude: float | None = None
    centre_id: int | None = None
    centre_name: str = ""
    area_id: int | None = None
    area_name: str = ""

    def key(self) -> tuple:
        return (
            " ".join(self.parent_name.lower().split()),
            " ".join(self.street.lower().split()),
            self.house_number.lower().replace(" ", ""),
            self.postcode,
            self.birth_month,
        )


@dataclass
class BirthsList:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_month(text: str) -> date | None:
    match = MONTH.match(text or "")
    if not match:
        return None
    month, year = (
        (match.group(1), match.group(2))
        if match.group(1)
        else (
            match.group(4),
            match.group(3),
        )
    )
    try:
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def read_births(content: bytes, file_name: str, *, municipality) -> BirthsList:
    result = BirthsList()
    try:
        table = open_table(io.BytesIO(content), file_name, ReadOptions(header_row=0), LIMITS)
        try:
            header = [str(title or "").strip() for title in table.header]
            raw = [
                (line, ["" if v is None else str(v).strip() for v in cells])
                for line, cells in table.rows
            ]
        finally:
            table.close()
    except FileProblem as problem:
        result.errors.append(str(problem))
        return result
    columns: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(header):
        if not title:
            continue
        key = next((k for k, (_l, names) in COLUMNS.items() if title.lower() in names), None)
        if key is None:
            unknown.append(title)
        elif key in columns:
            result.errors.append(
                _("Die Spalte „%(column)s“ kommt doppelt vor.") % {"column": title}
            )
        else:
            columns[key] = index
    if unknown:
        result.errors.append(
            _(
                "Unbekannte Spalten: %(columns)s. Erlaubt sind nur: %(allowed)s. Bitte entfernen "
                "Sie alle weiteren Angaben (Datensparsamkeit)."
            )
            % {
                "columns": ", ".join(f"„{title}“" for title in unknown),
                "allowed": ", ".join(label(key) for key in COLUMNS),
            }
        )
    missing = [label(key) for key in REQUIRED if key not in columns]
    if missing:
        result.errors.append(
            _("Es fehlen die Spalten: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if result.errors:
        return result
    rows = [(line, cells) for line, cells in raw if any(cells)]
    if not rows:
        result.errors.append(_("Die Datei enthält keine Datenzeilen."))
        return result
    streets = StreetTable(municipality=municipality)
    areas = Sozialraeume(municipality=municipality)
    existing = _existing_keys(municipality)
    seen: dict[tuple, int] = {}
    today = timezone.localdate()
    languages = language_names()
    for line, cells in rows:
        value = {key: (cells[i] if i < len(cells) else "") for key, i in columns.items()}
        errors = []

        def problem(key, message, shown=True, *, line=line, value=value, errors=errors):
            place = _("Zeile %(line)s, Spalte „%(column)s“") % {"line": line, "column": label(key)}
            text = value.get(key, "")
            if shown and text:
                errors.append(f"{place}: „{text}“ – {message}")
            else:
                errors.append(f"{place}: {message}")

        for key in REQUIRED:
            if not value.get(key):
                problem(key, _("Angabe fehlt."))
        if len(value.get("parent_name", "")) > 120:
            problem("parent_name", _("Der Name ist länger als 120 Zeichen."), shown=False)
        month = parse_month(value.get("birth_month", ""))
        if value.get("birth_month") and month is None:
            problem("birth_month", _("kein Monat; bitte als MM.JJJJ angeben, z. B. 03.2026."))
        elif month and month > today:
            problem("birth_month", _("liegt in der Zukunft."))
        language = (value.get("language") or "de").lower()
        if language not in languages:
            problem(
                "language",
                _("unbekannte Sprache; möglich sind: %(list)s.")
                % {"list": ", ".join(str(lbl) for _c, lbl in Language.choices)},
            )
        siblings = value.get("sibling_ages", "")
        ages = [part.strip() for part in siblings.replace(";", ",").split(",") if part.strip()]
        if any(not (age.isascii() and age.isdigit() and 0 < int(age) < 18) for age in ages):
            problem("sibling_ages", _("bitte Alter in Jahren (1–17), durch Kommas getrennt."))
        postcode = value.get("postcode", "")
        located = None
        if value.get("house_number") and house_number(value["house_number"]) is None:
            problem("house_number", _("keine Hausnummer (z. B. 12 oder 12a)."))
        elif postcode and not streets.knows_postcode(postcode):
            problem("postcode", _("Die Postleitzahl liegt nicht in der Kommune."))
        elif all(value.get(k) for k in ("street", "house_number", "postcode")):
            located = streets.locate(value["street"], value["house_number"], postcode)
            if located is None:
                problem(
                    "street",
                    _(
                        "Die Adresse steht nicht im Straßenverzeichnis der Kommune (liegt sie "
                        "außerhalb?)."
                    ),
                )
        if errors:
            result.errors += errors
            continue
        row = Row(
            line=line,
            parent_name=" ".join(value["parent_name"].split()),
            street=value["street"],
            house_number=value["house_number"],
            postcode=postcode,
            birth_month=month.isoformat(),
            language=languages[language],
            sibling_ages=", ".join(ages),
            latitude=located.latitude,
            longitude=located.longitude,
        )
        key = row.key()
        if key in seen:
            result.errors.append(
                _(
                    "Zeile %(line)s: dieselbe Familie (Name, Anschrift, Geburtsmonat) steht schon "
                    "in Zeile %(first)s."
                )
                % {"line": line, "first": seen[key]}
            )
            continue
        seen[key] = line
        if key in existing:
            result.errors.append(
                _(
                    "Zeile %(line)s: diese Familie (Name, Anschrift, Geburtsmonat) wurde schon "
                    "früher eingelesen."
                )
                % {"line": line}
            )
            continue
        assignment = areas.assign(located)
        if assignment:
            row.centre_id, row.centre_name = assignment.centre_id, assignment.centre_name
            row.area_id, row.area_name = assignment.area_id, assignment.area_name
        result.rows.append(row)
    return result


def _existing_keys(municipality) -> set[tuple]:
    keys = set()
    rows = Family.objects.filter(municipality=municipality, anonymised_on=None).values_list(
        "parent_name", "street", "house_number", "postcode", "birth_month"
    )
    for name, street, number, postcode, month in rows:
        keys.add(
            (
                " ".join(name.lower().split()),
                " ".join(street.lower().split()),
                number.lower().replace(" ", ""),
                postcode,
                month.isoformat() if month else "",
            )
        )
    return keys
