"""The area list's rows, rendered once per change of what they show (issue 17).

A row of the area list shows one area and nothing of the viewer: its name, place in the
hierarchy, number of sub-areas, code, level, parent, size and the centres it belongs to. The
rows of a page are kept with ``verbund.core.rows_cache`` under the areas they show (with their
depth), the language and two version counters:

- ``areas:<municipality>`` (``tree_cache``): the areas themselves, also written by the
  boundary import;
- ``area-rows:<municipality>``, bumped here: which centres an area belongs to (``m2m_changed``
  of ``Area.centres``) and the centres' names (``post_save``/``post_delete`` of
  ``FamilyCentre``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from verbund.core import cache_versions
from verbund.core.rows_cache import rendered_rows

from .tree_cache import version_key as areas_key

PREFIX = "verbund:areas:rows"


def version_key(municipality_id: int) -> str:
    return f"area-rows:{municipality_id}"


def walks_key(municipality_id: int) -> str:
    """Bumped on every save or delete of a walk or an observation (the map's observations)."""
    return f"walks:{municipality_id}"


def map_page_versions(municipality_id: int) -> list[str]:
    """What the map page shows: the areas, the located observations with their walks and the
    walks' centres' names (``area-rows``, which watches centres)."""
    return [areas_key(municipality_id), version_key(municipality_id), walks_key(municipality_id)]


def area_rows_html(
    *, municipality_id: int, shown: list[tuple[int, int]], render: Callable[[], str]
):
    """``render()``'s HTML of the rows ``shown`` (area id, depth)."""
    return rendered_rows(
        prefix=f"{PREFIX}:{municipality_id}",
        version_keys=[areas_key(municipality_id), version_key(municipality_id)],
        shown=shown,
        render=render,
        timeout=getattr(settings, "ANALYSIS_CACHE_SECONDS", 86400),
    )


def centre_rows_html(*, municipality_id: int, shown: list[tuple[int, bool]], render):
    """``render()``'s HTML of the Sozialraum table's rows ``shown`` (centre id, whether the
    viewer may set its Sozialraum: the one part of the viewer a row shows), under the same
    versions: centre names, their areas and the areas' names."""
    return rendered_rows(
        prefix=f"{PREFIX}:centres:{municipality_id}",
        version_keys=[areas_key(municipality_id), version_key(municipality_id)],
        shown=shown,
        render=render,
        timeout=getattr(settings, "ANALYSIS_CACHE_SECONDS", 86400),
    )


def map_rows_html(*, municipality_id: int, ids: list[int], render: Callable[[], str]) -> str:
    """``render()``'s HTML of the map page's table rows of ``ids``: each shows one area's
    name, code, parent, size and centre point, all under ``areas:<municipality>``."""
    return rendered_rows(
        prefix=f"{PREFIX}:map:{municipality_id}",
        version_keys=[areas_key(municipality_id)],
        shown=ids,
        render=render,
        timeout=getattr(settings, "ANALYSIS_CACHE_SECONDS", 86400),
    )


def bump(municipality_id: int | None) -> None:
    if municipality_id is not None:
        cache_versions.bump_now_and_on_commit(version_key(municipality_id))


def _on_centre(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw"):
        bump(instance.municipality_id)


def _on_links(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        bump(instance.municipality_id)


def _on_walk(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw") and instance.municipality_id is not None:
        cache_versions.bump_now_and_on_commit(walks_key(instance.municipality_id))


def connect() -> None:
    """From ``AreasConfig.ready()``."""
    from verbund.tenancy.models import FamilyCentre

    from .models import Area, Observation, Walk

    uid = "verbund.areas.rows_cache"
    post_save.connect(_on_centre, sender=FamilyCentre, dispatch_uid=f"{uid}.centre.save")
    post_delete.connect(_on_centre, sender=FamilyCentre, dispatch_uid=f"{uid}.centre.delete")
    m2m_changed.connect(_on_links, sender=Area.centres.through, dispatch_uid=f"{uid}.centres")
    for model in (Walk, Observation):
        name = model._meta.model_name
        post_save.connect(_on_walk, sender=model, dispatch_uid=f"{uid}.{name}.save")
        post_delete.connect(_on_walk, sender=model, dispatch_uid=f"{uid}.{name}.delete")
