"""CSV: encoding, separator and the row stream."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .base import ENCODINGS, FileProblem, ReadOptions, Table, _Budget, column_letter
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
    label = ENCODINGS.get(encoding, encoding)
    ending: dict = {}
    state = {"eof": False, "last": "\n"}

    def lines() -> Iterator[str]:
        # Remembers how the last physical line ended and when the text is exhausted: a record
        # the csv module returns after that was ended by the end of the file, not by a line
        # break (an unclosed quote at the end, or a last line cut off without its line end).
        last = "\n"
        try:
            for last in text:
                yield last
        finally:
            state["last"] = last
            state["eof"] = True

    reader = csv.reader(lines(), delimiter=delimiter, strict=False)

    def records() -> Iterator[tuple[int, list]]:
        line = last_line = 0
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                if state["last"][-1:] not in ("\n", "\r") and last_line:
                    ending["open_end"] = last_line
                return
            except UnicodeDecodeError as exc:
                raise FileProblem(_encoding_problem(fileobj, encoding, label, start)) from exc
            except csv.Error as exc:
                raise FileProblem(
                    _("Zeile %(line)s: Die CSV-Struktur ist fehlerhaft (%(detail)s).")
                    % {"line": start, "detail": str(exc)}
                ) from exc
            line = start
            budget.row(line)
            budget.columns(line, len(row))
            if state["eof"]:  # the file ends inside a field in quotation marks
                raise FileProblem(
                    _(
                        "Zeile %(line)s, Spalte %(letter)s: Ein Feld in Anführungszeichen wird "
                        "nicht geschlossen – die Datei endet mitten darin. Sie ist vermutlich "
                        "abgeschnitten; bitte laden Sie die vollständige Datei hoch."
                    )
                    % {"line": line, "letter": column_letter(max(len(row) - 1, 0))}
                )
            last_line = line
            yield line, row

    warnings: list[str] = []
    above: list = []
    found = _find_header(records(), options.header_row, warnings, above)
    if found is None:
        raise FileProblem(_("Die Datei enthält keine Zeilen."))
    line, row, stream = found
    while len(row) > 1 and not row[-1].strip():  # "a;b;c;" – a separator after the last heading
        row.pop()
    return Table(
        "csv",
        _unique_header(row, warnings),
        stream,
        header_line=line,
        encoding=encoding,
        delimiter=delimiter,
        warnings=warnings,
        ending=ending,
        accept=options.accept,
        raw_header=list(row),
        above=above,
    )


def _encoding_problem(fileobj, encoding: str, label: str, start: int) -> str:
    """The message for a file that is not in ``encoding``, naming the line that is not.

    The text layer decodes in blocks of several KiB, so the error surfaces lines before or
    after the offending byte; the file is read again line by line to find it, and the line is
    tried in the other encodings to suggest one."""
    line, position, suggestion = start, None, ""
    if encoding != "utf-16":
        try:
            fileobj.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            for number, raw in enumerate(fileobj, 1):
                try:
                    decoder.decode(raw)
                except UnicodeDecodeError as exc:
                    line, position = number, exc.start + 1
                    suggestion = next(
                        (
                            ENCODINGS[other]
                            for other in ("utf-8", "cp1252", "latin-1")
                            if other != encoding and _decodes(raw, other)
                        ),
                        "",
                    )
                    break
        except (OSError, ValueError):  # pragma: no cover - the upload is a local file
            pass
    if position is None:
        return _(
            "Ab Zeile %(line)s ist die Datei nicht in der Zeichenkodierung %(enc)s lesbar. "
            "Bitte wählen Sie eine andere Kodierung."
        ) % {"line": start, "enc": label}
    message = _(
        "Zeile %(line)s ist nicht in der Zeichenkodierung %(enc)s lesbar (Zeichen %(pos)s der "
        "Zeile)."
    ) % {"line": line, "enc": label, "pos": position}
    if suggestion:
        message += " " + _(
            "Die Zeile passt zu %(other)s: bitte wählen Sie unter „Datei lesen“ diese "
            "Zeichenkodierung."
        ) % {"other": suggestion}
    else:
        message += " " + _("Bitte wählen Sie eine andere Zeichenkodierung.")
    return message


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
