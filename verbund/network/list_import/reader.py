"""Reading a list of places: CSV/XLSX through ``core.tables``, GeoJSON and zipped shapefiles
through the boundary importer's reader and reprojection (``verbund.areas.geo``)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from shapely.geometry import shape

from verbund.areas import geo
from verbund.areas.geo.reader import _read_geojson, _read_shapefile
from verbund.core.tables import FileProblem, ReadOptions, TableLimits, open_table

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
LIMITS = TableLimits(
    max_rows=MAX_ROWS + 1,
    max_columns=200,
    max_unpacked_bytes=40 * 1024 * 1024,
    max_compression_ratio=100,
    max_zip_entries=500,
    max_seconds=20,
)
FORMAT_LABELS = {
    "csv": "CSV",
    "xlsx": "Excel (XLSX)",
    "geojson": "GeoJSON",
    "shapefile": "Shapefile",
}


@dataclass
class Record:
    line: int  # line of the CSV/XLSX, or number of the feature
    values: dict[str, str]
    lon: float | None = None
    lat: float | None = None


@dataclass
class ListFile:
    file_format: str = ""
    crs_label: str = ""
    columns: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unit: str = "Zeile"  # how ``line`` is named in messages

    def where(self, line: int) -> str:
        return f"{_('Zeile') if self.unit == 'Zeile' else _('Eintrag')} {line}"


def sniff(content: bytes, filename: str) -> str:
    name = filename.lower()
    if content[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = [n.lower() for n in archive.namelist()]
        except zipfile.BadZipFile:
            return "xlsx" if name.endswith(".xlsx") else "shapefile"
        if any(n.endswith(".shp") for n in names):
            return "shapefile"
        return "xlsx"
    if geo.sniff_format(content) == "geojson" and (
        name.endswith((".geojson", ".json")) or content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"
    ):
        return "geojson"
    return "csv"


def read_list(content: bytes, filename: str, *, source_crs: str = "") -> ListFile:
    """Never raises on bad input: problems are German messages in ``errors``."""
    result = ListFile(file_format=sniff(content, filename))
    try:
        if result.file_format in ("csv", "xlsx"):
            _read_table(content, filename, result)
        else:
            _read_geo(content, result, source_crs=source_crs)
    except Exception as error:  # a broken file is a message, never a 500
        result.errors.append(
            _("Die Datei konnte nicht gelesen werden (%(kind)s).") % {"kind": type(error).__name__}
        )
    if not result.errors and not result.records:
        result.errors.append(_("Die Datei enthält keine Datenzeilen."))
    return result


def _read_table(content: bytes, filename: str, result: ListFile) -> None:
    name = filename if filename.lower().endswith((".csv", ".xlsx", ".txt")) else "liste.csv"
    if result.file_format == "xlsx" and not name.lower().endswith(".xlsx"):
        name = "liste.xlsx"
    try:
        table = open_table(io.BytesIO(content), name, ReadOptions(header_row=0), LIMITS)
        try:
            header = [str(title or "").strip() for title in table.header]
            rows = [
                (line, ["" if v is None else str(v) for v in cells]) for line, cells in table.rows
            ]
            result.warnings += [str(w) for w in table.warnings]
        finally:
            table.close()
    except FileProblem as problem:
        result.errors.append(str(problem))
        return
    result.columns = [h for h in header if h]
    rows = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    if result.file_format != "xlsx":
        _check_cut_off(content, header, rows, result)
        if result.errors:
            return
    for line, cells in rows:
        values = {
            h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h
        }
        result.records.append(Record(line=line, values=values))


def _check_cut_off(content: bytes, header: list, rows: list, result: ListFile) -> None:
    """A CSV cut off mid-row must not import its stump as a record: a last line without a
    line end that has fewer fields than the heading is refused; one that looks complete gets
    a warning naming its last value, and other short lines are named."""
    width = len(header)
    short = [line for line, cells in rows if len(cells) < width]
    ended = content.rstrip(b"\x00").endswith((b"\n", b"\r"))
    if rows and not ended:
        line, cells = rows[-1]
        if len(cells) < width:
            result.errors.append(
                _(
                    "Zeile %(line)d: Die Datei endet mitten in dieser Zeile (%(found)d von "
                    "%(width)d Spalten, es fehlt „%(column)s“). Ist sie abgeschnitten? Bitte "
                    "laden Sie die vollständige Datei hoch."
                )
                % {"line": line, "found": len(cells), "width": width, "column": header[len(cells)]}
            )
            return
        result.warnings.append(
            _(
                "Zeile %(line)d: Die Datei endet ohne Zeilenumbruch. Prüfen Sie, ob der letzte "
                "Wert vollständig ist: „%(value)s“ in Spalte „%(column)s“."
            )
            % {"line": line, "value": cells[-1], "column": header[len(cells) - 1]}
        )
    if short:
        result.warnings.append(
            _(
                "Zeilen mit weniger Spalten als die Überschrift (fehlende Angaben bleiben leer): "
                "%(lines)s."
            )
            % {"lines": ", ".join(str(n) for n in short[:10]) + (" …" if len(short) > 10 else "")}
        )


def _read_geo(content: bytes, result: ListFile, *, source_crs: str) -> None:
    result.unit = "Eintrag"
    boundaries = geo.Boundaries()
    options = geo.ReadOptions(source_crs=source_crs)
    if result.file_format == "geojson":
        raw = _read_geojson(content, options, boundaries)
    else:
        raw = _read_shapefile(content, options, boundaries, with_points=True)
    result.errors += [_message(p) for p in boundaries.problems if p.level == "error"]
    result.warnings += [_message(p) for p in boundaries.problems if p.level != "error"]
    if raw is None or result.errors:
        return
    if len(raw) > MAX_ROWS:
        result.errors.append(
            _("Die Datei hat %(count)s Einträge; erlaubt sind höchstens %(max)s.")
            % {"count": len(raw), "max": MAX_ROWS}
        )
        return
    _crs, transformer = geo._transformer(source_crs or boundaries.crs_label, boundaries)
    result.errors += [_message(p) for p in boundaries.problems if p.level == "error"]
    if result.errors:
        return
    result.crs_label = boundaries.crs_label
    columns: dict[str, None] = {}
    for number, properties, geometry in raw:
        properties = properties if isinstance(properties, dict) else {}
        columns.update(dict.fromkeys(str(k) for k in properties))
        values = {str(k): geo._text(v) for k, v in properties.items()}
        record = Record(line=number, values=values)
        if geometry:
            try:
                point = shape(geometry)
                if point.geom_type != "Point":
                    point = point.representative_point()
                x, y = point.x, point.y
                if transformer is not None:
                    x, y = transformer.transform(x, y)
                record.lon, record.lat = round(x, 6), round(y, 6)
            except Exception:
                result.errors.append(
                    _("Eintrag %(line)s: Die Geometrie ist nicht lesbar.") % {"line": number}
                )
        result.records.append(record)
    result.columns = list(columns)


def _message(problem) -> str:
    return f"{problem.where}: {problem.message}" if problem.where else problem.message
