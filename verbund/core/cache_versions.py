"""Version counters in the database, for cache keys that every process must see change.

A cached value is stored under a key that includes its version; a change bumps the version,
so no process reads the old value again. The counter lives in the database, not in the cache:
with the default local-memory cache each gunicorn worker and the task worker has a cache of its
own, and a counter kept there would be bumped in one process only. A bump inside a transaction
takes effect with its commit, together with the change it stands for.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, connections, router, transaction
from django.db.models import F

from . import session_cache
from .models import CacheVersion


def current(key: str) -> int:
    return current_many([key])[0]


def bump(key: str) -> None:
    if CacheVersion.objects.filter(key=key).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            CacheVersion.objects.create(key=key, value=1)
    except IntegrityError:  # created meanwhile by another process
        CacheVersion.objects.filter(key=key).update(value=F("value") + 1)


def bump_now_and_on_commit(key: str) -> None:
    """Bump at once and again when the transaction commits: a request that read the old rows
    between the two cannot keep what it computed from them under the new version."""
    bump(key)
    transaction.on_commit(lambda: bump(key))


def current_many(keys) -> tuple[int, ...]:
    """The versions of several keys in one query, in the order given (0 for an unknown key).

    Read on most pages, often twice: the SQL is written once per number of keys and database
    (building the ORM query cost ten times running it). On PostgreSQL the versions are kept
    per connection until the database announces a bump (``session_cache``): a kept page then
    costs no query."""
    keys = list(keys)
    if not keys:
        return ()
    db = router.db_for_read(CacheVersion)
    connection = connections[db]
    kept = session_cache.kept_rows(connection)
    if kept is not None:
        values = [kept.value("version", key) for key in keys]
        if session_cache.MISSING not in values:
            return tuple(values)
        notices = kept.notices
    with connection.cursor() as cursor:
        cursor.execute(_versions_sql(db, len(keys)), keys)
        found = dict(cursor.fetchall())
    versions = tuple(found.get(key, 0) for key in keys)
    if kept is not None:
        for key, value in zip(keys, versions, strict=True):
            kept.keep_value("version", key, None, value, notices)
    return versions


@functools.cache
def _versions_sql(db: str, count: int) -> str:
    quote = connections[db].ops.quote_name
    table = quote(CacheVersion._meta.db_table)
    key, value = (quote(CacheVersion._meta.get_field(name).column) for name in ("key", "value"))
    marks = ", ".join(["%s"] * count)
    # Only quoted names from the model's metadata go into the text; the keys are parameters.
    return f"SELECT {key}, {value} FROM {table} WHERE {key} IN ({marks})"  # noqa: S608


def versioned_key(prefix: str, versions: tuple[int, ...], parts: Any = ()) -> str:
    """A cache key that changes with any of ``versions`` and with ``parts`` (anything with a
    stable ``repr``: ids, levels, the language)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{prefix}:{'.'.join(map(str, versions))}:{digest}"


def cached(key: str, compute: Callable[[], Any], *, timeout: int) -> Any:
    """The value under ``key``, computed and kept when missing (a ``None`` result is computed
    again each time: the cache cannot tell it from a miss)."""
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=timeout)
    return found


def cached_for(
    prefix: str, version_keys: Iterable[str], parts: Any, compute: Callable[[], Any], *, timeout
) -> Any:
    """``compute()``, kept until one of ``version_keys`` is bumped (one query for the versions)."""
    return cached(
        versioned_key(prefix, current_many(version_keys), parts), compute, timeout=timeout
    )
