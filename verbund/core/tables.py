"""Reading tables from CSV and XLSX files, streaming, with German error messages: the one
table reader of every import (statistics, organisations).

Everything that can go wrong with a file becomes a :class:`FileProblem` whose message names
the place (line, column) in German; nothing else escapes from this module.

Limits (:class:`TableLimits`) are checked while reading, before anything grows with them: an
XLSX is checked as a ZIP (parts, unpacked size, compression ratio) before openpyxl opens it,
and its sheet is read row by row from the XML in streaming mode. The sheet's declared
dimension is never trusted (a forged ``<dimension ref="A1:XFD1048576">`` made openpyxl pad
every row to 16,384 cells and add empty rows up to 1,048,576); a row's width is checked from
its cells' column numbers before the row is built.

Decisions (documented in verbund/statistics/README.md):

* Encoding: a UTF-8 byte order mark wins; UTF-16 only with its BOM; otherwise UTF-8 if the
  first 64 KiB decode as UTF-8, else Windows-1252 (which is Latin-1 plus typographic
  characters; bytes Windows-1252 leaves undefined fall back to Latin-1). The user may override.
* Separator: ``;``, ``,``, tab or ``|``, sniffed from the first lines by which one gives the
  same number (> 1) of fields on most lines; the user may override.
* Header: the first non-empty row. A repeated header ("inhabitants" twice, as in Berlin's
  MSS files) is kept, the repetition is renamed "inhabitants (2)" and reported as a warning;
  an empty header becomes "Spalte F".
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from time import monotonic

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from verbund.core.numbers import format_decimal

ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 mit BOM",
    "cp1252": "Windows-1252",
    "latin-1": "ISO-8859-1 (Latin-1)",
    "utf-16": "UTF-16",
}
DELIMITERS = {
    ";": _lazy("Semikolon (;)"),
    ",": _lazy("Komma (,)"),
    "tab": _lazy("Tabulator"),
    "|": _lazy("senkrechter Strich (|)"),
}
SNIFF_BYTES = 64 * 1024


class FileProblem(Exception):
    """The file cannot be read as a table; the message is German and for the user."""


@dataclass(frozen=True)
class TableLimits:
    """What one upload may cost. Rows and columns count from the sheet's first line/column."""

    max_rows: int = 1_048_576  # Excel's own maximum
    max_columns: int = 1000
    max_unpacked_bytes: int = 400 * 1024 * 1024  # XLSX: all parts together, unpacked
    max_compression_ratio: int = 100  # XLSX: unpacked/packed, per part and overall
    max_zip_entries: int = 500
    max_seconds: float | None = None  # reading (and whatever the caller does per row)


class _Budget:
    """Row, column and time limits, checked as rows arrive."""

    def __init__(self, limits: TableLimits):
        self.limits = limits
        self.deadline = monotonic() + limits.max_seconds if limits.max_seconds is not None else None

    def columns(self, line: int, width: int) -> None:
        if width > self.limits.max_columns:
            raise FileProblem(
                _("Zeile %(line)s hat mehr als %(max)s Spalten.")
                % {"line": line, "max": self.limits.max_columns}
            )

    def row(self, line: int) -> None:
        if line > self.limits.max_rows:
            raise FileProblem(
                _("Die Tabelle hat mehr als %(max)s Zeilen (Zeile %(line)s); bitte aufteilen.")
                % {"max": self.limits.max_rows, "line": line}
            )
        if self.deadline is not None and line % 256 == 0 and monotonic() > self.deadline:
            raise FileProblem(
                _(
                    "Das Lesen der Datei dauert zu lange (mehr als %(seconds)s Sekunden, bis "
                    "Zeile %(line)s); bitte teilen Sie die Datei auf."
                )
                % {"seconds": round(self.limits.max_seconds), "line": line}
            )


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as spreadsheet programs name columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class ReadOptions:
    encoding: str = ""  # "" = detect
    delimiter: str = ""  # "" = sniff
    sheet: str = ""  # XLSX: "" = first sheet
    header_row: int = 0  # line of the column headings; 0 = detect

    @classmethod
    def from_dict(cls, data: dict | None) -> ReadOptions:
        data = data or {}
        encoding = data.get("encoding") or ""
        delimiter = data.get("delimiter") or ""
        delimiter = "tab" if delimiter == "\t" else delimiter
        return cls(
            encoding=encoding if encoding in ENCODINGS else "",
            delimiter=delimiter if delimiter in DELIMITERS else "",
            sheet=str(data.get("sheet") or "")[:100],
            header_row=_int(data.get("header_row")),
        )

    def to_dict(self) -> dict:
        return {
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "header_row": self.header_row,
        }


