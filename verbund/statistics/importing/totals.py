"""Total rows and split areas: rows that name a whole city or a district among the rows of its
parts, and areas that a file spreads over several rows.

A row is a total row (skipped, and listed with the reason) when
- its name is an area of another level than the import's (the *main* level: the one chosen, or
  the one most rows of the file match),
- a level column says so (``level_column`` has another value than ``level_value``),
- the user marked it in the preview (``total_rows``: the area cell, or ``cell@n`` for its n-th
  occurrence), or
- it names both an area of the main level and, with the same name, one of another level, and a
  second row names the same area: the row with the larger numbers is the total.
"""

from __future__ import annotations

from collections import Counter

from .matching import DUAL, AreaMatcher, AreaRef, normalise_name

DUPLICATE_CHOICES = ("error", "sum", "first")


def main_level(
    head: list[tuple[int, list]], position: int, areas: list[AreaRef], by: str, name: str
) -> str:
    """The level most rows of the file's first rows join to (ties: the finer level)."""
    levels = sorted({area.level for area in areas})
    if len(levels) <= 1:
        return levels[0] if levels else ""
    counts: Counter = Counter()
    size = Counter(area.level for area in areas)
    for level in levels:
        matcher = AreaMatcher(
            [area for area in areas if area.level == level], by=by, municipality_name=name
        )
        for _line, cells in head:
            if position < len(cells):
                area, _reason = matcher.match(cells[position])
                if area is not None:
                    counts[level] += 1
    if not counts:
        return ""
    return max(levels, key=lambda level: (counts[level], size[level]))


class TotalMarks:
    """The user's marks, matched by the area cell (and its occurrence)."""

    def __init__(self, marks: list[str]) -> None:
        self.all: set[str] = set()
        self.nth: set[tuple[str, int]] = set()
        for mark in marks:
            text, _sep, nth = mark.rpartition("@")
            if _sep and nth.isdigit():
                self.nth.add((normalise_name(text), int(nth)))
            else:
                self.all.add(normalise_name(mark))
        self.seen: Counter = Counter()

    def __bool__(self) -> bool:
        return bool(self.all or self.nth)

    def marked(self, raw: object) -> bool:
        name = normalise_name(raw)
        self.seen[name] += 1
        return name in self.all or (name, self.seen[name]) in self.nth


def row_weight(cells: list, skip: set[int]) -> float:
    """The sum of a row's numbers: a total row outweighs each of its parts."""
    total = 0.0
    for position, cell in enumerate(cells):
        if position in skip:
            continue
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            total += abs(float(cell))
        elif isinstance(cell, str):
            text = cell.strip().replace(".", "").replace(" ", "").replace(",", ".")
            try:
                total += abs(float(text))
            except ValueError:
                continue
    return total


def resolve_dual(groups: dict, skip: set[int]) -> tuple[list, list]:
    """For rows that name an area of the main level and, with the same name, one of another
    level: (rows to import, rows that are totals). ``groups`` maps (area pk, year cell) to
    [(line, cells, area)]; ``area`` already joined by another row makes all of them totals."""
    keep, totals = [], []
    for rows in groups.values():
        if len(rows) == 1:
            keep.extend(rows)
            continue
        heaviest = max(rows, key=lambda row: row_weight(row[1], skip))
        for row in rows:
            (totals if row is heaviest else keep).append(row)
    keep.sort(key=lambda row: row[0])
    return keep, totals


__all__ = ["DUAL", "DUPLICATE_CHOICES", "TotalMarks", "main_level", "resolve_dual", "row_weight"]
