"""The centre and facility lists' rows, rendered once per change of what they show (issue 17).

A row of the centre list shows one centre (name, provider, address, number of active
facilities), a row of the facility list one facility (name, archived, kind, centre, address);
neither shows anything of the viewer. The rows of a page are kept with
``verbund.core.rows_cache`` under the records they show, the language and the version
``tenancy:<municipality>``, bumped here whenever a centre, provider or facility is saved or
deleted. Writes that bypass the model signals (``bulk_create``, ``QuerySet.update``) call
``bump`` themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from verbund.core import cache_versions
from verbund.core.rows_cache import rendered_rows

PREFIX = "verbund:tenancy:rows"


def version_key(municipality_id: int) -> str:
    return f"tenancy:{municipality_id}"


def rows_html(*, table: str, municipality_id: int, ids: list[int], render: Callable[[], str]):
    """``render()``'s HTML of the rows of ``ids`` in ``table`` ("centres", "facilities")."""
    return rendered_rows(
        prefix=f"{PREFIX}:{table}:{municipality_id}",
        version_keys=[version_key(municipality_id)],
        shown=ids,
        render=render,
        timeout=settings.NETWORK_CACHE_SECONDS,
    )


def facility_count(*, municipality_id: int, filters, count: Callable[[], int]) -> int:
    """How many facilities ``filters`` (a ``FacilityFilter``) finds: counting 10,000 rows was
    the facility list's slowest query. Kept under the same version as the rows."""
    return cache_versions.cached_for(
        f"{PREFIX}:count:{municipality_id}",
        [version_key(municipality_id)],
        filters,
        count,
        timeout=settings.NETWORK_CACHE_SECONDS,
    )


def bump(municipality_id: int | None) -> None:
    if municipality_id is not None:
        cache_versions.bump_now_and_on_commit(version_key(municipality_id))


def _on_change(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw"):
        bump(instance.municipality_id)


def connect() -> None:
    """From ``TenancyConfig.ready()``."""
    from .models import Facility, FamilyCentre, Provider

    for model in (FamilyCentre, Provider, Facility):
        uid = f"verbund.tenancy.rows_cache.{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}.delete")
