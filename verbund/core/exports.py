"""CSV and XLSX downloads that spreadsheet programs cannot be tricked into executing.

A cell that starts with ``= + - @``, a tab, a carriage return or NUL is read as a formula (or
DDE call) by Excel and LibreOffice. Such text is prefixed with an apostrophe, and XLSX cells are
always written as strings, never as formulas. Numbers stay numbers.

Downloads stream with bounded memory: rows are consumed lazily (pass a generator over
``values_list(...).iterator()``, with display labels from a dict built once — see
``choice_labels``), CSV is sent in chunks as it is written, XLSX is written by XlsxWriter's
constant-memory mode into a temporary file and sent from there in chunks.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from math import isfinite

import xlsxwriter
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.utils.translation import get_language
from django_scopes import scope
from django_scopes.state import get_scope

from verbund.core import cache_versions
from verbund.core.numbers import format_decimal

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
# C0 control characters other than tab, LF and CR: invalid in XLSX, invisible in CSV, and able
# to hide a formula behind them ("\x08=1+1"). They are removed before neutralising.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
INVALID_SHEET_CHARACTERS = re.compile(r"[\[\]:*?/\\]")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_ROWS_PER_CHUNK = 500
FILE_CHUNK_BYTES = 64 * 1024
EXPORT_BATCH_ROWS = 2000
# An export up to this size is kept in the cache after its first download (see
# kept_export_response); 10,000 facilities are about 1.8 MB of CSV.
KEPT_EXPORT_MAX_BYTES = 8 * 1024 * 1024


def choice_labels(field_or_choices) -> dict:
    """``{value: label}`` of a model field's choices (or a choices list), built once per export
    instead of ``get_<field>_display()`` per row. Labels are resolved to text here."""
    choices = getattr(field_or_choices, "flatchoices", field_or_choices)
    return {value: str(label) for value, label in choices}


def value_batches(queryset, *fields: str, size: int = EXPORT_BATCH_ROWS) -> Iterator[list[tuple]]:
    """The queryset's ``values_list(*fields)`` in lists of ``size`` rows, read with a cursor
    (server-side on PostgreSQL): never all rows, never model instances. A caller that needs
    related rows (many-to-many names) reads them per batch, one query each."""
    rows = queryset.prefetch_related(None).values_list(*fields).iterator(chunk_size=size)
    while batch := list(islice(rows, size)):
        yield batch


def grouped(pairs: Iterable[tuple]) -> dict:
    """``{key: [value, …]}`` of ``(key, value)`` pairs, in the order given."""
    found: dict = {}
    for key, value in pairs:
        found.setdefault(key, []).append(value)
    return found


def neutralise(value: object) -> object:
    """Return the value as it may safely appear in a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | float | Decimal | date | datetime):
        return value
    text = CONTROL_CHARACTERS.sub("", str(value))
    if text.startswith(DANGEROUS_PREFIXES):
        return "'" + text
    return text


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """The CSV file in pieces of ``CSV_ROWS_PER_CHUNK`` rows; the first starts with a BOM so
    that Excel opens UTF-8 with umlauts intact."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    buffer.write("\ufeff")
    writer.writerow([neutralise(cell) for cell in header])
    rows = iter(rows)
    while True:
        batch = list(islice(rows, CSV_ROWS_PER_CHUNK))
        writer.writerows([_csv_cell(neutralise(cell)) for cell in row] for row in batch)
        text = buffer.getvalue()
        if text:
            yield text.encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
        if not batch:
            return


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    return b"".join(csv_chunks(header, rows))


def _csv_cell(value: object) -> object:
    if isinstance(value, float | Decimal):
        return format_decimal(value, None)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return value


def write_xlsx(target, header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> None:
    """Write the sheet to ``target`` (a binary file) with XlsxWriter in constant-memory mode:
    each row goes to a temporary file as it comes, never all into memory. Every cell is written
    with its type's own call (text always as a string, never as a formula or a link; numbers
    and dates as such, dates with a German date format)."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(INVALID_SHEET_CHARACTERS.sub("-", title)[:31] or "Export")
    formats = {
        date: workbook.add_format({"num_format": "dd.mm.yyyy"}),
        datetime: workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"}),
    }
    write_string, write_number = sheet.write_string, sheet.write_number
    for row_number, row in enumerate(chain([header], rows)):
        for column, cell in enumerate(row):
            value = neutralise(cell)
            if isinstance(value, str):
                if value:
                    write_string(row_number, column, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(row_number, column, _xlsx_cell(value), formats[datetime])
            elif isinstance(value, date):
                sheet.write_datetime(row_number, column, value, formats[date])
            elif isfinite(value):  # int, float, Decimal
                write_number(row_number, column, value)
            # NaN and infinity: an empty cell (XlsxWriter would need a formula for them)
    workbook.close()


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, header, rows, title)
    return buffer.getvalue()


