"""How many values each indicator has and its latest year, counted once per change.

The catalogue page showed both for every indicator by joining all of a municipality's values
(90,000 rows at 2,000 areas and three years: 30–40 ms on every view). The counts are kept in
Django's cache under a version counter from ``verbund.core.cache_versions`` (in the database,
so every process sees a bump at once), bumped by ``post_save``/``post_delete`` of indicators
and values and when a statistics import is committed (the import writes values with raw SQL,
so its finished ``ImportRun`` stands for them). A bump happens at once and again on commit, so a
request that read the old rows meanwhile cannot keep them cached under the new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save

from verbund.core import cache_versions

PREFIX = "verbund:statistics:value-counts"


def version_key(municipality_id: int) -> str:
    return f"statistics-values:{municipality_id}"


def counts(*, municipality) -> dict[int, tuple[int, int | None]]:
    """indicator id → (number of values, latest year) for the municipality's indicators
    (indicators without values are missing)."""
    from .models import IndicatorValue

    def compute():
        rows = (
            IndicatorValue.objects.filter(indicator__municipality=municipality)
            .values_list("indicator_id")
            .annotate(count=Count("id"), latest=Max("year"))
            .order_by()
        )
        return {indicator_id: (count, latest) for indicator_id, count, latest in rows}

    return cache_versions.cached_for(
        f"{PREFIX}:{municipality.pk}",
        [version_key(municipality.pk)],
        (),
        compute,
        timeout=getattr(settings, "ANALYSIS_CACHE_SECONDS", 86400),
    )


def _bump(municipality_id: int | None) -> None:
    if municipality_id is None:
        return
    cache_versions.bump_now_and_on_commit(version_key(municipality_id))


def _on_change(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw"):
        _bump(instance.municipality_id)


def _on_import_run(sender, instance, **kwargs) -> None:
    from .models import ImportStatus

    if not kwargs.get("raw") and instance.status == ImportStatus.DONE:
        _bump(instance.municipality_id)


def connect() -> None:
    """From ``StatisticsConfig.ready()``."""
    from .models import ImportRun, Indicator, IndicatorValue

    uid = "verbund.statistics.value_counts"
    for model in (Indicator, IndicatorValue):
        label = model._meta.label
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}.{label}.save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}.{label}.delete")
    post_save.connect(_on_import_run, sender=ImportRun, dispatch_uid=f"{uid}.import_run")
