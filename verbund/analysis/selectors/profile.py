"""The profile of one area: its indicators against the city, with trends."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from verbund.areas.models import Area
from verbund.statistics.models import Indicator, IndicatorValue, ValueStatus
from verbund.tenancy.models import FamilyCentre

from .. import stats
from .areas import NeedIndex, indicator_list, level_values, need_index

# ----------------------------------------------------------------------------- profile


@dataclass
class ProfileRow:
    indicator: Indicator
    series: list[tuple[int, float | None, str]]  # year, value, status
    year: int | None = None
    value: float | None = None
    previous: tuple[int, float] | None = None
    first: tuple[int, float] | None = None
    rank: int | None = None
    rank_of: int = 0
    median: float | None = None
    mean: float | None = None
    z: float | None = None

    @property
    def digits(self) -> int:
        return 0 if self.indicator.kind == "count" else 1

    @property
    def change_previous(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous[1]

    @property
    def change_first(self) -> float | None:
        if self.value is None or self.first is None:
            return None
        return self.value - self.first[1]

    @property
    def diff_median(self) -> float | None:
        if self.value is None or self.median is None:
            return None
        return self.value - self.median

    @property
    def diff_mean(self) -> float | None:
        if self.value is None or self.mean is None:
            return None
        return self.value - self.mean

    @property
    def need_signal(self) -> str:
        """'mehr' / 'weniger' Bedarf than the median, by the indicator's direction."""
        direction = self.indicator.higher_means_more_need
        diff = self.diff_median
        if direction is None or diff is None or diff == 0:
            return ""
        more = (diff > 0) == direction
        return "more" if more else "less"

    @property
    def sparkline(self) -> str:
        """Points of an SVG polyline (100 × 24) for the trend."""
        points = [(y, v) for y, v, _s in self.series if v is not None]
        if len(points) < 2:
            return ""
        years = [p[0] for p in points]
        vals = [p[1] for p in points]
        y0, y1 = min(years), max(years)
        v0, v1 = min(vals), max(vals)
        span_y = (y1 - y0) or 1
        span_v = (v1 - v0) or 1
        return " ".join(
            f"{2 + 96 * (y - y0) / span_y:.1f},{22 - 20 * (v - v0) / span_v:.1f}" for y, v in points
        )


@dataclass
class AreaProfile:
    area: Area
    rows: list[ProfileRow]
    level_area_count: int
    index: NeedIndex
    centres: list[FamilyCentre]
    children: list[Area]

    @property
    def rows_without_values(self) -> list[ProfileRow]:
        return [row for row in self.rows if row.value is None]

    @property
    def index_value(self) -> float | None:
        return self.index.values.get(self.area.pk)

    @property
    def index_class(self) -> int | None:
        return self.index.classes.get(self.area.pk)

    @property
    def index_label(self) -> str:
        return self.index.class_label(self.area.pk)

    @property
    def index_rank(self) -> int | None:
        value = self.index_value
        if value is None:
            return None
        return stats.Distribution.of(self.index.values.values()).rank(value)

    @property
    def index_applies(self) -> bool:
        return self.index.is_configured and self.index.config.level == self.area.level


def area_profile(*, municipality, area: Area) -> AreaProfile:
    indicators = list(indicator_list(municipality=municipality))
    own = defaultdict(list)
    for indicator_id, year, value, status in (
        IndicatorValue.objects.filter(municipality=municipality, area=area)
        .order_by("year")
        .values_list("indicator_id", "year", "value", "status")
    ):
        own[indicator_id].append((year, value, status))
    rows = []
    pairs = set()
    for indicator in indicators:
        row = ProfileRow(indicator, own.get(indicator.pk, []))
        known = [(y, v) for y, v, s in row.series if s == ValueStatus.OK and v is not None]
        if known:
            row.year, row.value = known[-1]
            row.first = known[0] if len(known) > 1 else None
            row.previous = known[-2] if len(known) > 1 else None
            pairs.add((indicator.pk, row.year))
        rows.append(row)
    distributions = level_values(municipality=municipality, level=area.level, pairs=pairs)
    for row in rows:
        if row.value is None:
            continue
        dist = stats.Distribution.of(distributions.get((row.indicator.pk, row.year), {}).values())
        if not dist.count:
            continue
        higher_first = row.indicator.higher_means_more_need is not False
        row.rank = dist.rank(row.value, higher_first=higher_first)
        row.rank_of = dist.count
        row.median = dist.median
        row.mean = dist.mean
        row.z = dist.z(row.value)
    level_count = Area.objects.filter(municipality=municipality, level=area.level).count()
    index = need_index(municipality=municipality, known=(area.level, distributions))
    centres = list(area.centres.order_by("name"))
    children = list(Area.objects.filter(municipality=municipality, parent=area).order_by("name"))
    return AreaProfile(area, rows, level_count, index, centres, children)
