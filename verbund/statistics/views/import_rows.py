"""The preview's choices for single rows: an area for a row that did not join (saved as an
alias of that area), or "this is a total row" (kept in the import's mapping)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from verbund.areas.models import Area

from .. import services
from ..importing.matching import TOTAL_REASONS, normalise_name

TOTAL = "__total__"
MAX_CHOICES = 30


def choosable_rows(report: dict) -> list[dict]:
    """The unmatched rows that a choice can fix (not the ones skipped as totals already)."""
    return [item for item in report.get("unmatched", []) if item["reason"] not in TOTAL_REASONS][
        :MAX_CHOICES
    ]


def area_choices(municipality, level: str) -> list[tuple[int, str]]:
    areas = Area.objects.filter(municipality=municipality)
    if level:
        areas = areas.filter(level=level)
    return [(pk, f"{name} ({code})") for pk, name, code in areas.values_list("pk", "name", "code")]


def duplicate_marks(report: dict) -> list[tuple[str, str, dict]]:
    """(form name, mark, row) for every row of the duplicate groups."""
    result = []
    for group in report.get("duplicates", []):
        counts: dict[str, int] = {}
        for row in group["rows"]:
            counts[normalise_name(row["value"])] = counts.get(normalise_name(row["value"]), 0) + 1
        seen: dict[str, int] = {}
        for row in group["rows"]:
            name = normalise_name(row["value"])
            seen[name] = seen.get(name, 0) + 1
            mark = row["value"] if counts[name] == 1 else f"{row['value']}@{seen[name]}"
            result.append((f"total_{row['line']}", mark, row))
    return result


def save_row_choices(request, run, municipality) -> tuple[dict, int]:
    """Apply the posted choices: returns the new spec and how many aliases were saved."""
    report = run.report or {}
    spec = dict(run.spec or {})
    marks = list(spec.get("total_rows") or [])
    valid = {pk for pk, _label in area_choices(municipality, report.get("level", ""))}
    saved = 0
    for item in choosable_rows(report):
        choice = request.POST.get(f"row_{item['line']}", "")
        if choice == TOTAL:
            if item["value"] not in marks:
                marks.append(item["value"])
        elif choice.isdigit() and int(choice) in valid:
            area = Area.objects.get(municipality=municipality, pk=int(choice))
            try:
                services.alias_create(
                    actor=request.user, municipality=municipality, area=area, text=item["value"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                saved += 1
    for name, mark, _row in duplicate_marks(report):
        if request.POST.get(name) and mark not in marks:
            marks.append(mark)
    spec["total_rows"] = marks
    return spec, saved
