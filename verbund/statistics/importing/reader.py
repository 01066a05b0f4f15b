"""The statistics import's view of the shared table reader (:mod:`verbund.core.tables`), with
its own limits. The names stay importable from here."""

from __future__ import annotations

from verbund.core.tables import (
    DELIMITERS,
    ENCODINGS,
    HEADER_SEARCH_ROWS,
    SNIFF_BYTES,
    FileProblem,
    ReadOptions,
    Table,
    TableLimits,
    column_letter,
    detect_encoding,
    detect_format,
    sniff_delimiter,
)
from verbund.core.tables import open_table as _open_table

MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024
MAX_COLUMNS = 1000
MAX_ROWS = 1_048_576  # Excel's maximum: a CSV may not be longer than a sheet
MAX_COMPRESSION_RATIO = 100

__all__ = [
    "DELIMITERS",
    "ENCODINGS",
    "HEADER_SEARCH_ROWS",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_ROWS",
    "MAX_XLSX_UNCOMPRESSED",
    "SNIFF_BYTES",
    "FileProblem",
    "ReadOptions",
    "Table",
    "column_letter",
    "detect_encoding",
    "detect_format",
    "limits",
    "open_table",
    "sniff_delimiter",
]


def limits() -> TableLimits:
    """Read when a file is opened, so that tests (and settings) can change them."""
    return TableLimits(
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        max_unpacked_bytes=MAX_XLSX_UNCOMPRESSED,
        max_compression_ratio=MAX_COMPRESSION_RATIO,
    )


def open_table(
    fileobj, file_name: str, options: ReadOptions | None = None, *, header_rows: int = 0
) -> Table:
    """Open a binary file object as a Table, its header combined from up to three rows
    (``importing/headers.py``; ``header_rows`` 0 = detect). Raises FileProblem only."""
    from .headers import apply

    options = options or ReadOptions()
    table = _open_table(fileobj, file_name, options, limits())
    return apply(table, header_rows=header_rows, start_given=bool(options.header_row))
