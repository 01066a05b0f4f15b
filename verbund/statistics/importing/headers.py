"""Headers spread over several rows (merged cells) and title rows above the table.

Statistics offices head their tables with two or three rows: a group label merged across the
columns it covers ("Bevölkerung" over four columns) and below it the single columns
("insgesamt | männlich | weiblich | unter 18"). In an XLSX only the first cell of a merged
range holds the text; in the CSV of the same publication the other cells are empty. Both are
read alike: a label of an upper row is carried to the right over the empty cells next to it
(within the span of the label above it), and the rows' labels of a column are joined with
" – " ("Bevölkerung – insgesamt"). So one saved mapping fits the CSV and the XLSX.

The shared reader (:mod:`verbund.core.tables`) finds one header row (titles above it are
skipped); here the rows directly above it (no empty line between) that look like upper
header rows, or rows directly below it that hold only text where it is empty, join it.
Rows further up are titles ("Bevölkerung am 31.12.2013 nach Stadtteilen"): their text is
kept, so the year can be taken from it when no column names one.

The user can say where the header starts ("Überschrift beginnt in Zeile", the reader's
``header_row``) and how many rows it has (``ImportSpec.header_rows``, 0 = detect).
"""

from __future__ import annotations

import itertools
import re

from django.utils.translation import gettext as _

from verbund.core.tables import Table, column_letter

from .wide import year_in_text

MAX_HEADER_ROWS = 3
SEPARATOR = " – "
_NUMBER = re.compile(r"[+\-−–]?\s*[\d.,  ']*\d[\d.,  ']*\s*%?")


def _text(cell) -> str:
    return " ".join(str(cell if cell is not None else "").split())


def _is_number(cell) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float):
        return True
    return bool(_NUMBER.fullmatch(_text(cell)))


def _filled(row: list, width: int) -> list[int]:
    """Positions of the filled cells (a header row may reach one column further than the
    header row below it, whose last cell is empty under a label merged downwards)."""
    return [p for p in range(min(len(row), width + 1)) if _text(row[p])]


def _is_year(cell) -> bool:
    text = _text(cell)
    return bool(re.fullmatch(r"(?:19|20)\d\d(?:\.0+)?", text))


def _title_like(row: list, width: int) -> bool:
    """ "Tabelle 3: …", "Quelle: …", long sentences: titles and notes, not column labels."""
    return any(":" in _text(row[p]) or len(_text(row[p])) > 60 for p in _filled(row, width))


def _upper_band(row: list, lower: list[list], width: int) -> bool:
    """Is ``row`` (directly above ``lower``) an upper header row rather than a title?"""
    filled = _filled(row, width)
    if not filled:
        return False
    if any(_is_number(row[p]) and not _is_year(row[p]) for p in filled):
        return False
    if _title_like(row, width):
        return False
    first_blank_below = all(not _text(r[0]) if r else True for r in lower)
    if len(filled) == 1:
        position = filled[0]
        if position > 0:
            return True
        text = _text(row[0])
        # "Stadtteil" over an empty cell below (merged downwards), not a long title.
        return first_blank_below and len(text) <= 30 and year_in_text(text) is None
    return max(filled) >= 2 or first_blank_below


def _lower_band(row: list, upper: list[list], width: int) -> bool:
    """Is ``row`` (directly below ``upper``) a lower header row rather than data?"""
    filled = _filled(row, width)
    if len(filled) < 2 or any(_is_number(row[p]) for p in filled):
        return False
    if _title_like(row, width) or any(_title_like(u, width) for u in upper):
        return False
    # It names columns the rows above leave empty (under a merged label).
    return any(all(p >= len(u) or not _text(u[p]) for u in upper) for p in filled)


def combine(rows: list[list], width: int) -> list[str]:
    """One name per column from header rows (top first); empty cells of upper rows take the
    label to their left within the span of the row above."""
    width = max([width, *(len(_filled_row(r)) for r in rows)]) if rows else width
    grid = [[_text(row[p]) if p < len(row) else "" for p in range(width)] for row in rows]
    spans: list[int] = [0] * width  # start column of the span each column belongs to
    carried = []
    for level, row in enumerate(grid):
        last = level == len(grid) - 1
        out = list(row)
        new_spans = list(spans)
        if not last:
            current = None
            for p in range(width):
                if row[p]:
                    current = p
                    new_spans[p] = p
                elif (
                    current is not None
                    and spans[p] == spans[current]
                    and _open_below(grid, level, p)
                ):
                    out[p] = row[current]
                    new_spans[p] = current
                else:
                    current = None
        carried.append(out)
        spans = new_spans
    names = []
    for p in range(width):
        parts: list[str] = []
        for level in range(len(carried)):
            part = carried[level][p]
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        names.append(SEPARATOR.join(parts))
    return names


