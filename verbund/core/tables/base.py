"""Limits, options, the Table and the error every reader raises."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from time import monotonic

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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
# Confirmations a user can give for a file (ReadOptions.accept):
ACCEPT_SHORT_ROWS = "short_rows"  # rows shorter than the header: the missing fields are empty
ACCEPT_OPEN_END = "open_end"  # the last line has no line end, and the file is complete
ACCEPTS = {ACCEPT_SHORT_ROWS, ACCEPT_OPEN_END}


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
    # What the user confirmed after a warning (ACCEPT_* above): per upload, never in a mapping.
    accept: frozenset[str] = frozenset()

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
            accept=frozenset(str(a) for a in data.get("accept") or () if a in ACCEPTS),
        )

    def to_dict(self) -> dict:
        return {
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "accept": sorted(self.accept),
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
    # Filled by the CSV reader when the rows are exhausted: ``open_end`` = the line of the last
    # record if it did not end with a line break (a file cut off there looks exactly like that).
    ending: dict = field(default_factory=dict)
    accept: frozenset[str] = frozenset()
    # The header row as read (blank cells stay blank) and the non-blank rows above it:
    # for a caller that builds a header from several rows (merged cells) or reads a title.
    raw_header: list = field(default_factory=list)
    above: list[tuple[int, list]] = field(default_factory=list)

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close:
            close()