def _int(value) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 1_000_000 else 0


@dataclass
class Table:
    """A header and a stream of ``(line_number, cells)``; cells are str, int or float."""

    file_format: str
    header: list[str]
    rows: Iterator[tuple[int, list]]
    header_line: int = 1
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close:
            close()


def detect_format(file_name: str, head: bytes) -> str:
    """``csv`` or ``xlsx`` from name and content; raises FileProblem otherwise."""
    name = file_name.lower()
    if name.endswith((".xlsx", ".xlsm")):
        if not head.startswith(b"PK\x03\x04"):
            raise FileProblem(_("Die Datei heißt .xlsx, ist aber keine Excel-Arbeitsmappe."))
        return "xlsx"
    if name.endswith((".csv", ".txt", ".tsv")):
        if head.startswith(b"PK\x03\x04"):
            raise FileProblem(
                _("Die Datei heißt .csv, ist aber ein ZIP-Archiv (vielleicht eine Excel-Datei?).")
            )
        if b"\x00" in head[:8192] and not head.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        ):
            raise FileProblem(_("Die Datei enthält Binärdaten und ist keine Textdatei (CSV)."))
        return "csv"
    if name.endswith(".xls"):
        raise FileProblem(
            _(
                "Das alte Excel-Format .xls wird nicht unterstützt. Bitte speichern Sie die "
                "Datei als .xlsx oder .csv."
            )
        )
    raise FileProblem(_("Bitte laden Sie eine CSV-Datei (.csv, .txt, .tsv) oder .xlsx-Datei hoch."))


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)  # a character cut at the sample's end is fine
    except UnicodeDecodeError:
        undefined_in_cp1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
        return "latin-1" if undefined_in_cp1252 & set(sample) else "cp1252"
    return "utf-8"


def sniff_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ";"
    best, best_score = ";", 0.0
    for delimiter in (";", "\t", ",", "|"):
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if not counts:
            continue
        most = max(set(counts), key=counts.count)
        if most < 2:
            continue
        score = counts.count(most) / len(counts) + min(most, 50) / 1000
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _unique_header(raw: list, warnings: list[str]) -> list[str]:
    header: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(raw):
        text = " ".join(str(cell if cell is not None else "").split())
        if not text:
            text = _("Spalte %(letter)s") % {"letter": column_letter(index)}
        base = text
        if base in seen:
            seen[base] += 1
            text = f"{base} ({seen[base]})"
            warnings.append(
                _(
                    "Die Spaltenüberschrift „%(name)s“ kommt mehrfach vor; Spalte %(letter)s heißt "
                    "hier „%(new)s“. Ordnen Sie nur eine der beiden Spalten einem Indikator zu."
                )
                % {"name": base, "letter": column_letter(index), "new": text}
            )
        else:
            seen[base] = 1
        header.append(text)
    return header


def _is_blank(cells: list) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


HEADER_SEARCH_ROWS = 30


def _filled(row: list) -> int:
    return sum(1 for cell in row if cell is not None and str(cell).strip())


