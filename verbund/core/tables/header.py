"""Finding the header row and naming its columns."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .base import column_letter


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


def _find_header(stream: Iterator, header_row: int, warnings: list[str], above=None):
    """(line, header cells, remaining rows) or None. ``above`` (a list, if given) receives the
    non-blank rows above the header line (titles, upper rows of a multi-row header).

    Statistics offices put titles and notes above the table ("Tabelle 3: Bevölkerung am
    31.12.2023"). Without a given line, the header is the first row with at least half as many
    filled cells as the widest of the first 30 rows (and at least two, unless every row has
    one). Skipped lines are reported."""
    if header_row:
        for line, row in stream:
            if line < header_row and above is not None and not _is_blank(row):
                above.append((line, row))
                del above[:-HEADER_SEARCH_ROWS]
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
    if above is not None:
        above.extend(item for item in buffer[:index] if not _is_blank(item[1]))
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
