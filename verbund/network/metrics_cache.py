"""Cached network metrics, invalidated when the network changes.

Computing the metrics of a large municipality takes over a second (5,000 organisations,
50,000 edges), so the network page keeps what it derives from the graph in Django's cache,
under a key made of the municipality, a version counter (in the database, so every process
and node sees a bump at once, whatever cache it has), the centres the viewer reaches and the
filter; the page's template caches its rendered tables under the same key. Any change
to something the graph is built from bumps the municipality's version, so stale entries are
never read again (they expire with ``NETWORK_CACHE_SECONDS``):

- organisations, relationships, bodies, body seats, centres and facilities (a facility's
  centre is its organisation's tie to the Verbund) (``post_save``/``post_delete``);
- the organisation–area and area–centre links used by the area filter (``m2m_changed``);
- every model an app registers with its edges (``verbund.network.edges``), e.g. agreements.

The relationship list keeps its sorted keys here too (``sorted_keys``): its order depends only
on relationships, centres and organisations.

The version is bumped at once and again when the transaction commits, so a request that read
the old rows while the change was uncommitted cannot keep them cached under the new version.
Writes that bypass model signals (``bulk_create``, ``QuerySet.update``) call ``bump`` themselves.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from verbund.core import cache_versions

PREFIX = "verbund:network"


def _version_key(municipality_id: int) -> str:
    return f"network:{municipality_id}"


def version_key(municipality_id: int) -> str:
    """The key of the network version, for caches of other apps that depend on the same rows
    (``verbund.core.cache_versions``)."""
    return _version_key(municipality_id)


def version(municipality_id: int) -> int:
    """The municipality's network version, the same in every process (kept in the database)."""
    return cache_versions.current(_version_key(municipality_id))


def bump(municipality_id: int | None) -> None:
    if municipality_id is None:
        return
    cache_versions.bump(_version_key(municipality_id))


def bump_now_and_on_commit(municipality_id: int | None) -> None:
    if municipality_id is not None:
        cache_versions.bump_now_and_on_commit(_version_key(municipality_id))


def cache_key(kind: str, *, municipality_id: int, centre_ids, filters, extra=()) -> str:
    centres = "all" if centre_ids is None else ",".join(map(str, sorted(centre_ids)))
    digest = hashlib.sha256(repr((centres, filters, tuple(extra))).encode()).hexdigest()[:32]
    return f"{PREFIX}:{kind}:{municipality_id}:{version(municipality_id)}:{digest}"


def sorted_keys(kind: str, *, municipality_id: int, queryset) -> memoryview:
    """The primary keys of ``queryset`` in its order, cached under its SQL and parameters (the
    filter and the viewer's reach are in them) and the network version: the relationship list
    sorts 20,000 rows by centre and organisation name, all of them watched here. Kept packed
    (``paging.pack_keys``) and returned as a sequence of ints."""
    from verbund.core import paging

    keys = paging.sorted_keys(queryset)
    sql, params = keys.query.sql_with_params()
    key = cache_key(  # ":packed": not a list as kept before, by a shared cache
        f"{kind}:packed",
        municipality_id=municipality_id,
        centre_ids=None,
        filters=(sql, repr(params)),
    )
    return paging.unpack_keys(cached(key, lambda: paging.pack_keys(keys)))


def seconds() -> int:
    return settings.NETWORK_CACHE_SECONDS


def cached(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=seconds())
    return value


# --------------------------------------------------------------------------- invalidation


def _on_change(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    bump_now_and_on_commit(getattr(instance, "municipality_id", None))


def _on_m2m(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump_now_and_on_commit(getattr(instance, "municipality_id", None))


_watched: set = set()


def watch(model) -> None:
    """Bump the version whenever a row of ``model`` is saved or deleted (once per model)."""
    if model in _watched:
        return
    _watched.add(model)
    uid = f"verbund.network.metrics_cache.{model._meta.label}"
    post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}.save", weak=False)
    post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}.delete", weak=False)


def watch_m2m(through) -> None:
    m2m_changed.connect(
        _on_m2m, sender=through, dispatch_uid=f"verbund.network.metrics_cache.{through}"
    )


def connect() -> None:
    """From ``NetworkConfig.ready()``: the models the graph is built from."""
    from verbund.areas.models import Area
    from verbund.tenancy.models import Facility, FamilyCentre

    from .models import Body, BodyMember, Organisation, Relationship

    for model in (Organisation, Relationship, Body, BodyMember, FamilyCentre, Facility):
        watch(model)
    watch_m2m(Organisation.areas_served.through)
    watch_m2m(Area.centres.through)