def _xlsx_cell(value: object) -> object:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _xlsx_chunks(header, rows, title) -> Iterator[bytes]:
    # Written when the response is first read (after the view returned), then sent in pieces.
    with tempfile.TemporaryFile() as spool:
        write_xlsx(spool, header, rows, title)
        spool.seek(0)
        while chunk := spool.read(FILE_CHUNK_BYTES):
            yield chunk


def _in_current_scope(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The rows are read while the response is sent, after the view (and the scope the tenant
    middleware activated for it) has returned: each step runs in the view's scope again."""
    captured = dict(get_scope())

    def steps():
        while True:
            with scope(**captured):
                try:
                    chunk = next(chunks)
                except StopIteration:
                    return
            yield chunk

    return steps()


class ExportResponse(StreamingHttpResponse):
    """A streamed download. ``content`` is offered too (it reads the whole stream once), for
    callers that need the bytes, such as tests."""

    @property
    def content(self) -> bytes:
        data = b"".join(self.streaming_content)
        self.streaming_content = [data]
        return data


def _content_type(fmt: str) -> str:
    if fmt == "csv":
        return "text/csv; charset=utf-8"
    if fmt == "xlsx":
        return XLSX_CONTENT_TYPE
    raise ValueError(f"unknown export format {fmt!r}")


def export_response(
    fmt: str, filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> ExportResponse:
    """``fmt`` is ``csv`` or ``xlsx``; anything else is a programming error. ``rows`` is read
    lazily while the response is sent: pass a generator, not a list."""
    content_type = _content_type(fmt)
    chunks = csv_chunks(header, rows) if fmt == "csv" else _xlsx_chunks(header, rows, str(filename))
    response = ExportResponse(_in_current_scope(chunks), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def kept_export_response(
    fmt: str,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    prefix: str,
    version_keys: Iterable[str],
    parts,
    timeout: int,
) -> ExportResponse:
    """:func:`export_response`, kept in the cache until one of ``version_keys`` is bumped
    (``cache_versions``), under ``parts`` (the filter: everything besides the versions that
    decides the rows), the language and the format.

    The first download streams as before and keeps what it sent if it was complete and at
    most ``KEPT_EXPORT_MAX_BYTES`` long; a larger one is streamed each time with bounded
    memory. The next download of the same data is sent from the cache without reading a row.
    ``rows`` is then never read: pass a generator that starts its query on first use."""
    key = cache_versions.versioned_key(
        prefix, cache_versions.current_many(version_keys), (get_language(), fmt, parts)
    )
    kept = cache.get(key)
    if kept is None:
        response = export_response(fmt, filename, header, rows)
        response.streaming_content = _keeping(response.streaming_content, key, timeout)
        return response
    response = ExportResponse([kept], content_type=_content_type(fmt))
    response["Content-Length"] = str(len(kept))
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _keeping(chunks: Iterator[bytes], key: str, timeout: int) -> Iterator[bytes]:
    # A client that stops reading closes this generator: nothing half is kept.
    sent: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        if sent is not None:
            size += len(chunk)
            if size <= KEPT_EXPORT_MAX_BYTES:
                sent.append(chunk)
            else:
                sent = None
        yield chunk
    if sent is not None:
        cache.set(key, b"".join(sent), timeout=timeout)