def _find_header(stream: Iterator, header_row: int, warnings: list[str]):
    """(line, header cells, remaining rows) or None.

    Statistics offices put titles and notes above the table ("Tabelle 3: Bevölkerung am
    31.12.2023"). Without a given line, the header is the first row with at least half as many
    filled cells as the widest of the first 30 rows (and at least two, unless every row has
    one). Skipped lines are reported."""
    if header_row:
        for line, row in stream:
            if line >= header_row and not _is_blank(row):
                if line > header_row:
                    warnings.append(
                        _("Zeile %(line)s ist leer; die Überschrift steht in Zeile %(found)s.")
                        % {"line": header_row, "found": line}
                    )
                return line, row, stream
        return None
    buffer = []
    for item in stream:
        buffer.append(item)
        if len(buffer) >= HEADER_SEARCH_ROWS:
            break
    candidates = [(line, row) for line, row in buffer if not _is_blank(row)]
    if not candidates:
        return None
    widest = max(_filled(row) for _line, row in candidates)
    needed = max(2, (widest + 1) // 2) if widest >= 2 else 1
    index = next(i for i, (_line, row) in enumerate(buffer) if _filled(row) >= needed)
    line, row = buffer[index]
    skipped = [item_line for item_line, item in buffer[:index] if not _is_blank(item)]
    if skipped:
        warnings.append(
            _(
                "Die Zeilen %(first)s bis %(last)s stehen über der Tabelle (Titel, Hinweise) und "
                "werden übersprungen; die Überschrift steht in Zeile %(line)s."
            )
            % {"first": skipped[0], "last": skipped[-1], "line": line}
            if len(skipped) > 1
            else _(
                "Zeile %(first)s steht über der Tabelle (Titel, Hinweis) und wird übersprungen; "
                "die Überschrift steht in Zeile %(line)s."
            )
            % {"first": skipped[0], "line": line}
        )
    return line, row, itertools.chain(buffer[index + 1 :], stream)


def open_table(
    fileobj, file_name: str, options: ReadOptions | None = None, limits: TableLimits | None = None
) -> Table:
    """Open a binary file object as a Table. Raises FileProblem only."""
    options = options or ReadOptions()
    budget = _Budget(limits or TableLimits())
    try:
        fileobj.seek(0)
        head = fileobj.read(SNIFF_BYTES)
        fileobj.seek(0)
    except (OSError, ValueError) as exc:
        raise FileProblem(_("Die Datei kann nicht gelesen werden.")) from exc
    if not head:
        raise FileProblem(_("Die Datei ist leer."))
    file_format = detect_format(file_name, head)
    if file_format == "xlsx":
        return _open_xlsx(fileobj, options, budget)
    return _open_csv(fileobj, head, options, budget)


def _open_csv(fileobj, head: bytes, options: ReadOptions, budget: _Budget) -> Table:
    encoding = options.encoding or detect_encoding(head)
    if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    try:
        sample = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    except LookupError as exc:  # pragma: no cover - encodings are from a fixed list
        raise FileProblem(_("Unbekannte Zeichenkodierung.")) from exc
    delimiter = options.delimiter or sniff_delimiter(sample)
    delimiter = "\t" if delimiter == "tab" else delimiter
    text = io.TextIOWrapper(fileobj, encoding=encoding, errors="strict", newline="")
    reader = csv.reader(text, delimiter=delimiter, strict=False)
    label = ENCODINGS.get(encoding, encoding)

    def records() -> Iterator[tuple[int, list]]:
        line = 1
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise FileProblem(
                    _(
                        "Ab Zeile %(line)s ist die Datei nicht in der Zeichenkodierung %(enc)s "
                        "lesbar. Bitte wählen Sie eine andere Kodierung."
                    )
                    % {"line": start, "enc": label}
                ) from exc
            except csv.Error as exc:
                raise FileProblem(
                    _("Zeile %(line)s: Die CSV-Struktur ist fehlerhaft (%(detail)s).")
                    % {"line": start, "detail": str(exc)}
                ) from exc
            line = start
            budget.row(line)
            budget.columns(line, len(row))
            yield line, row

    warnings: list[str] = []
    found = _find_header(records(), options.header_row, warnings)
    if found is None:
        raise FileProblem(_("Die Datei enthält keine Zeilen."))
    line, row, stream = found
    return Table(
        "csv",
        _unique_header(row, warnings),
        stream,
        header_line=line,
        encoding=encoding,
        delimiter=delimiter,
        warnings=warnings,
    )


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def check_xlsx_archive(fileobj, limits: TableLimits) -> None:
    """An XLSX is a ZIP: refuse bombs and non-workbooks before openpyxl inflates anything."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (method), OSError, …
        raise FileProblem(
            _("Die Excel-Datei ist beschädigt oder kein gültiges .xlsx-Format.")
        ) from exc
    fileobj.seek(0)
    if len(infos) > limits.max_zip_entries:
        raise FileProblem(_("Die Excel-Datei enthält ungewöhnlich viele Teile."))
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if (
        any(
            info.file_size > limits.max_compression_ratio * max(info.compress_size, 1)
            for info in infos
        )
        or total > limits.max_compression_ratio * packed
    ):
        raise FileProblem(
            _(
                "Die Excel-Datei wäre entpackt zu groß für ihre Größe (ein Teil ist mehr als "
                "%(ratio)s-fach komprimiert). Das sieht nach einer manipulierten Datei aus; sie "
                "wurde nicht geöffnet."
            )
            % {"ratio": limits.max_compression_ratio}
        )
    if total > limits.max_unpacked_bytes:
        raise FileProblem(
            _("Die Excel-Datei ist entpackt zu groß (%(size)s MB; höchstens %(max)s MB).")
            % {
                "size": format_decimal(total / 1024 / 1024, 1),
                "max": limits.max_unpacked_bytes // 1024 // 1024,
            }
        )
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileProblem(_("Die Datei ist keine Excel-Arbeitsmappe (XLSX)."))


def _sheet_rows(worksheet, budget: _Budget) -> Iterator[tuple[int, list]]:
    """``(line, values)`` of the rows that have a value, straight from the sheet's XML.

    openpyxl's ``iter_rows`` sizes rows by the declared dimension; this reads each row's
    cells (only those the file contains), checks line and width, and only then builds it."""
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = worksheet.parent
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for line, cells in parser.parse():
            parser.row_dimensions.clear()  # row heights etc. are not needed; do not collect
            present = [cell for cell in cells if cell["value"] is not None]
            if not present:
                continue
            budget.row(line)
            width = max(cell["column"] for cell in present)
            budget.columns(line, width)
            row = [None] * width
            for cell in present:
                row[cell["column"] - 1] = cell["value"]
            yield line, row


def _open_xlsx(fileobj, options: ReadOptions, budget: _Budget) -> Table:
    import openpyxl

    check_xlsx_archive(fileobj, budget.limits)
    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileProblem(
            _("Die Excel-Datei ist beschädigt oder kein gültiges .xlsx-Format.")
        ) from exc
    sheets = list(workbook.sheetnames)
    if not sheets:
        raise FileProblem(_("Die Excel-Datei enthält keine Tabellenblätter."))
    sheet_name = options.sheet if options.sheet in sheets else sheets[0]
    worksheet = workbook[sheet_name]

    def records() -> Iterator[tuple[int, list]]:
        try:
            for number, row in _sheet_rows(worksheet, budget):
                yield number, [_cell(value) for value in row]
        except FileProblem:
            raise
        except Exception as exc:
            raise FileProblem(
                _("Das Tabellenblatt „%(sheet)s“ ist beschädigt.") % {"sheet": sheet_name}
            ) from exc
        finally:
            workbook.close()

    warnings: list[str] = []
    found = _find_header(records(), options.header_row, warnings)
    if found is None:
        workbook.close()
        raise FileProblem(
            _("Das Tabellenblatt „%(sheet)s“ enthält keine Zeilen.") % {"sheet": sheet_name}
        )
    line, row, stream = found
    while row and row[-1] == "":  # trailing empty cells of a styled header row
        row.pop()
    return Table(
        "xlsx",
        _unique_header(row, warnings),
        stream,
        header_line=line,
        sheet=sheet_name,
        sheets=sheets,
        warnings=warnings,
    )
