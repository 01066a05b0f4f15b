"""Why a column of the file is not imported, in words (the wizard and the command line)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .numbers import ValueProblem, parse_value


def column_notes(report: dict, spec: dict, *, command_line: bool = True) -> list[tuple[str, str]]:
    """``(column, reason)`` for every column of the file that gives no indicator values,
    judged from the report's first rows (``sample``). ``command_line`` adds how to map it
    there (``--column``); the wizard has a list of choices for it instead."""
    header = list(report.get("header") or [])
    sample = [cells for _line, cells in report.get("sample") or []]
    decimal = report.get("decimal") or ","
    roles = {
        spec.get("area_column"): _("Spalte mit dem Gebiet"),
        spec.get("year_column"): _("Spalte mit dem Jahr"),
        spec.get("value_column"): _("Spalte mit den Werten"),
    }
    for name in spec.get("indicator_columns") or []:
        roles[name] = _("nennt den Indikator")
    if spec.get("level_column"):
        roles[spec["level_column"]] = _("Spalte mit der Gebietsebene")
    mapped = dict(spec.get("columns") or {}) if spec.get("layout") == "wide" else {}
    if spec.get("layout") == "years":
        mapped = dict(spec.get("year_columns") or {})
    notes = []
    for position, name in enumerate(header):
        if name in mapped:
            continue
        if name in roles and name:
            notes.append((name, roles[name]))
            continue
        if spec.get("layout") == "long":
            notes.append((name, _("wird im langen Format nicht gelesen")))
            continue
        values = [
            cells[position]
            for cells in sample
            if position < len(cells) and str(cells[position]).strip()
        ]
        if not values:
            notes.append((name, _("leer in den ersten Zeilen")))
            continue
        numbers = 0
        for value in values:
            try:
                parse_value(value, decimal)
            except ValueProblem:
                continue
            numbers += 1
        if numbers == 0:
            notes.append((name, _("enthält Text, keine Zahlen (z. B. „%(v)s“)") % {"v": values[0]}))
        elif command_line:
            notes.append(
                (
                    name,
                    _(
                        "enthält Zahlen, ist aber keinem Indikator zugeordnet (z. B. „%(v)s“; "
                        "zuordnen mit --column „%(name)s=schluessel“)"
                    )
                    % {"v": values[0], "name": name},
                )
            )
        else:
            notes.append(
                (
                    name,
                    _("enthält Zahlen, ist aber keinem Indikator zugeordnet (z. B. „%(v)s“)")
                    % {"v": values[0]},
                )
            )
    return notes