def _filled_row(row: list) -> list:
    while row and not _text(row[-1]):
        row = row[:-1]
    return row


def _open_below(grid: list[list[str]], level: int, position: int) -> bool:
    """A label is carried into an empty cell only if a row below names that column."""
    return any(grid[lower][position] for lower in range(level + 1, len(grid)))


def apply(table: Table, *, header_rows: int = 0, start_given: bool = False) -> Table:
    """Replace ``table.header`` by the combined header; note titles and what was done.

    ``header_rows`` 0 detects the rows, 1–3 takes that many (counted from the row the reader
    found, or the row the user gave, downwards when rows above are not header rows)."""
    header_rows = max(0, min(int(header_rows or 0), MAX_HEADER_ROWS))
    raw = _filled_row(list(table.raw_header or table.header))
    width = max(len(table.header), len(raw))
    above = list(table.above)
    shifted = False
    if not start_given and _title_like(raw, width):
        # The reader took a title ("Tabelle 1: …;;Stand: …") for the header: the next row
        # of labels is the header.
        item = next(table.rows, None)
        if item is not None:
            line, row = item
            filled = _filled(row, width)
            if (
                len(filled) >= 2
                and not _title_like(row, width)
                and not any(_is_number(row[p]) for p in filled)
            ):
                above.append((table.header_line, raw))
                raw, table.header_line = _filled_row(list(row)), line
                width = max(len(raw), 1)
                table.header = _unique(raw, [])
                shifted = True
            else:
                table.rows = itertools.chain([item], table.rows)
    bands = [raw]
    first_line = table.header_line
    wanted = header_rows or MAX_HEADER_ROWS
    if not start_given and header_rows != 1:
        line = table.header_line
        while above and len(bands) < wanted:
            above_line, row = above[-1]
            if above_line != line - 1 or not _upper_band(row, bands, width):
                break
            above.pop()
            bands.insert(0, _filled_row(list(row)))
            line = first_line = above_line
    last_line = table.header_line
    if len(bands) < wanted and (header_rows or len(bands) == 1):
        peeked = []
        while len(bands) < wanted:
            item = next(table.rows, None)
            if item is None:
                break
            line, row = item
            if not header_rows and not (line == last_line + 1 and _lower_band(row, bands, width)):
                peeked.append(item)
                break
            bands.append(_filled_row(list(row)))
            last_line = line
        table.rows = itertools.chain(peeked, table.rows)
    titles = [_text(" ".join(_text(c) for c in row if _text(c))) for _line, row in above]
    table.titles = [t for t in titles if t][-5:]
    table.header_first_line = first_line
    if len(bands) > 1 or shifted:
        names = combine(bands, width)
        # The reader's notes were about its single header row: replaced.
        table.warnings = []
        if above:
            table.warnings.append(
                _("Titel und Hinweise über der Tabelle (ab Zeile %(line)s) werden übersprungen.")
                % {"line": above[0][0]}
            )
        table.header = _unique(names, table.warnings)
        table.header_line = last_line
    if len(bands) > 1:
        table.warnings.append(
            _(
                "Die Überschrift steht in den Zeilen %(first)s bis %(last)s; die Spalten heißen "
                "nach allen Zeilen, z. B. „%(example)s“."
            )
            % {
                "first": first_line,
                "last": last_line,
                "example": next((n for n in names if SEPARATOR in n), names[0] if names else ""),
            }
        )
    table.header_rows = len(bands)
    return table


def _unique(names: list[str], warnings: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    header = []
    for index, name in enumerate(names):
        name = name or _("Spalte %(letter)s") % {"letter": column_letter(index)}
        if name in seen:
            seen[name] += 1
            new = f"{name} ({seen[name]})"
            warnings.append(
                _(
                    "Die Spaltenüberschrift „%(name)s“ kommt mehrfach vor; Spalte %(letter)s "
                    "heißt hier „%(new)s“."
                )
                % {"name": name, "letter": column_letter(index), "new": new}
            )
            name = new
        else:
            seen[name] = 1
        header.append(name)
    return header
