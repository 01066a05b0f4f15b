"""Reads of areas, indicators' values, the need index and the area tables."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from verbund.areas.models import Area
from verbund.statistics.models import Indicator, IndicatorValue, ValueStatus

from .. import stats
from ..models import NeedIndexConfig

# ------------------------------------------------------------------------------- areas


def area_levels(*, municipality) -> list[str]:
    """Levels ordered from the coarsest (fewest areas) to the finest."""
    rows = (
        Area.objects.filter(municipality=municipality)
        .values("level")
        .annotate(n=Count("id"))
        .order_by("n", "level")
    )
    return [row["level"] for row in rows]


def area_get(*, municipality, pk: int) -> Area:
    return Area.objects.select_related("parent").get(municipality=municipality, pk=pk)


def indicator_list(*, municipality) -> QuerySet:
    return Indicator.objects.filter(municipality=municipality).order_by("topic", "name")


def indicator_get(*, municipality, key: str) -> Indicator:
    return Indicator.objects.get(municipality=municipality, key=key)


def latest_years(*, municipality, level: str, indicator_ids=None) -> dict[int, int]:
    """Per indicator, the latest year with values on this level."""
    qs = IndicatorValue.objects.filter(
        municipality=municipality, area__level=level, status=ValueStatus.OK
    )
    if indicator_ids is not None:
        qs = qs.filter(indicator_id__in=indicator_ids)
    return {
        row["indicator_id"]: row["year"]
        for row in qs.values("indicator_id").annotate(year=Max("year"))
    }


def level_values(
    *, municipality, level: str, pairs: set[tuple[int, int]]
) -> dict[tuple[int, int], dict[int, float]]:
    """Values per (indicator, year) and area for all areas of one level — one query."""
    result: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    condition = Q(pk__in=[])  # matches nothing; Django skips the query if nothing is asked
    by_year: dict[int, set[int]] = defaultdict(set)
    for indicator_id, year in pairs:
        by_year[year].add(indicator_id)
    for year, ids in by_year.items():
        condition |= Q(year=year, indicator_id__in=ids)
    rows = IndicatorValue.objects.filter(
        condition, municipality=municipality, area__level=level, status=ValueStatus.OK
    ).values_list("indicator_id", "year", "area_id", "value")
    for indicator_id, year, area_id, value in rows.iterator(chunk_size=5000):
        result[(indicator_id, year)][area_id] = value
    return result


# --------------------------------------------------------------------------- need index


@dataclass
class IndexComponent:
    indicator: Indicator
    weight: float
    year: int | None


@dataclass
class NeedIndex:
    config: NeedIndexConfig | None
    components: list[IndexComponent] = field(default_factory=list)
    values: dict[int, float] = field(default_factory=dict)  # area_id → standardised index
    classes: dict[int, int] = field(default_factory=dict)
    level_area_count: int = 0

    @property
    def is_configured(self) -> bool:
        return self.config is not None and bool(self.components)

    def class_label(self, area_id: int) -> str:
        cls = self.classes.get(area_id)
        return stats.NEED_CLASSES[cls] if cls else ""

    def class_counts(self) -> list[tuple[int, str, str, int]]:
        counts = defaultdict(int)
        for cls in self.classes.values():
            counts[cls] += 1
        return [
            (cls, label, stats.NEED_CLASS_COLOURS[cls], counts[cls])
            for cls, label in stats.NEED_CLASSES.items()
        ]


def need_index_config(*, municipality) -> NeedIndexConfig | None:
    return NeedIndexConfig.objects.filter(municipality=municipality).first()


def need_index(
    *, municipality, known: tuple[str, dict[tuple[int, int], dict[int, float]]] | None = None
) -> NeedIndex:
    """The configured index for every area of the configured level (four queries).

    ``known`` passes values a caller has already read for one level, so that the area profile
    does not read the same rows twice."""
    config = need_index_config(municipality=municipality)
    if config is None:
        return NeedIndex(None)
    components = list(config.components.select_related("indicator"))
    if not components:
        return NeedIndex(config)
    ids = [c.indicator_id for c in components]
    years = (
        dict.fromkeys(ids, config.year)
        if config.year
        else latest_years(municipality=municipality, level=config.level, indicator_ids=ids)
    )
    pairs = {(i, y) for i, y in years.items() if y}
    values: dict[tuple[int, int], dict[int, float]] = {}
    if known is not None and known[0] == config.level:
        values.update({pair: known[1][pair] for pair in pairs if pair in known[1]})
    # Whatever the caller did not read yet (no query at all when nothing is missing).
    values.update(
        level_values(municipality=municipality, level=config.level, pairs=pairs - set(values))
    )
    parts = []
    result = NeedIndex(config)
    for component in components:
        year = years.get(component.indicator_id)
        result.components.append(IndexComponent(component.indicator, component.weight, year))
        parts.append(
            (
                values.get((component.indicator_id, year), {}),
                component.weight,
                component.indicator.higher_means_more_need is not False,
            )
        )
    result.values = stats.composite_index(parts)
    result.classes = stats.classify(
        result.values,
        method=config.method,
        boundaries=(config.boundary_1, config.boundary_2, config.boundary_3),
    )
    return result


# -------------------------------------------------------------------------- area table


@dataclass
class AreaRow:
    pk: int
    code: str
    name: str
    value: float | None
    status: str
    colour: str
    rank: int | None = None
    need_class: int | None = None


def map_areas(*, municipality, level: str, parent_id: int | None = None) -> QuerySet:
    qs = Area.objects.filter(municipality=municipality, level=level)
    if parent_id:
        qs = qs.filter(parent_id=parent_id)
    return qs.order_by("name", "pk")


def first_areas(areas: QuerySet, limit: int) -> QuerySet:
    """At most ``limit`` of the areas, as a queryset that can still be filtered."""
    return Area.objects.filter(pk__in=areas.values("pk")[:limit])


def indicator_rows(
    *, municipality, indicator: Indicator, level: str, year: int | None, parent_id=None
) -> tuple[list[AreaRow], list[float], stats.Distribution]:
    """One row per area of the level (with or without a value), colours and the breaks."""
    areas = map_areas(municipality=municipality, level=level, parent_id=parent_id).values_list(
        "pk", "code", "name"
    )
    values = {}
    statuses = {}
    if year is not None:
        for area_id, value, status in IndicatorValue.objects.filter(
            municipality=municipality, indicator=indicator, year=year, area__level=level
        ).values_list("area_id", "value", "status"):
            values[area_id] = value
            statuses[area_id] = status
    # Breaks and ranks over the whole level, so that a drill-down keeps the city's scale.
    dist = stats.Distribution.of(v for v in values.values() if v is not None)
    breaks = dist.quantile_breaks(5)
    higher_first = indicator.higher_means_more_need is not False
    rows = []
    for pk, code, name in areas:
        value = values.get(pk)
        rows.append(
            AreaRow(
                pk,
                code,
                name,
                value,
                statuses.get(pk, ValueStatus.MISSING),
                stats.colour_for(value, breaks),
                dist.rank(value, higher_first=higher_first) if value is not None else None,
            )
        )
    return rows, breaks, dist


def index_rows(*, municipality, index: NeedIndex, parent_id=None) -> list[AreaRow]:
    level = index.config.level
    rows = []
    ranked = stats.Distribution.of(index.values.values())
    for pk, code, name in map_areas(
        municipality=municipality, level=level, parent_id=parent_id
    ).values_list("pk", "code", "name"):
        value = index.values.get(pk)
        cls = index.classes.get(pk)
        rows.append(
            AreaRow(
                pk,
                code,
                name,
                value,
                ValueStatus.OK if value is not None else ValueStatus.MISSING,
                stats.NEED_CLASS_COLOURS.get(cls, stats.NO_DATA_COLOUR),
                ranked.rank(value) if value is not None else None,
                cls,
            )
        )
    return rows


def indicator_years(*, municipality, indicator: Indicator, level: str) -> list[int]:
    return list(
        IndicatorValue.objects.filter(
            municipality=municipality, indicator=indicator, area__level=level
        )
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
