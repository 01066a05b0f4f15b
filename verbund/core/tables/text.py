"""CSV: encoding, separator and the row stream."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .base import ENCODINGS, FileProblem, ReadOptions, Table, _Budget
from .header import _find_header, _unique_header


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
