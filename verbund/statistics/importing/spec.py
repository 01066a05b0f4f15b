"""What the user chose for one import (a saved mapping holds the same): the layout, the
columns, the year and the choices for dashes, total rows and split areas."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .numbers import DASH_CHOICES, MISSING
from .totals import DUPLICATE_CHOICES

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
    # Matching choices (see importing/totals.py and the README).
    level_column: str = ""  # a column that names the level of each row …
    level_value: str = ""  # … and the value of the rows to import (others are totals)
    total_rows: list[str] = field(default_factory=list)  # area cells marked as total rows
    duplicates: str = "error"  # several rows for one area: "error", "sum" or "first"
    # layout "years": one column per year, all of one indicator
    year_columns: dict[str, int] = field(default_factory=dict)  # header → year
    indicator: str = ""
    header_rows: int = 0  # rows of the column headings (merged cells): 0 = detect, 1–3

    @classmethod
    def from_dict(cls, data: dict | None) -> ImportSpec:
        data = dict(data or {})
        year = data.get("year")
        try:
            year = int(year) if year not in (None, "") else None
        except (TypeError, ValueError):
            year = None
        return cls(
            layout=data.get("layout") if data.get("layout") in {"long", "years"} else "wide",
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
            level_column=str(data.get("level_column") or ""),
            level_value=str(data.get("level_value") or ""),
            total_rows=[str(m) for m in list(data.get("total_rows") or []) if str(m).strip()],
            duplicates=(
                data.get("duplicates") if data.get("duplicates") in DUPLICATE_CHOICES else "error"
            ),
            year_columns=_year_columns(data.get("year_columns")),
            indicator=str(data.get("indicator") or ""),
            header_rows=_header_rows(data.get("header_rows")),
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
            "level_column": self.level_column,
            "level_value": self.level_value,
            "total_rows": list(self.total_rows),
            "duplicates": self.duplicates,
            "year_columns": dict(self.year_columns),
            "indicator": self.indicator,
            "header_rows": self.header_rows,
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
        if self.layout == "years":
            return problems + self._year_problems(columns, indicator_keys)
        if self.level_column and self.level_column not in columns:
            problems.append(
                _("Die Ebenen-Spalte „%(name)s“ gibt es in der Datei nicht.")
                % {"name": self.level_column}
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

    def _year_problems(self, columns: set[str], indicator_keys: set[str]) -> list[str]:
        problems = []
        if not self.year_columns:
            problems.append(_("Bitte wählen Sie die Spalten mit den Jahren."))
        missing = [name for name in self.year_columns if name not in columns]
        if missing:
            problems.append(
                _("Diese Jahresspalten fehlen in der Datei: %(names)s")
                % {"names": ", ".join(f"„{name}“" for name in missing)}
            )
        if not self.indicator:
            problems.append(_("Bitte wählen Sie den Indikator der Zeitreihe."))
        elif self.indicator not in indicator_keys:
            problems.append(
                _("Diese Indikatoren gibt es im Katalog nicht: %(keys)s") % {"keys": self.indicator}
            )
        return problems


def _year_columns(data) -> dict[str, int]:
    result = {}
    for name, year in dict(data or {}).items():
        try:
            year = int(year)
        except (TypeError, ValueError):
            continue
        if YEAR_MIN <= year <= YEAR_MAX:
            result[str(name)] = year
    return result


def _header_rows(value) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        return 0
    return number if 0 <= number <= 3 else 0
