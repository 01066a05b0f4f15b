"""The need index, its area table and the maps' simplified geometry, computed once per change.

At 2,000 areas the overview recomputed the index and projected 2,000 boundaries on every view
(1.7 s p95). They are kept in Django's cache under keys that carry two version counters from
``verbund.core.cache_versions`` (in the database, so every process sees a bump at once):

- ``analysis:<municipality>`` – indicator values, indicators and the index settings: bumped by
  their ``post_save``/``post_delete`` and when a statistics import is committed (the import
  writes values with raw SQL, so its finished ``ImportRun`` stands for them);
- ``areas:<municipality>`` – boundaries, names, levels and parents of the areas: bumped by
  ``post_save``/``post_delete`` of ``Area`` and by the areas app's boundary import, which
  writes with raw SQL and bumps the same key itself.

A bump happens at once and again when the transaction commits (as in
``verbund.network.metrics_cache``), so a request that read the old rows meanwhile cannot keep
them cached under the new version. Stale entries are never read again and expire after
``ANALYSIS_CACHE_SECONDS``.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from verbund.core import cache_versions

PREFIX = "verbund:analysis"


def values_key(municipality_id: int) -> str:
    return f"analysis:{municipality_id}"


def areas_key(municipality_id: int) -> str:
    return f"areas:{municipality_id}"


def versions(municipality_id: int) -> tuple[int, int]:
    return cache_versions.current_many([values_key(municipality_id), areas_key(municipality_id)])


def seconds() -> int:
    return getattr(settings, "ANALYSIS_CACHE_SECONDS", 86400)


def key(kind: str, municipality_id: int, *parts, version=None) -> str:
    """``version``: the municipality's ``versions()`` if the caller has read them already."""
    version = version if version is not None else versions(municipality_id)
    return cache_versions.versioned_key(f"{PREFIX}:{kind}:{municipality_id}", version, parts)


def cached(cache_key: str, compute):
    return cache_versions.cached(cache_key, compute, timeout=seconds())


# ------------------------------------------------------------------------ what is cached


def need_index(*, municipality, version=None):
    from . import selectors

    return cached(
        key("index", municipality.pk, version=version),
        lambda: selectors.need_index(municipality=municipality),
    )


def index_rows(*, municipality, index, parent_id=None, version=None):
    from . import selectors

    return cached(
        key("index-rows", municipality.pk, parent_id, version=version),
        lambda: selectors.index_rows(municipality=municipality, index=index, parent_id=parent_id),
    )


def svg_map(*, municipality, level: str, parent_id, names: dict[int, str], limit: int):
    """The SVG map of the level (or of the areas within ``parent_id``), simplified to its
    drawing size, with the names that fit placed on it."""
    from . import maps, selectors

    def compute():
        areas = selectors.map_areas(municipality=municipality, level=level, parent_id=parent_id)
        geometries = maps.area_geometries(
            selectors.first_areas(areas, limit), municipality=municipality
        )
        # ``False`` stands for "no map" (the cache cannot tell ``None`` from a miss).
        return maps.svg_map(geometries, names=names) or False

    return cached(key("svg", municipality.pk, level, parent_id, limit), compute) or None


# -------------------------------------------------------------------------- invalidation


def _on_values(sender, instance, **kwargs) -> None:
    if kwargs.get("raw") or instance.municipality_id is None:
        return
    cache_versions.bump_now_and_on_commit(values_key(instance.municipality_id))


def _on_area(sender, instance, **kwargs) -> None:
    if kwargs.get("raw") or instance.municipality_id is None:
        return
    cache_versions.bump_now_and_on_commit(areas_key(instance.municipality_id))


def _on_import_run(sender, instance, **kwargs) -> None:
    from verbund.statistics.models import ImportStatus

    if kwargs.get("raw") or instance.status != ImportStatus.DONE:
        return
    cache_versions.bump_now_and_on_commit(values_key(instance.municipality_id))


def connect() -> None:
    """From ``AnalysisConfig.ready()``."""
    from verbund.areas.models import Area
    from verbund.statistics.models import ImportRun, Indicator, IndicatorValue

    from .models import NeedIndexComponent, NeedIndexConfig

    uid = "verbund.analysis.map_cache"
    for model in (IndicatorValue, Indicator, NeedIndexConfig, NeedIndexComponent):
        label = model._meta.label
        post_save.connect(_on_values, sender=model, dispatch_uid=f"{uid}.{label}.save")
        post_delete.connect(_on_values, sender=model, dispatch_uid=f"{uid}.{label}.delete")
    post_save.connect(_on_area, sender=Area, dispatch_uid=f"{uid}.area.save")
    post_delete.connect(_on_area, sender=Area, dispatch_uid=f"{uid}.area.delete")
    post_save.connect(_on_import_run, sender=ImportRun, dispatch_uid=f"{uid}.import_run")
