"""The hierarchy order of a municipality's areas and its levels, computed once per change.

The area list pages 2,000 areas in hierarchy order (parent, then its children by name); the
order is derived from all areas' parents, names and levels. It is kept in Django's cache under
the ``areas:<municipality>`` version of ``verbund.core.cache_versions``, the key that stands for
boundaries, names, levels and parents (``verbund.analysis.map_cache`` reads it too): bumped here
on ``post_save``/``post_delete`` of ``Area`` and by the boundary import, which writes with raw
SQL (``import_write``). A bump happens at once and again on commit, so a request that read the
old rows meanwhile cannot keep them cached under the new version.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from verbund.core import cache_versions

PREFIX = "verbund:areas:tree"


def version_key(municipality_id: int) -> str:
    return f"areas:{municipality_id}"


def tree_order(*, municipality, compute) -> tuple[bytes, bytes]:
    """``compute()``'s rows (area ids, depths; packed), from the cache while no area changed."""
    return _cached(f"{PREFIX}:packed:{municipality.pk}", municipality.pk, compute)


def levels(*, municipality, compute) -> list[dict]:
    """``compute()``'s levels with their counts, from the cache while no area changed."""
    return _cached(f"{PREFIX}:levels:{municipality.pk}", municipality.pk, compute)


def _cached(prefix: str, municipality_id: int, compute):
    version = cache_versions.current(version_key(municipality_id))
    key = f"{prefix}:{version}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=getattr(settings, "ANALYSIS_CACHE_SECONDS", 86400))
    return found


def bump(municipality_id: int) -> None:
    cache_versions.bump_now_and_on_commit(version_key(municipality_id))


def _on_area(sender, instance, **kwargs) -> None:
    if kwargs.get("raw") or instance.municipality_id is None:
        return
    bump(instance.municipality_id)


def connect() -> None:
    """From ``AreasConfig.ready()``."""
    from .models import Area

    uid = "verbund.areas.tree_cache"
    post_save.connect(_on_area, sender=Area, dispatch_uid=f"{uid}.save")
    post_delete.connect(_on_area, sender=Area, dispatch_uid=f"{uid}.delete")
