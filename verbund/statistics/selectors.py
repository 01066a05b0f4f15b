from __future__ import annotations

from django.db.models import QuerySet

from verbund.areas.models import Area, shape_of
from verbund.tenancy.models import Municipality

from . import value_counts
from .importing.engine import Context
from .importing.matching import AreaRef
from .models import AreaAlias, ImportMapping, ImportRun, Indicator, IndicatorValue


def indicator_list(*, municipality: Municipality) -> QuerySet:
    return Indicator.objects.filter(municipality=municipality).order_by("topic", "name")


def indicator_catalogue(*, municipality: Municipality) -> list[Indicator]:
    """The catalogue with ``value_count`` and ``latest_year`` on each indicator (counted once
    per change of the values, see ``value_counts``)."""
    found = value_counts.counts(municipality=municipality)
    indicators = list(indicator_list(municipality=municipality))
    for indicator in indicators:
        indicator.value_count, indicator.latest_year = found.get(indicator.pk, (0, None))
    return indicators


def indicator_get(*, municipality: Municipality, pk: int) -> Indicator:
    return Indicator.objects.get(municipality=municipality, pk=pk)


def indicator_years(*, indicator: Indicator) -> list[int]:
    return list(
        IndicatorValue.objects.filter(indicator=indicator)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def indicator_values(*, indicator: Indicator, year: int | None = None) -> QuerySet:
    qs = (
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("area")
        .defer(*shape_of("area"))
    )
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("area__level", "area__code", "year")


def area_get(*, municipality: Municipality, pk: int) -> Area:
    return Area.objects.select_related("parent").get(municipality=municipality, pk=pk)


def area_values(*, area: Area) -> QuerySet:
    return (
        IndicatorValue.objects.filter(area=area)
        .select_related("indicator")
        .order_by("indicator__topic", "indicator__name", "year")
    )


def area_levels(*, municipality: Municipality) -> list[str]:
    return list(
        Area.objects.filter(municipality=municipality)
        .values_list("level", flat=True)
        .distinct()
        .order_by("level")
    )


def import_context(*, municipality: Municipality) -> Context:
    areas = [
        AreaRef(pk, code, name, level)
        for pk, code, name, level in Area.objects.filter(municipality=municipality)
        .order_by("level", "code")
        .values_list("pk", "code", "name", "level")
    ]
    indicators = dict(Indicator.objects.filter(municipality=municipality).values_list("key", "pk"))
    names = dict(Indicator.objects.filter(municipality=municipality).values_list("key", "name"))
    kinds = dict(Indicator.objects.filter(municipality=municipality).values_list("key", "kind"))
    aliases = dict(
        AreaAlias.objects.filter(municipality=municipality).values_list("normalised", "area_id")
    )
    return Context(
        areas=areas,
        indicators=indicators,
        indicator_names=names,
        municipality_name=municipality.name,
        indicator_kinds=kinds,
        aliases=aliases,
    )


def alias_list(*, municipality: Municipality) -> QuerySet:
    return (
        AreaAlias.objects.filter(municipality=municipality)
        .select_related("area")
        .defer(*shape_of("area"))
    )


def import_run_list(*, municipality: Municipality) -> QuerySet:
    return ImportRun.objects.filter(municipality=municipality).select_related(
        "created_by", "mapping"
    )


def import_run_get(*, municipality: Municipality, pk: int) -> ImportRun:
    return ImportRun.objects.select_related("created_by", "mapping").get(
        municipality=municipality, pk=pk
    )


def mapping_list(*, municipality: Municipality) -> QuerySet:
    return ImportMapping.objects.filter(municipality=municipality).select_related("created_by")
