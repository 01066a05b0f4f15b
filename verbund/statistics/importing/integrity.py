"""Is the file whole? Short rows, a last line cut off, and hints about the separator.

Decisions (documented in verbund/statistics/README.md):

* A row with fewer fields than the header (and more than one field – a one-field row is a
  title or a footnote) that lacks a column the import uses is an **error** naming the line and
  the first missing column – unless the user confirms that the publisher leaves out empty
  fields at the end of a row; then the missing fields are read as empty and a warning stays
  visible.
* The CSV reader notes when the last line has no line break. A file cut off anywhere ends
  like that, so:

  - a short last line without line end is an **error** (the file was cut mid-row), which no
    confirmation lifts;
  - a complete last line whose final field is used is checked against its column: a number
    ending in a separator (``12,``), or with fewer decimal places than every other value of
    the column (``9,7`` → ``9``), is an **error**; otherwise the import needs the user's
    **confirmation** that the file is complete (the last value is shown), and cannot be
    committed without it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from verbund.core.tables.base import ACCEPT_OPEN_END, ACCEPT_SHORT_ROWS

from .reader import Table, column_letter

SEPARATORS = {";": "Semikolon (;)", ",": "Komma (,)", "\t": "Tabulator", "|": "Strich (|)"}
MIN_PATTERN_VALUES = 3


def separator_hint(table: Table, cells: list) -> str:
    """A sentence suggesting another separator, if one splits the header and this row into
    the same number of fields; '' otherwise (and for XLSX)."""
    delimiter = table.delimiter
    if not delimiter:
        return ""
    header_text = delimiter.join(table.header)
    row_text = delimiter.join(str(cell) for cell in cells)
    for other, name in SEPARATORS.items():
        if other == delimiter:
            continue
        fields = header_text.count(other) + 1
        if fields > 1 and fields == row_text.count(other) + 1:
            return " " + _(
                "Vielleicht trennt die Datei ihre Felder mit %(other)s statt mit %(current)s: "
                "wählen Sie unter „Datei lesen“ das Trennzeichen."
            ) % {"other": name, "current": SEPARATORS.get(delimiter, delimiter)}
    return ""


def _decimals(text: str, decimal: str) -> int | None:
    text = text.strip()
    if not text or not text[-1].isdigit():
        return None
    _head, separator, tail = text.rpartition(decimal)
    return len(tail) if separator else 0


class Integrity:
    """Checks rows for their number of fields and the file's end, while the engine reads."""

    def __init__(
        self, table: Table, report: dict, used: set[int], decimal: str, error, area: int = 0
    ) -> None:
        self.table = table
        self.report = report
        self.width = len(table.header)
        self.used = used
        self.first_needed = min(used) if used else self.width
        self.last_needed = max(used) if used else -1
        self.decimal = decimal
        self.error = error
        self.accept_short = ACCEPT_SHORT_ROWS in table.accept
        self.short_rows = 0
        self.short_lines: list[int] = []
        self.last_line = 0
        self.last_cells: list = []
        # Decimal places of the final column's values: a pattern to check a cut last value.
        self.final = self.width - 1
        self.final_decimals: dict[int, int] = {}
        self.pending: tuple[int, list] | None = None
        self.area = area  # position of the area column
        self.joined = 0  # line of the last row joined to an area (set by the engine)

    def row(self, line: int, cells: list) -> bool:
        """Called for every non-blank row; False if the row must not be read."""
        self.last_line, self.last_cells = line, cells
        count = len(cells)
        if self.pending is not None:
            self._flush()
        if count >= self.width:
            if self.final == self.last_needed:
                raw = cells[self.final]
                if isinstance(raw, str):
                    places = _decimals(raw, self.decimal)
                    if places is not None:
                        self.final_decimals[places] = self.final_decimals.get(places, 0) + 1
            return True
        if count <= 1 or count > self.last_needed:
            return True  # a title or footnote, or nothing used is missing
        self.pending = (line, cells)  # reported with the next row: unless it is cut off
        return self.accept_short

    def _flush(self) -> None:
        if self.pending is None:
            return
        line, cells = self.pending
        self.pending = None
        count = len(cells)
        self.short_rows += 1
        if len(self.short_lines) < 5:
            self.short_lines.append(line)
        if self.accept_short:
            return
        missing = next(position for position in sorted(self.used) if position >= count)
        self.error(
            line,
            missing,
            _(
                "Die Zeile hat nur %(n)s von %(w)s Feldern; ab Spalte %(letter)s fehlen Werte. "
                "Lässt der Herausgeber leere Felder am Zeilenende weg, bestätigen Sie das oben."
            )
            % {"n": count, "w": self.width, "letter": column_letter(count)}
            + separator_hint(self.table, cells),
        )

    def finish(self) -> None:
        report = self.report
        open_end = self.table.ending.get("open_end")
        if self.pending is not None and self.pending[0] == open_end:
            self.pending = None  # the last line, cut off: _open_end reports it
        self._flush()
        if self.short_rows and self.accept_short:
            report["accepted"].append(
                {
                    "code": ACCEPT_SHORT_ROWS,
                    "message": _(
                        "%(n)s Zeilen haben weniger Felder als die Überschrift (z. B. Zeile "
                        "%(lines)s); die fehlenden Felder am Zeilenende werden als leer gelesen "
                        "(bestätigt)."
                    )
                    % {"n": self.short_rows, "lines": ", ".join(map(str, self.short_lines))},
                }
            )
        elif self.short_rows:
            report["confirm"].append(
                {
                    "code": ACCEPT_SHORT_ROWS,
                    "message": _(
                        "%(n)s Zeilen haben weniger Felder als die Überschrift (z. B. Zeile "
                        "%(lines)s). Fehlen dort Werte, ist die Datei fehlerhaft. Lässt der "
                        "Herausgeber nur leere Felder am Zeilenende weg, bestätigen Sie das: "
                        "dann werden sie als leer gelesen."
                    )
                    % {"n": self.short_rows, "lines": ", ".join(map(str, self.short_lines))},
                }
            )
        if not open_end or open_end != self.last_line:
            return
        self._open_end(self.last_line, self.last_cells)

    def _open_end(self, line: int, cells: list) -> None:
        count = len(cells)
        header = self.table.header
        if count < self.width:
            position = max(count - 1, 0)
            self.error(
                line,
                position,
                _(
                    "Die Datei endet in dieser Zeile nach %(n)s von %(w)s Feldern, ohne "
                    "Zeilenumbruch: sie ist vermutlich mitten in der Zeile abgeschnitten. Bitte "
                    "laden Sie die vollständige Datei hoch."
                )
                % {"n": count, "w": self.width},
            )
            return
        if count > self.width or self.final not in self.used:
            return  # the last used field was ended by a separator
        if self.final != self.area and self.joined != line:
            return  # the row has no area: none of its values is written
        raw = str(cells[self.final])
        place = f"{column_letter(self.final)} („{header[self.final]}“)"
        problem = self._cut_shape(raw)
        if problem:
            self.error(line, self.final, problem)
            return
        message = _(
            "Die Datei endet ohne Zeilenumbruch nach Zeile %(line)s. Eine abgeschnittene Datei "
            "endet genau so: der letzte Wert „%(raw)s“ in Spalte %(place)s könnte unvollständig "
            "sein. Vergleichen Sie ihn mit der Originaldatei."
        ) % {"line": line, "raw": raw[:40], "place": place}
        if ACCEPT_OPEN_END in self.table.accept:
            self.report["accepted"].append(
                {"code": ACCEPT_OPEN_END, "message": message + " " + _("(bestätigt)")}
            )
        else:
            self.report["confirm"].append({"code": ACCEPT_OPEN_END, "message": message})

    def _cut_shape(self, raw: str) -> str:
        text = raw.strip()
        if text and text[-1] in ".,' \u00a0" and any(ch.isdigit() for ch in text):
            return _(
                "„%(raw)s“ endet mit einem Trennzeichen, und die Datei endet hier ohne "
                "Zeilenumbruch: die Zahl ist abgeschnitten. Bitte laden Sie die vollständige "
                "Datei hoch."
            ) % {"raw": raw[:40]}
        places = _decimals(text, self.decimal)
        if places is None:
            return ""
        others = dict(self.final_decimals)  # the last value was counted too: leave it out
        others[places] = others.get(places, 0) - 1
        others = {key: count for key, count in others.items() if count > 0}
        if len(others) != 1:
            return ""
        ((usual, seen),) = others.items()
        if places < usual and seen >= MIN_PATTERN_VALUES:
            return _(
                "„%(raw)s“ hat %(places)s Nachkommastellen, alle anderen Werte der Spalte haben "
                "%(usual)s, und die Datei endet hier ohne Zeilenumbruch: die Zahl ist "
                "vermutlich abgeschnitten. Bitte laden Sie die vollständige Datei hoch."
            ) % {"raw": raw[:40], "places": places, "usual": usual}
        return ""
