"""Reading an offers table: the columns by their headings, every row with its line number."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbund.core.tables import FileProblem, ReadOptions, TableLimits, open_table

from ..text import normalise

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 1000
LIMITS = TableLimits(
    max_rows=MAX_ROWS + 50,  # title lines above the header count as well
    max_columns=100,
    max_unpacked_bytes=40 * 1024 * 1024,
    max_compression_ratio=100,
    max_zip_entries=200,
    max_seconds=20,
)

# Field → its heading in the template and the other headings that mean the same.
COLUMNS = {
    "title": (gettext_lazy("Titel"), ["angebot", "name", "name des angebots", "bezeichnung"]),
    "summary": (gettext_lazy("Kurzbeschreibung"), ["kurztext", "zusammenfassung"]),
    "description": (gettext_lazy("Beschreibung"), ["text", "langtext"]),
    "provider": (gettext_lazy("Anbieter"), ["traeger", "organisation", "anbieter/in"]),
    "life_phase": (gettext_lazy("Lebensphasen"), ["lebensphase", "alter", "altersgruppe"]),
    "transition": (gettext_lazy("Übergänge"), ["uebergang"]),
    "topic": (gettext_lazy("Themen"), ["thema"]),
    "target_group": (gettext_lazy("Zielgruppen"), ["zielgruppe"]),
    "service_kind": (
        gettext_lazy("Leistungsart"),
        ["leistungsarten", "rechtsgrundlage", "leistungsart und rechtsgrundlage"],
    ),
    "format": (gettext_lazy("Form"), ["format", "angebotsform", "art"]),
    "cost": (gettext_lazy("Kosten"), ["preis", "gebuehr"]),
    "admission": (gettext_lazy("Anmeldung"), ["zugang"]),
    "languages": (gettext_lazy("Sprachen"), ["sprache"]),
    "place": (
        gettext_lazy("Ort/Adresse"),
        ["ort", "adresse", "ort / adresse", "veranstaltungsort"],
    ),
    "areas": (gettext_lazy("Gebiete"), ["gebiet", "sozialraum", "sozialraeume", "stadtteile"]),
    "status": (gettext_lazy("Status"), []),
    "visibility": (gettext_lazy("Sichtbarkeit"), []),
    "contact": (gettext_lazy("Kontakt"), ["ansprechpartner", "ansprechpartner/in"]),
}
REQUIRED = ("title", "format")


def heading(field_name: str) -> str:
    return str(COLUMNS[field_name][0])


def _key(text: str) -> str:
    return normalise(text).replace(" / ", "/")


def _aliases() -> dict[str, str]:
    found = {}
    for name, (label, others) in COLUMNS.items():
        for text in [str(label), *others]:
            found[_key(text)] = name
    return found


@dataclass
class Sheet:
    file_format: str = ""
    encoding: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field → heading in the file
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_sheet(content: bytes, filename: str) -> Sheet:
    """Never raises on bad input: problems are German messages in ``errors``."""
    sheet = Sheet()
    try:
        table = open_table(io.BytesIO(content), filename, ReadOptions(), LIMITS)
    except FileProblem as problem:
        sheet.errors.append(str(problem))
        return sheet
    try:
        sheet.file_format, sheet.encoding = table.file_format, table.encoding
        sheet.warnings += [str(w) for w in table.warnings]
        header = [str(title or "").strip() for title in table.header]
        _map_columns(sheet, header)
        raw = [(line, ["" if v is None else str(v) for v in cells]) for line, cells in table.rows]
        ending = dict(table.ending)
    except FileProblem as problem:
        sheet.errors.append(str(problem))
        return sheet
    except Exception as error:  # a broken file is a message, never a 500
        sheet.errors.append(
            _("Die Datei konnte nicht gelesen werden (%(kind)s).") % {"kind": type(error).__name__}
        )
        return sheet
    finally:
        table.close()
    if sheet.errors:
        return sheet
    raw = [(line, cells) for line, cells in raw if any(c.strip() for c in cells)]
    if _cut_off(sheet, header, raw, ending):
        return sheet
    if not raw:
        sheet.errors.append(_("Die Datei enthält keine Angebote (nur die Überschrift)."))
        return sheet
    if len(raw) > MAX_ROWS:
        sheet.errors.append(
            _("Die Datei hat %(count)s Zeilen; erlaubt sind höchstens %(max)s je Import.")
            % {"count": len(raw), "max": MAX_ROWS}
        )
        return sheet
    positions = {name: header.index(title) for name, title in sheet.columns.items()}
    for line, cells in raw:
        values = {
            name: (cells[index].strip() if index < len(cells) else "")
            for name, index in positions.items()
        }
        sheet.rows.append((line, values))
    return sheet


def _map_columns(sheet: Sheet, header: list[str]) -> None:
    aliases = _aliases()
    unused = []
    for title in header:
        name = aliases.get(_key(title))
        if name is None:
            if title:
                unused.append(title)
            continue
        if name in sheet.columns:
            sheet.warnings.append(
                _("Die Spalte „%(title)s“ meint dasselbe wie „%(first)s“ und wird nicht gelesen.")
                % {"title": title, "first": sheet.columns[name]}
            )
            continue
        sheet.columns[name] = title
    missing = [heading(name) for name in REQUIRED if name not in sheet.columns]
    if missing:
        sheet.errors.append(
            _("Es fehlt die Spalte %(names)s. Die erste Zeile muss die Überschriften enthalten.")
            % {"names": ", ".join(f"„{name}“" for name in missing)}
        )
    if unused:
        sheet.warnings.append(
            _("Diese Spalten werden nicht übernommen: %(names)s.")
            % {"names": ", ".join(f"„{title}“" for title in unused[:20])}
        )


def _cut_off(sheet: Sheet, header: list[str], rows: list, ending: dict) -> bool:
    """A CSV whose last line has no line end may be cut off anywhere in it – even inside its
    last value, where no count of columns can tell. It is refused, naming line and column:
    an import takes whole files only."""
    if not ending.get("open_end") or not rows:
        return False
    line, cells = rows[-1]
    width = len(header)
    if len(cells) < width:
        sheet.errors.append(
            _(
                "Zeile %(line)s: Die Datei endet mitten in dieser Zeile (%(found)s von %(width)s "
                "Spalten, es fehlt „%(column)s“). Ist sie abgeschnitten? Bitte laden Sie die "
                "vollständige Datei hoch. Es wurde nichts gespeichert."
            )
            % {"line": line, "found": len(cells), "width": width, "column": header[len(cells)]}
        )
    else:
        column = header[min(len(cells), width) - 1]
        sheet.errors.append(
            _(
                "Zeile %(line)s, Spalte „%(column)s“: Die Datei endet ohne Zeilenumbruch mitten "
                "in dieser Zeile – sie ist vielleicht abgeschnitten. Bitte laden Sie die "
                "vollständige Datei hoch (beim Speichern als CSV endet jede Zeile mit einem "
                "Zeilenumbruch). Es wurde nichts gespeichert."
            )
            % {"line": line, "column": column}
        )
    return True
