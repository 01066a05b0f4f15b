"""What a commit would change: the file's values compared with the stored ones.

The check passes a :class:`DiffCollector` to the engine as its sink; it sees every value the
commit would write and sorts it into *new* (nothing stored), *changed* (another number, or
a number where a marker was), *becoming empty* (a stored number would become "fehlt" or
"geheim" – the trap of a re-imported file with "-" where 0 was stored) and *unchanged*.
Counts are exact; a few examples per kind name area, indicator, year, old → new. Stored
values are loaded per indicator as the file mentions it, one query each.

``digest`` sums a hash of every stored value the file touches (order-independent; numbers
hash alike in every process): the commit computes it again and refuses if the stored values
changed since the preview (``services/imports.py``), showing the new difference.
"""

from __future__ import annotations

from ..importing.numbers import OK
from ..models import IndicatorValue

EXAMPLES = 8
KINDS = ("new", "changed", "emptied")
_STATUS = {"ok": 1, "missing": 2, "suppressed": 3}
_MASK = (1 << 61) - 1


class DiffCollector:
    def __init__(self, municipality) -> None:
        self.municipality = municipality
        self.stored: dict[int, dict[tuple[int, int], tuple[float | None, str]]] = {}
        self.counts = {"new": 0, "changed": 0, "emptied": 0, "unchanged": 0}
        self.examples: dict[str, list[tuple]] = {kind: [] for kind in KINDS}
        self.digest = 0

    def _load(self, indicator_id: int) -> dict:
        values = {
            (area_id, year): (value, status)
            for area_id, year, value, status in IndicatorValue.objects.filter(
                municipality=self.municipality, indicator_id=indicator_id
            ).values_list("area_id", "year", "value", "status")
        }
        self.stored[indicator_id] = values
        return values

    def __call__(self, indicator_id, area_id, year, value, status) -> None:
        stored = self.stored.get(indicator_id)
        if stored is None:
            stored = self._load(indicator_id)
        old = stored.get((area_id, year))
        if old is not None:
            self.digest = (
                self.digest + hash((indicator_id, area_id, year, old[0], _STATUS.get(old[1], 0)))
            ) & _MASK
        if old is None:
            kind = "new"
        elif old[1] == status and (status != OK or old[0] == value):
            self.counts["unchanged"] += 1
            return
        elif old[1] == OK and status != OK:
            kind = "emptied"
        else:
            kind = "changed"
        self.counts[kind] += 1
        examples = self.examples[kind]
        if len(examples) < EXAMPLES:
            examples.append((indicator_id, area_id, year, old, (value, status)))

    def result(self) -> dict:
        """Plain data for the report (JSON): counts and examples with names."""
        from verbund.areas.models import Area

        from ..models import Indicator

        wanted_areas = {item[1] for items in self.examples.values() for item in items}
        wanted_indicators = {item[0] for items in self.examples.values() for item in items}
        areas = dict(
            Area.objects.filter(municipality=self.municipality, pk__in=wanted_areas).values_list(
                "pk", "name"
            )
        )
        indicators = dict(
            Indicator.objects.filter(
                municipality=self.municipality, pk__in=wanted_indicators
            ).values_list("pk", "name")
        )

        def side(pair):
            if pair is None:
                return {"value": None, "status": ""}
            return {"value": pair[0], "status": pair[1]}

        return {
            **self.counts,
            "digest": str(self.digest),
            "examples": {
                kind: [
                    {
                        "area": areas.get(area_id, ""),
                        "indicator": indicators.get(indicator_id, ""),
                        "year": year,
                        "old": side(old),
                        "new": side(new),
                    }
                    for indicator_id, area_id, year, old, new in items
                ]
                for kind, items in self.examples.items()
            },
        }


def _diff_changed(before: dict | None, after: dict) -> bool:
    """Has what the commit changes become different from what the preview showed?"""
    if not before:
        return False
    keys = ("new", "changed", "emptied", "unchanged", "digest")
    return any(str(before.get(key)) != str(after.get(key)) for key in keys)
