"""Pure arithmetic of the analysis (no database): comparison, ranks, z-scores, classes."""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from .choices import IndexMethod

NEED_CLASSES = {
    1: "sehr hoch",
    2: "hoch",
    3: "mittel",
    4: "niedrig",
}
# Colour per need class, dark = more need: four steps of ColorBrewer's sequential OrRd (9-class
# scheme, every other step), so that neighbouring classes differ in lightness by a contrast
# ratio of at least 1.5 also for red-, green- and blue-blind eyes (tests/test_map_colours.py);
# the two close reds of OrRd's 4-class scheme were hard to tell apart.
NEED_CLASS_COLOURS = {1: "#7f0000", 2: "#d7301f", 3: "#fc8d59", 4: "#fdd49e"}
NO_DATA_COLOUR = "#d9d9d9"  # on the SVG maps hatched as well (analysis/_map.html)
# Sequential palette for indicator maps: ColorBrewer Blues (the light end of the 5-class scheme,
# the rest from the 9-class one), chosen for the same contrast between neighbours.
SEQUENTIAL = ["#eff3ff", "#9ecae1", "#4292c6", "#08519c", "#08306b"]


@dataclass(frozen=True)
class Distribution:
    """The values of one indicator over all areas of one level in one year."""

    values: tuple[float, ...]  # sorted ascending

    @classmethod
    def of(cls, values: Iterable[float]) -> Distribution:
        return cls(tuple(sorted(values)))

    @property
    def count(self) -> int:
        return len(self.values)

    # Cached: templates ask for the median once per table row.
    @cached_property
    def mean(self) -> float | None:
        return statistics.fmean(self.values) if self.values else None

    @cached_property
    def median(self) -> float | None:
        values, n = self.values, len(self.values)
        if not n:
            return None
        middle = n // 2
        return values[middle] if n % 2 else (values[middle - 1] + values[middle]) / 2

    @cached_property
    def stdev(self) -> float | None:
        if len(self.values) < 2:
            return None
        return statistics.pstdev(self.values)

    def rank(self, value: float, *, higher_first: bool = True) -> int:
        """1 = highest value (or lowest with ``higher_first=False``); ties share a rank."""
        if higher_first:
            return len(self.values) - bisect_right(self.values, value) + 1
        return bisect_left(self.values, value) + 1

    def z(self, value: float) -> float | None:
        sd = self.stdev
        if not sd:
            return None
        return (value - self.mean) / sd

    def quantile_breaks(self, classes: int = 5) -> list[float]:
        """Upper bounds of equal-count classes (the last one is the maximum)."""
        if not self.values:
            return []
        n = len(self.values)
        breaks = []
        for i in range(1, classes + 1):
            index = min(n - 1, math.ceil(i * n / classes) - 1)
            breaks.append(self.values[index])
        # Collapse duplicates so that no class is empty.
        return sorted(set(breaks))


def colour_for(value: float | None, breaks: list[float]) -> str:
    if value is None or not breaks:
        return NO_DATA_COLOUR
    index = bisect_left(breaks, value)
    index = min(index, len(breaks) - 1)
    # Spread fewer breaks across the palette so that two classes are light and dark.
    if len(breaks) == 1:
        return SEQUENTIAL[2]
    position = round(index * (len(SEQUENTIAL) - 1) / (len(breaks) - 1))
    return SEQUENTIAL[position]


def composite_index(
    components: list[tuple[Mapping[int, float], float, bool]],
) -> dict[int, float]:
    """Weighted mean of signed z-scores, standardised once more.

    ``components`` holds, per indicator, the values per area, the weight and whether a higher
    value means more need. Only areas with a value for every component get an index.
    """
    if not components:
        return {}
    area_ids = set(components[0][0])
    for values, _weight, _higher in components[1:]:
        area_ids &= set(values)
    if not area_ids:
        return {}
    total_weight = sum(weight for _values, weight, _higher in components)
    raw: dict[int, float] = dict.fromkeys(area_ids, 0.0)
    for values, weight, higher in components:
        dist = Distribution.of(values[a] for a in area_ids)
        sd = dist.stdev
        if not sd:
            continue  # a constant indicator does not separate areas
        sign = 1.0 if higher else -1.0
        mean = dist.mean
        for area_id in area_ids:
            raw[area_id] += sign * weight * (values[area_id] - mean) / sd
    for area_id in raw:
        raw[area_id] /= total_weight
    overall = Distribution.of(raw.values())
    sd = overall.stdev
    if not sd:
        return dict.fromkeys(raw, 0.0)
    mean = overall.mean
    return {area_id: (value - mean) / sd for area_id, value in raw.items()}


def classify(
    index: Mapping[int, float], *, method: str, boundaries: tuple[float, float, float]
) -> dict[int, int]:
    """Need class 1 (very high) … 4 (low) per area."""
    b1, b2, b3 = boundaries
    if method == IndexMethod.QUANTILES:
        ordered = sorted(index, key=lambda a: (-index[a], a))
        n = len(ordered)
        classes = {}
        for position, area_id in enumerate(ordered, start=1):
            share = 100.0 * position / n
            classes[area_id] = 1 if share <= b1 else 2 if share <= b2 else 3 if share <= b3 else 4
        return classes
    return {
        area_id: 1 if value >= b1 else 2 if value >= b2 else 3 if value >= b3 else 4
        for area_id, value in index.items()
    }
