"""Helpers of the engine for single rows: how a row is shown in the report (its label, its
first numbers with their column names), why two rows name one area, and how the parts of a
split area add up."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .matching import AreaMatcher, AreaRef, normalise_name
from .numbers import MISSING, OK, SUPPRESSED

MAX_DUPLICATES = 50
_RANK = {SUPPRESSED: 2, MISSING: 1, OK: 0}


def _combine(value, status, other_value, other_status):
    """The sum of two parts; a secret or missing part makes the sum secret or missing."""
    if status == OK and other_status == OK:
        return value + other_value, OK
    worst = status if _RANK[status] >= _RANK[other_status] else other_status
    return None, worst


def _duplicate_why(first_raw: str, raw: str, matcher: AreaMatcher) -> str:
    """Why two rows name one area. ``first_raw`` and ``raw`` are the rows' labels (the area
    cell, with the row's name when the area cell is a key)."""
    if normalise_name(first_raw) != normalise_name(raw):
        return _(
            "Das Gebiet ist in der Datei auf mehrere Zeilen aufgeteilt („%(a)s“ und „%(b)s“, "
            "z. B. zwei Planungsräume): summieren oder die erste Zeile nehmen?"
        ) % {"a": first_raw, "b": raw}
    if matcher.other_area(raw.split(" ")[0]) is not None or matcher.other_area(raw):
        return _(
            "Eine der beiden Zeilen ist vermutlich die Summenzeile des gleichnamigen Gebiets "
            "einer anderen Ebene: markieren Sie sie als Summenzeile."
        )
    return _("Die Zeile steht doppelt in der Datei (Summenzeile oder aufgeteiltes Gebiet?).")


def _note_duplicate(
    duplicates: list, area: AreaRef, first: tuple, row: tuple, matcher, skip: set[int]
) -> None:
    """Group the rows of one area for the preview (capped)."""
    for group in duplicates:
        if group["area_pk"] == area.pk and group["rows"][0]["line"] == first[0]:
            break
    else:
        if len(duplicates) >= MAX_DUPLICATES:
            return
        group = {
            "area_pk": area.pk,
            "area": area.name,
            "why": _duplicate_why(first[1], row[1], matcher),
            "rows": [{"line": first[0], "value": first[1][:100], "numbers": []}],
        }
        group["rows"][0]["numbers"] = first[2]
        duplicates.append(group)
    if len(group["rows"]) < 10:
        group["rows"].append(
            {"line": row[0], "value": row[1][:100], "numbers": _first_numbers(row[2], skip)}
        )


def _row_label(cells: list, area_position: int) -> str:
    """The area cell, and the row's name beside a key ("205 Hafen (Planungsraum West)")."""
    raw = str(cells[area_position] if area_position < len(cells) else "").strip()
    text = _row_text(cells, area_position)
    return f"{raw} {text}" if text and normalise_name(text) != normalise_name(raw) else raw


def _first_numbers(cells: list, skip: set[int]) -> list:
    found = []
    for position, cell in enumerate(cells):
        if position not in skip and _looks_numeric(cell):
            found.append(str(cell)[:20])
            if len(found) == 4:
                break
    return found


def _looks_numeric(cell) -> bool:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return True
    text = str(cell).strip()
    return bool(text) and text.replace(".", "").replace(",", "").replace(" ", "").isdigit()


def _row_numbers(cells: list, header: list[str], skip: set[int]) -> list:
    """The row's first numbers with their column names, so a reader recognises the row."""
    found = []
    for position, cell in enumerate(cells[: len(header)]):
        if position not in skip and _looks_numeric(cell):
            found.append([header[position][:40], str(cell)[:20]])
            if len(found) == 3:
                break
    return found


def _row_text(cells: list, skip: int) -> str:
    """The first words of a row besides its area cell, so a reader recognises the row."""
    for position, cell in enumerate(cells):
        if position != skip and isinstance(cell, str):
            text = " ".join(cell.split())
            if text and not text.replace(".", "").replace(",", "").replace("-", "").isdigit():
                return text[:100]
    return ""
