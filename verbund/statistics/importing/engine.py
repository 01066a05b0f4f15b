"""The import engine: one pass over a table, checking every row, optionally writing.

``analyse`` (preview) and ``commit`` share :func:`process`, so what the preview promises is
what the commit writes. The table is streamed; only counters, capped lists for the report and
one integer per written value (to find duplicates) are kept in memory.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .integrity import Integrity, separator_hint
from .matching import (
    REASON_EMPTY,
    REASON_TOTAL,
    REASON_UNKNOWN,
    REASONS,
    AreaMatcher,
    AreaRef,
)
from .numbers import (
    DASH_CHOICES,
    DASH_RESULTS,
    MISSING,
    OK,
    SUPPRESSED,
    DecimalDetector,
    ValueProblem,
    parse_value,
)
from .reader import Table, column_letter

MAX_ERRORS = 200
MAX_UNMATCHED = 1000
MAX_LABELS = 1000
SAMPLE_ROWS = 8
DETECT_ROWS = 2000
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass
class ImportSpec:
    """What the wizard asks for, as plain data (stored on ImportRun and ImportMapping)."""

    layout: str = "wide"
    area_column: str = ""
    area_match: str = "key"
    area_level: str = ""
    year: int | None = None
    year_column: str = ""
    decimal: str = ""  # "" = detect from the values
    columns: dict[str, str] = field(default_factory=dict)  # wide: header → indicator key
    indicator_columns: list[str] = field(default_factory=list)  # long
    value_column: str = ""  # long
    labels: dict[str, str] = field(default_factory=dict)  # long: label → indicator key
    dash: str = MISSING  # what "-" means: missing, zero or suppressed (numbers.DASH_CHOICES)

    @classmethod
    def from_dict(cls, data: dict | None) -> ImportSpec:
        data = dict(data or {})
        year = data.get("year")
        try:
            year = int(year) if year not in (None, "") else None
        except (TypeError, ValueError):
            year = None
        return cls(
            layout="long" if data.get("layout") == "long" else "wide",
            area_column=str(data.get("area_column") or ""),
            area_match="name" if data.get("area_match") == "name" else "key",
            area_level=str(data.get("area_level") or ""),
            year=year,
            year_column=str(data.get("year_column") or ""),
            decimal=data.get("decimal") if data.get("decimal") in {",", "."} else "",
            columns={str(k): str(v) for k, v in dict(data.get("columns") or {}).items() if v},
            indicator_columns=[str(c) for c in list(data.get("indicator_columns") or [])],
            value_column=str(data.get("value_column") or ""),
            labels={str(k): str(v) for k, v in dict(data.get("labels") or {}).items() if v},
            dash=data.get("dash") if data.get("dash") in DASH_CHOICES else MISSING,
        )

    def to_dict(self) -> dict:
        return {
            "layout": self.layout,
            "area_column": self.area_column,
            "area_match": self.area_match,
            "area_level": self.area_level,
            "year": self.year,
            "year_column": self.year_column,
            "decimal": self.decimal,
            "columns": dict(self.columns),
            "indicator_columns": list(self.indicator_columns),
            "value_column": self.value_column,
            "labels": dict(self.labels),
            "dash": self.dash,
        }

    def problems(self, header: list[str], indicator_keys: set[str]) -> list[str]:
        """German messages for a spec that cannot work with this file."""
        problems = []
        columns = set(header)
        if not self.area_column:
            problems.append(_("Bitte wählen Sie die Spalte mit dem Gebiet."))
        elif self.area_column not in columns:
            problems.append(
                _("Die Gebietsspalte „%(name)s“ gibt es in der Datei nicht.")
                % {"name": self.area_column}
            )
        if self.year_column:
            if self.year_column not in columns:
                problems.append(
                    _("Die Jahresspalte „%(name)s“ gibt es in der Datei nicht.")
                    % {"name": self.year_column}
                )
        elif self.year is None:
            problems.append(_("Bitte geben Sie das Jahr an oder wählen Sie eine Jahresspalte."))
        elif not YEAR_MIN <= self.year <= YEAR_MAX:
            problems.append(
                _("Das Jahr muss zwischen %(min)s und %(max)s liegen.")
                % {"min": YEAR_MIN, "max": YEAR_MAX}
            )
        if self.layout == "wide":
            missing = [name for name in self.columns if name not in columns]
            if missing:
                problems.append(
                    _("Diese zugeordneten Spalten fehlen in der Datei: %(names)s")
                    % {"names": ", ".join(f"„{name}“" for name in missing)}
                )
            if not self.columns:
                problems.append(_("Bitte ordnen Sie mindestens eine Spalte einem Indikator zu."))
            unknown = sorted(set(self.columns.values()) - indicator_keys)
        else:
            if not self.indicator_columns:
                problems.append(_("Bitte wählen Sie die Spalte(n), die den Indikator nennen."))
            for name in [*self.indicator_columns, self.value_column]:
                if name and name not in columns:
                    problems.append(
                        _("Die Spalte „%(name)s“ gibt es in der Datei nicht.") % {"name": name}
                    )
            if not self.value_column:
                problems.append(_("Bitte wählen Sie die Spalte mit den Werten."))
            unknown = sorted(set(self.labels.values()) - indicator_keys)
        if unknown:
            problems.append(
                _("Diese Indikatoren gibt es im Katalog nicht: %(keys)s")
                % {"keys": ", ".join(unknown)}
            )
        return problems


@dataclass
class Context:
    """What the engine needs from the database, loaded once."""

    areas: list[AreaRef]
    indicators: dict[str, int]  # key → pk
    indicator_names: dict[str, str] = field(default_factory=dict)
    municipality_name: str = ""


Sink = Callable[[int, int, int, float | None, str], None]


def _parse_year(raw: object) -> int | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if float(raw).is_integer() and YEAR_MIN <= int(raw) <= YEAR_MAX:
            return int(raw)
        return None
    text = str(raw).strip()
    match = (
        re.fullmatch(r"(\d{4})(?:\.0+)?", text)
        or re.fullmatch(r"\d{1,2}\.\d{1,2}\.(\d{4})", text)
        or re.match(r"(\d{4})-\d{2}-\d{2}", text)
    )
    if match:
        year = int(match.group(1))
        if YEAR_MIN <= year <= YEAR_MAX:
            return year
    return None


def new_report(table: Table) -> dict:
    return {
        "format": table.file_format,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "sheet": table.sheet,
        "sheets": table.sheets,
        "header": table.header,
        "header_line": table.header_line,
        "warnings": list(table.warnings),
        "file_error": "",
        "spec_errors": [],
        "decimal": "",
        "rows": 0,
        "rows_joined": 0,
        "rows_unmatched": 0,
        "unmatched": [],
        "areas_without_data": [],
        "areas_without_data_count": 0,
        "errors": [],
        "error_count": 0,
        "values": {OK: 0, MISSING: 0, SUPPRESSED: 0},
        "empty_cells": 0,
        "dashes": 0,  # cells with a dash, read as the spec's ``dash`` says
        "dash_example": None,
        "confirm": [],  # warnings the user must confirm before the commit (integrity.py)
        "accepted": [],  # … and those confirmed
        "years": [],
        "indicators": {},
        "labels": {},
        "labels_truncated": False,
        "unmapped_columns": [],
        "sample": [],
    }


def report_ok(report: dict) -> bool:
    values = report.get("values") or {}
    return (
        not report.get("file_error")
        and not report.get("spec_errors")
        and report.get("error_count", 0) == 0
        and not report.get("confirm")
        and sum(values.values()) > 0
    )


def process(
    table: Table,
    spec: ImportSpec,
    context: Context,
    *,
    sink: Sink | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
) -> dict:
    """Check (and with ``sink`` write) every row. Returns the report; raises FileProblem
    if the file breaks mid-way (the caller turns it into the report's ``file_error``)."""
    report = new_report(table)
    header = table.header
    index = {name: position for position, name in enumerate(header)}
    report["spec_errors"] = spec.problems(header, set(context.indicators))
    if spec.layout == "wide":
        report["unmapped_columns"] = [
            name
            for name in header
            if name not in spec.columns and name not in {spec.area_column, spec.year_column}
        ]

    # Buffer the first rows to decide the decimal separator from the values themselves.
    head = list(itertools.islice(table.rows, DETECT_ROWS))
    rows = itertools.chain(head, table.rows)
    if spec.decimal:
        decimal = spec.decimal
    else:
        detector = DecimalDetector()
        if spec.layout == "wide" and spec.columns:
            value_positions = [index[name] for name in spec.columns if name in index]
        elif spec.layout == "long" and spec.value_column in index:
            value_positions = [index[spec.value_column]]
        else:
            value_positions = list(range(len(header)))
        for _line, cells in head:
            for position in value_positions:
                if position < len(cells):
                    detector.feed(cells[position])
        default = "." if table.delimiter == "," or table.file_format == "xlsx" else ","
        decimal = detector.result(default=default)
    report["decimal"] = decimal

    if report["spec_errors"]:
        # Still show the first rows and collect labels, so the wizard can offer choices.
        for line, cells in head:
            if any(str(cell).strip() for cell in cells):
                report["rows"] += 1
                if len(report["sample"]) < SAMPLE_ROWS:
                    report["sample"].append([line, [str(c)[:60] for c in cells[: len(header)]]])
                if spec.layout == "long" and spec.indicator_columns:
                    _count_label(report, cells, spec, index)
        report["rows_sampled_only"] = True
        return report

    areas = context.areas
    if spec.area_level:
        areas = [area for area in areas if area.level == spec.area_level]
    matcher = AreaMatcher(areas, by=spec.area_match, municipality_name=context.municipality_name)
    area_position = index[spec.area_column]
    year_position = index.get(spec.year_column) if spec.year_column else None
    if spec.layout == "wide":
        targets = [
            (index[name], name, context.indicators[key], key) for name, key in spec.columns.items()
        ]
    else:
        label_positions = [index[name] for name in spec.indicator_columns]
        value_position = index[spec.value_column]
    seen_values: set[int] = set()
    joined_areas: set[int] = set()
    years: set[int] = set()
    indicator_counts: dict[str, int] = {}
    values = report["values"]
    errors = report["errors"]
    width = len(header)

    def error(line: int, position: int | None, message: str) -> None:
        report["error_count"] += 1
        if len(errors) < MAX_ERRORS:
            column = (
                f"{column_letter(position)} („{header[position]}“)"
                if position is not None and position < width
                else ""
            )
            errors.append({"line": line, "column": column, "message": message})

    dash = spec.dash
    dash_result = DASH_RESULTS[dash]

    def emit(line, position, indicator_pk, key, area, year, raw) -> None:
        try:
            parsed = parse_value(raw, decimal, dash)
        except ValueProblem as problem:
            error(line, position, str(problem))
            return
        if parsed is None:
            report["empty_cells"] += 1
            return
        if parsed is dash_result:
            report["dashes"] += 1
            if report["dash_example"] is None:
                report["dash_example"] = {"line": line, "column": header[position]}
        fingerprint = (indicator_pk << 44) | (area.pk << 12) | (year - YEAR_MIN)
        if fingerprint in seen_values:
            error(
                line,
                position,
                _(
                    "Für %(area)s, %(indicator)s und %(year)s steht schon weiter oben ein Wert "
                    "in der Datei."
                )
                % {
                    "area": area.name,
                    "indicator": context.indicator_names.get(key, key),
                    "year": year,
                },
            )
            return
        seen_values.add(fingerprint)
        values[parsed.status] += 1
        indicator_counts[key] = indicator_counts.get(key, 0) + 1
        if sink is not None:
            sink(indicator_pk, area.pk, year, parsed.value, parsed.status)

    used = {area_position}
    if year_position is not None:
        used.add(year_position)
    if spec.layout == "wide":
        used.update(position for position, *_rest in targets)
    else:
        used.update([*label_positions, value_position])
    integrity = Integrity(table, report, used, decimal, error, area=area_position)

    done = 0
    for line, cells in rows:
        done += 1
        if progress is not None and done % progress_every == 0:
            progress(done)
        if not any(cell != "" and (not isinstance(cell, str) or cell.strip()) for cell in cells):
            continue
        report["rows"] += 1
        if len(report["sample"]) < SAMPLE_ROWS:
            report["sample"].append([line, [str(c)[:60] for c in cells[:width]]])
        if len(cells) > width and any(str(c).strip() for c in cells[width:]):
            error(
                line,
                None,
                _("Die Zeile hat %(n)s Felder, die Überschrift nur %(w)s.")
                % {"n": len(cells), "w": width}
                + separator_hint(table, cells),
            )
            continue
        if not integrity.row(line, cells):
            continue
        raw_area = cells[area_position] if area_position < len(cells) else ""
        area, reason = matcher.match(raw_area)
        if area is None:
            if reason in (REASON_UNKNOWN, REASON_EMPTY):
                reason = REASON_TOTAL if matcher.explain_row(cells) == REASON_TOTAL else reason
            report["rows_unmatched"] += 1
            if len(report["unmatched"]) < MAX_UNMATCHED:
                report["unmatched"].append(
                    {
                        "line": line,
                        "value": str(raw_area)[:100],
                        "reason": reason,
                        "text": _row_text(cells, area_position),
                    }
                )
            continue
        if year_position is not None:
            raw_year = cells[year_position] if year_position < len(cells) else ""
            year = _parse_year(raw_year)
            if year is None:
                error(
                    line,
                    year_position,
                    _("„%(raw)s“ ist kein Jahr zwischen %(min)s und %(max)s.")
                    % {"raw": str(raw_year)[:20], "min": YEAR_MIN, "max": YEAR_MAX},
                )
                continue
        else:
            year = spec.year
        report["rows_joined"] += 1
        integrity.joined = line
        joined_areas.add(area.pk)
        years.add(year)
        if spec.layout == "wide":
            for position, _name, indicator_pk, key in targets:
                raw = cells[position] if position < len(cells) else ""
                emit(line, position, indicator_pk, key, area, year, raw)
        else:
            label = _count_label(report, cells, spec, index, positions=label_positions)
            key = spec.labels.get(label)
            if key is None:
                continue
            raw = cells[value_position] if value_position < len(cells) else ""
            emit(line, value_position, context.indicators[key], key, area, year, raw)
    if progress is not None:
        progress(done)
    integrity.finish()

    report["years"] = sorted(years)
    report["indicators"] = indicator_counts
    candidates = areas
    if not spec.area_level and joined_areas:
        levels = {area.level for area in areas if area.pk in joined_areas}
        candidates = [area for area in areas if area.level in levels]
    without = [area for area in candidates if area.pk not in joined_areas]
    report["areas_without_data_count"] = len(without)
    report["areas_without_data"] = [
        {"code": area.code, "name": area.name} for area in without[:MAX_UNMATCHED]
    ]
    return report


def _row_text(cells: list, skip: int) -> str:
    """The first words of a row besides its area cell, so a reader recognises the row."""
    for position, cell in enumerate(cells):
        if position != skip and isinstance(cell, str):
            text = " ".join(cell.split())
            if text and not text.replace(".", "").replace(",", "").replace("-", "").isdigit():
                return text[:100]
    return ""


def _count_label(report, cells, spec, index, positions=None) -> str:
    positions = positions or [index[name] for name in spec.indicator_columns if name in index]
    label = " / ".join(" ".join(str(cells[p]).split()) if p < len(cells) else "" for p in positions)
    labels = report["labels"]
    if label in labels:
        labels[label] += 1
    elif len(labels) < MAX_LABELS:
        labels[label] = 1
    else:
        report["labels_truncated"] = True
    return label


def reason_label(reason: str) -> str:
    return str(REASONS.get(reason, reason))
