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

from .guess import profile_columns
from .integrity import Integrity, separator_hint
from .matching import (
    DUAL,
    REASON_EMPTY,
    REASON_TOTAL,
    REASON_TOTAL_COLUMN,
    REASON_TOTAL_LEVEL,
    REASON_TOTAL_MARKED,
    REASON_UNKNOWN,
    REASONS,
    TOTAL_REASONS,
    AreaMatcher,
    AreaRef,
    normalise_name,
)
from .numbers import (
    DASH_RESULTS,
    MISSING,
    OK,
    SUPPRESSED,
    DecimalDetector,
    ValueProblem,
    parse_value,
)
from .reader import Table, column_letter
from .rows import (
    _combine,
    _duplicate_why,
    _first_numbers,
    _note_duplicate,
    _row_label,
    _row_numbers,
    _row_text,
)
from .spec import YEAR_MAX, YEAR_MIN, ImportSpec
from .totals import TotalMarks, main_level, resolve_dual

MAX_ERRORS = 200
MAX_UNMATCHED = 1000
MAX_LABELS = 1000
SAMPLE_ROWS = 8
DETECT_ROWS = 2000


@dataclass
class Context:
    """What the engine needs from the database, loaded once."""

    areas: list[AreaRef]
    indicators: dict[str, int]  # key → pk
    indicator_names: dict[str, str] = field(default_factory=dict)
    municipality_name: str = ""
    indicator_kinds: dict[str, str] = field(default_factory=dict)  # key → kind
    aliases: dict[str, int] = field(default_factory=dict)  # normalised text → area pk


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
        "header_first_line": getattr(table, "header_first_line", table.header_line),
        "header_rows": getattr(table, "header_rows", 1),
        "titles": list(getattr(table, "titles", [])),
        "warnings": list(table.warnings),
        "file_error": "",
        "spec_errors": [],
        "decimal": "",
        "rows": 0,
        "rows_joined": 0,
        "rows_unmatched": 0,
        "rows_total": 0,
        "rows_duplicate_skipped": 0,
        "values_not_summed": 0,
        "duplicates": [],
        "empty_year_columns": [],
        "level": "",
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
        elif spec.layout == "years" and spec.year_columns:
            value_positions = [index[name] for name in spec.year_columns if name in index]
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
        report["profile"] = profile_columns(head, header, context.areas, context.municipality_name)
        return report

    area_position = index[spec.area_column]
    areas = context.areas
    level = spec.area_level or main_level(
        head, area_position, areas, spec.area_match, context.municipality_name
    )
    if level:
        others = [area for area in areas if area.level != level]
        areas = [area for area in areas if area.level == level]
    else:
        others = []
    report["level"] = level
    matcher = AreaMatcher(
        areas,
        by=spec.area_match,
        municipality_name=context.municipality_name,
        others=others,
        aliases=context.aliases,
    )
    year_position = index.get(spec.year_column) if spec.year_column else None
    level_position = index.get(spec.level_column) if spec.level_column else None
    level_value = normalise_name(spec.level_value)
    marks = TotalMarks(spec.total_rows)
    if spec.layout == "wide":
        targets = [
            (index[name], name, context.indicators[key], key, None)
            for name, key in spec.columns.items()
        ]
    elif spec.layout == "years":
        key = spec.indicator
        targets = [
            (index[name], name, context.indicators[key], key, year)
            for name, year in sorted(spec.year_columns.items(), key=lambda item: item[1])
        ]
    else:
        targets = []
        label_positions = [index[name] for name in spec.indicator_columns]
        value_position = index[spec.value_column]
    filled_targets: set[int] = set()
    track_filled = spec.layout == "years"
    by_row = spec.layout != "long"
    summing = spec.duplicates == "sum"
    not_summable = {key for key, kind in context.indicator_kinds.items() if kind != "count"}
    pending: dict[int, list] = {}  # sum mode: fingerprint → [indicator, area, year, value, status]
    seen_values: set[int] = set()
    # (area, year) → the first row's line, label and first numbers
    first_rows: dict[tuple[int, int], tuple[int, str, list]] = {}
    duplicates = report["duplicates"]
    joined_areas: set[int] = set()
    years: set[int] = set()
    indicator_counts: dict[str, int] = {}
    values = report["values"]
    errors = report["errors"]
    width = len(header)
    number_skip = {area_position} | {p for p in (year_position, level_position) if p is not None}

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

    def skip_row(line: int, raw_area: object, reason: str, cells: list) -> None:
        report["rows_unmatched"] += 1
        if reason in TOTAL_REASONS:
            report["rows_total"] += 1
        if len(report["unmatched"]) < MAX_UNMATCHED:
            report["unmatched"].append(
                {
                    "line": line,
                    "value": str(raw_area)[:100],
                    "reason": reason,
                    "text": _row_text(cells, area_position),
                    "numbers": _row_numbers(cells, header, number_skip),
                }
            )

    def emit(line, position, indicator_pk, key, area, year, raw, combine=False) -> None:
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
        if track_filled:
            filled_targets.add(position)
        fingerprint = (indicator_pk << 44) | (area.pk << 12) | (year - YEAR_MIN)
        if summing:
            entry = pending.get(fingerprint)
            if entry is not None:
                if not combine:
                    return
                if key in not_summable:
                    # A share of two parts is not the sum of their shares: left out.
                    values[entry[4]] -= 1
                    indicator_counts[key] -= 1
                    del pending[fingerprint]
                    seen_values.add(fingerprint)
                    report["values_not_summed"] += 1
                    return
                entry[3], entry[4] = _combine(entry[3], entry[4], parsed.value, parsed.status)
                return
            if fingerprint in seen_values:  # left out above: stays out
                return
            pending[fingerprint] = [indicator_pk, area.pk, year, parsed.value, parsed.status]
        elif fingerprint in seen_values:
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
        if sink is not None and not summing:
            sink(indicator_pk, area.pk, year, parsed.value, parsed.status)

    used = {area_position}
    if year_position is not None:
        used.add(year_position)
    if spec.layout != "long":
        used.update(position for position, *_rest in targets)
    else:
        used.update([*label_positions, value_position])
    integrity = Integrity(table, report, used, decimal, error, area=area_position)

    def row_year(line: int, cells: list) -> int | None:
        if spec.layout == "years":
            return 0  # each column has its year
        if year_position is None:
            return spec.year
        raw_year = cells[year_position] if year_position < len(cells) else ""
        year = _parse_year(raw_year)
        if year is None:
            error(
                line,
                year_position,
                _("„%(raw)s“ ist kein Jahr zwischen %(min)s und %(max)s.")
                % {"raw": str(raw_year)[:20], "min": YEAR_MIN, "max": YEAR_MAX},
            )
        return year

    def take_row(line: int, cells: list, area: AreaRef) -> None:
        year = row_year(line, cells)
        if year is None:
            return
        combine = False
        if by_row:
            raw_area = _row_label(cells, area_position)
            first = first_rows.get((area.pk, year))
            if first is not None:
                _note_duplicate(
                    duplicates, area, first, (line, str(raw_area), cells), matcher, number_skip
                )
                if spec.duplicates == "error":
                    why = _duplicate_why(first[1], str(raw_area), matcher)
                    report["error_count"] += 1
                    if len(errors) < MAX_ERRORS:
                        errors.append(
                            {
                                "line": line,
                                "column": "",
                                "message": _(
                                    "%(area)s steht schon in Zeile %(first)s. %(why)s Wählen "
                                    "Sie unter „Mehrere Zeilen für ein Gebiet“, was gelten "
                                    "soll."
                                )
                                % {"area": area.name, "first": first[0], "why": why},
                                "duplicate": True,
                            }
                        )
                    return
                if spec.duplicates == "first":
                    report["rows_duplicate_skipped"] += 1
                    return
                combine = True
            else:
                first_rows[(area.pk, year)] = (
                    line,
                    str(raw_area),
                    _first_numbers(cells, number_skip),
                )
        report["rows_joined"] += 1
        integrity.joined = line
        joined_areas.add(area.pk)
        years.add(year)
        if spec.layout != "long":
            for position, _name, indicator_pk, key, column_year in targets:
                raw = cells[position] if position < len(cells) else ""
                emit(line, position, indicator_pk, key, area, column_year or year, raw, combine)
        else:
            label = _count_label(report, cells, spec, index, positions=label_positions)
            key = spec.labels.get(label)
            if key is None:
                return
            raw = cells[value_position] if value_position < len(cells) else ""
            emit(line, value_position, context.indicators[key], key, area, year, raw)

    dual: dict[tuple, list] = {}
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
        if marks and marks.marked(raw_area):
            skip_row(line, raw_area, REASON_TOTAL_MARKED, cells)
            continue
        if level_position is not None:
            raw_level = cells[level_position] if level_position < len(cells) else ""
            if normalise_name(raw_level) != level_value:
                skip_row(line, raw_area, REASON_TOTAL_COLUMN, cells)
                continue
        area, reason = matcher.match(raw_area)
        if area is None:
            if reason in (REASON_UNKNOWN, REASON_EMPTY):
                reason = REASON_TOTAL if matcher.explain_row(cells) == REASON_TOTAL else reason
            skip_row(line, raw_area, reason, cells)
            continue
        if reason == DUAL and by_row:
            year_cell = cells[year_position] if year_position is not None else ""
            dual.setdefault((area.pk, str(year_cell)), []).append((line, cells[:width], area))
            continue
        take_row(line, cells, area)
    if dual:
        keep, totals = resolve_dual(dual, number_skip)
        for line, cells, _area in totals:
            skip_row(line, cells[area_position], REASON_TOTAL_LEVEL, cells)
        for line, cells, area in keep:
            if any(key[0] == area.pk for key in first_rows):
                skip_row(line, cells[area_position], REASON_TOTAL_LEVEL, cells)
            else:
                take_row(line, cells, area)
        report["unmatched"].sort(key=lambda item: item["line"])
    if summing:
        for indicator_pk, area_pk, year, value, status in pending.values():
            if sink is not None:
                sink(indicator_pk, area_pk, year, value, status)
    if progress is not None:
        progress(done)
    integrity.finish()

    if spec.layout == "years":
        report["empty_year_columns"] = [
            name for position, name, _pk, _key, _year in targets if position not in filled_targets
        ]
    report["years"] = sorted(years)
    if spec.layout == "years":
        report["years"] = sorted(
            {year for position, _n, _pk, _key, year in targets if position in filled_targets}
        )
    report["indicators"] = indicator_counts
    without = [area for area in areas if area.pk not in joined_areas]
    report["areas_without_data_count"] = len(without)
    report["areas_without_data"] = [
        {"code": area.code, "name": area.name} for area in without[:MAX_UNMATCHED]
    ]
    return report


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
