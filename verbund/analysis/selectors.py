"""Reads of the analysis. Every page needs a fixed number of queries, however many areas,
indicators' values or centres there are; the arithmetic happens in ``stats``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from verbund.areas.models import Area
from verbund.core.roles import Reach
from verbund.statistics.models import Indicator, IndicatorValue, ValueStatus
from verbund.tenancy.models import FamilyCentre

from . import stats
from .choices import NeedStatus
from .models import CentreFigures, Need, NeedIndexConfig, NeedRule

# ----------------------------------------------------------------------------- scoping


def centre_scope(*, access, permission) -> set[int] | None:
    """Centre IDs within the permission's reach (the one access rule, ``Access.filter``), or
    None for the whole municipality."""
    if Reach.MUNICIPALITY in access.reaches(permission):
        return None
    centres = FamilyCentre.objects.filter(municipality_id=access.municipality_id)
    return set(centres.filter(access.filter(permission, FamilyCentre)).values_list("pk", flat=True))


def centre_list(*, municipality, centre_ids: set[int] | None = None) -> QuerySet:
    qs = FamilyCentre.objects.filter(municipality=municipality).select_related("provider")
    if centre_ids is not None:
        qs = qs.filter(pk__in=centre_ids)
    return qs.order_by("name")


def centre_get(*, municipality, pk: int) -> FamilyCentre:
    return FamilyCentre.objects.select_related("provider").get(municipality=municipality, pk=pk)


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


# ----------------------------------------------------------------------- centre figures


def figures_latest(*, municipality, centre_ids: set[int] | None) -> dict[int, CentreFigures]:
    """The newest figures per centre."""
    qs = CentreFigures.objects.filter(municipality=municipality)
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=centre_ids)
    latest = {}
    for figures in qs.order_by("centre_id", "-year"):
        latest.setdefault(figures.centre_id, figures)
    return latest


def figures_of_centre(*, centre) -> QuerySet:
    return CentreFigures.objects.filter(municipality_id=centre.municipality_id, centre=centre)


def figures_export_rows(*, municipality, centre_ids: set[int] | None) -> QuerySet:
    qs = CentreFigures.objects.filter(municipality=municipality).select_related("centre")
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=centre_ids)
    return qs.order_by("centre__name", "year")


# -------------------------------------------------------------------------------- needs


@dataclass(frozen=True)
class NeedFilter:
    centre_id: int | None = None
    area_id: int | None = None
    status: str = ""
    life_phase: str = ""
    topic: str = ""
    target_group: str = ""
    priority: str = ""
    include_rejected: bool = False


def need_list(
    *, municipality, centre_ids: set[int] | None, filters: NeedFilter | None = None
) -> QuerySet:
    filters = filters or NeedFilter()
    qs = (
        Need.objects.filter(municipality=municipality)
        .select_related("centre", "centre__provider", "area", "rule")
        .annotate(evidence_count=Count("evidence"))
    )
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=centre_ids)
    if filters.centre_id:
        qs = qs.filter(centre_id=filters.centre_id)
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif not filters.include_rejected:
        qs = qs.exclude(status=NeedStatus.REJECTED)
    for name in ("life_phase", "topic", "target_group", "priority"):
        if value := getattr(filters, name):
            qs = qs.filter(**{name: value})
    return qs.order_by("area__name", "centre__name", "-updated_at", "-id")


def needs_by_area(*, needs: QuerySet) -> list[dict]:
    """Per Sozialraum: how many needs, how many with high priority, how many centres."""
    return list(
        needs.order_by()
        .values("area_id", "area__name")
        .annotate(
            total=Count("id", distinct=True),
            high=Count("id", filter=Q(priority="high"), distinct=True),
            centres=Count("centre", distinct=True),
        )
        .order_by("-high", "-total", "area__name")
    )


def need_get(*, municipality, pk: int) -> Need:
    return Need.objects.select_related("centre", "centre__provider", "area", "rule").get(
        municipality=municipality, pk=pk
    )


def need_evidence(*, need: Need) -> QuerySet:
    return need.evidence.select_related(
        "indicator_value__indicator", "indicator_value__area", "centre_figures"
    )


def need_rule_list(*, municipality) -> QuerySet:
    return NeedRule.objects.filter(municipality=municipality).select_related("indicator")


def need_rule_get(*, municipality, pk: int) -> NeedRule:
    return NeedRule.objects.select_related("indicator").get(municipality=municipality, pk=pk)
