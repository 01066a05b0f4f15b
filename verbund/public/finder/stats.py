"""Reads for the planners' page "Wonach Familien suchen": the anonymous counts of a period,
the most frequent combinations and the count per value of each filter (a fixed number of
queries: one for the combinations, one per filter, one for the labels)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from verbund.offers.choices import LANGUAGE_LABELS
from verbund.taxonomy.models import Term

from .forms import TIME_CHOICES, WEEKDAY_CHOICES
from .models import NEAR_KINDS, SearchCount

TOP_COMBINATIONS = 20
DIMENSIONS = [
    ("life_phase", _("Lebensphase (aus dem Alter)")),
    ("topic", _("Thema")),
    ("language", _("Sprache")),
    ("free_only", _("nur kostenlose")),
    ("weekday", _("Wochentag")),
    ("time_of_day", _("Tageszeit")),
    ("near_kind", _("in der Nähe nach")),
    ("step_free", _("stufenlos")),
]
COLUMNS = [name for name, _label in DIMENSIONS]


@dataclass
class Figure:
    label: str
    count: int


@dataclass
class Combination:
    parts: list[tuple[str, str]]  # (filter, value) of every filter that was set
    count: int


def counts_in(*, municipality, first: date, last: date):
    return SearchCount.objects.filter(municipality=municipality, day__gte=first, day__lte=last)


class Labels:
    """Readable values: term keys to their labels (one query), the rest from fixed lists."""

    def __init__(self, municipality):
        self.terms = {
            (vocabulary, key): label
            for vocabulary, key, label in Term.objects.filter(
                municipality=municipality, vocabulary__in=("life_phase", "topic")
            ).values_list("vocabulary", "key", "label")
        }
        self.fixed = {
            "language": {k: str(v) for k, v in LANGUAGE_LABELS.items()},
            "weekday": {k: str(v) for k, v in WEEKDAY_CHOICES if k},
            "time_of_day": {k: str(v) for k, v in TIME_CHOICES if k},
            "near_kind": {k: str(v) for k, v in NEAR_KINDS},
        }

    def value(self, column: str, value) -> str:
        if column in ("free_only", "step_free"):
            return str(_("ja")) if value else str(_("nein"))
        if column == "life_phase":
            return self.terms.get(("life_phase", value), value)
        if column == "topic":
            return self.terms.get(("topic", value), value)
        return self.fixed.get(column, {}).get(value, value)


def is_set(column: str, value) -> bool:
    return bool(value)


def top_combinations(queryset, labels: Labels, limit: int = TOP_COMBINATIONS):
    names = dict(DIMENSIONS)
    rows = (
        queryset.order_by()
        .values(*COLUMNS)
        .annotate(total=Sum("count"))
        .order_by("-total", *COLUMNS)[:limit]
    )
    found = []
    for row in rows:
        parts = [
            (str(names[column]), labels.value(column, row[column]))
            for column in COLUMNS
            if is_set(column, row[column])
        ]
        found.append(Combination(parts=parts, count=row["total"]))
    return found


def per_value(queryset, labels: Labels) -> list[tuple[str, list[Figure]]]:
    """For each filter: how often each value was chosen (searches without it left out)."""
    sections = []
    for column, label in DIMENSIONS:
        unset = Q(**{column: False}) if column in ("free_only", "step_free") else Q(**{column: ""})
        rows = (
            queryset.exclude(unset)
            .order_by()
            .values(column)
            .annotate(total=Sum("count"))
            .order_by("-total", column)
        )
        figures = [Figure(labels.value(column, row[column]), row["total"]) for row in rows]
        sections.append((str(label), figures))
    return sections


def total(queryset) -> int:
    return queryset.aggregate(total=Sum("count"))["total"] or 0


def export_rows(queryset, labels: Labels):
    rows = (
        queryset.order_by()
        .values(*COLUMNS)
        .annotate(total=Sum("count"))
        .order_by("-total", *COLUMNS)
    )
    for row in rows.iterator():
        yield [labels.value(c, row[c]) if is_set(c, row[c]) else "" for c in COLUMNS] + [
            row["total"]
        ]
