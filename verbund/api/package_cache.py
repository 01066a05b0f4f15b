"""The datapackage ZIP kept on disk until something it shows changes (issue 13, figures).

Building the package of 10,000 offers takes seconds of CPU (every offer becomes its full HSDS
object and about twenty CSV rows); reading a kept file takes milliseconds. A download streams
the kept file when its name still matches :func:`key`; otherwise it builds the package as
before, streams it and keeps what it streamed for the next download.

The key changes whenever the content may change, so a kept file is never served stale:
- ``datapackage:<municipality>`` in ``verbund.core.cache_versions``, bumped by a change of any
  row the package reads (:data:`WATCHED`; a test compares it with the tables a build reads),
  at once and again on commit, as the gap matrix cache does;
- the gap cache's ``offers:<municipality>``, which writes outside the ORM's signals (the feed
  import, ``seed_scale``) bump themselves;
- the day: which offers are public depends on the date (confirmation grace period);
- the host the absolute URLs point to, the language of the labels, the settings of the
  grace period and the source of the modules that shape the output (a deployment with
  changed code never serves a file the old code wrote);
- a random number kept in the database per municipality: a database restored or recreated
  (tests, benchmarks, a backup) starts its counters again at the same values, and must not
  read the files the old database left behind.

A file is written under a temporary name and renamed when complete, and only if the version
is still the one read before the build: a change committed meanwhile leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from verbund.core import cache_versions
from verbund.core.models import CacheVersion
from verbund.offers.gaps import cache as gap_cache

BLOCK = 64 * 1024


def cache_dir() -> Path:
    return Path(getattr(settings, "DATAPACKAGE_CACHE_DIR", Path(settings.VAR_DIR) / "cache"))


def version_key(municipality_id: int) -> str:
    return f"datapackage:{municipality_id}"


def _nonce_key(municipality_id: int) -> str:
    return f"datapackage-nonce:{municipality_id}"


@cache
def _code_digest() -> str:
    from . import datapackage, hsds, ids, selectors

    digest = hashlib.sha256()
    for module in (datapackage, hsds, ids, selectors):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(datapackage.DESCRIPTOR.read_bytes())
    return digest.hexdigest()


def _nonce(municipality_id: int) -> int:
    key = _nonce_key(municipality_id)
    value = cache_versions.current(key)
    if not value:
        try:
            with transaction.atomic():
                CacheVersion.objects.create(key=key, value=secrets.randbelow(2**62) + 1)
        except IntegrityError:  # created meanwhile by another request
            pass
        value = cache_versions.current(key)
    return value


def key(ctx) -> str:
    """The name the kept file of this municipality must have for the current data."""
    from verbund.offers.catalogue import check_after_days, grace_days

    mid = ctx.mid
    versions = cache_versions.current_many([version_key(mid), gap_cache.version_key(mid)])
    parts = (
        _nonce(mid),
        *versions,
        timezone.localdate().isoformat(),
        ctx.base_url,
        get_language() or "",
        check_after_days(),
        grace_days(),
        _code_digest(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"hsds-{mid}-{digest}.zip"


def _path(name: str) -> Path:
    return cache_dir() / "datapackage" / name


def stream(ctx, build: Iterator[bytes]) -> Iterator[bytes]:
    """The package's bytes: from the kept file if it is current, else from ``build`` (kept)."""
    name = key(ctx)
    path = _path(name)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        yield from _build_and_keep(ctx, build, name, path)
        return
    with handle:
        while block := handle.read(BLOCK):
            yield block


def _build_and_keep(ctx, build: Iterator[bytes], name: str, path: Path) -> Iterator[bytes]:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{name}.{os.getpid()}.{secrets.token_hex(4)}")
    complete = False
    try:
        with partial.open("wb") as out:
            for block in build:
                out.write(block)
                yield block
        complete = True
    finally:
        # A client that stops reading closes the generator: nothing half is kept.
        if complete and key(ctx) == name:
            partial.replace(path)
            _remove_others(ctx.mid, keep=path)
        else:
            partial.unlink(missing_ok=True)


def _remove_others(municipality_id: int, *, keep: Path) -> None:
    for old in keep.parent.glob(f"hsds-{municipality_id}-*.zip"):
        if old != keep:
            old.unlink(missing_ok=True)


# -------------------------------------------------------------------------- invalidation


def bump(municipality_id: int | None) -> None:
    if municipality_id is None:
        return
    cache_versions.bump(version_key(municipality_id))
    transaction.on_commit(lambda: cache_versions.bump(version_key(municipality_id)))


def _on_row(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if sender._meta.label == "tenancy.Municipality":
        bump(instance.pk)
    else:
        bump(getattr(instance, "municipality_id", None))


def _on_links(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        bump(getattr(instance, "municipality_id", None))


def watched() -> tuple[list, list]:
    """(models whose rows the package shows, link tables of offers): what bumps the version."""
    from verbund.areas.models import Area
    from verbund.network.models import Organisation
    from verbund.offers.models import Offer, OfferOrigin, OfferSchedule
    from verbund.taxonomy.models import Term
    from verbund.tenancy.models import Facility, FamilyCentre, Municipality

    models = [Offer, OfferSchedule, OfferOrigin, Organisation, Facility, FamilyCentre, Area, Term]
    models.append(Municipality)
    return models, [Offer.terms.through, Offer.areas_served.through]


def connect() -> None:
    """From ``ApiConfig.ready()``."""
    uid = "verbund.api.package_cache"
    models, links = watched()
    for model in models:
        label = model._meta.label_lower
        post_save.connect(_on_row, sender=model, dispatch_uid=f"{uid}.{label}.save")
        post_delete.connect(_on_row, sender=model, dispatch_uid=f"{uid}.{label}.delete")
    for through in links:
        m2m_changed.connect(_on_links, sender=through, dispatch_uid=f"{uid}.{through._meta.label}")


# -------------------------------------------------------------------------- prepared ahead


def is_kept(ctx) -> bool:
    return _path(key(ctx)).exists()


def prepare(ctx) -> bool:
    """Build and keep the package unless the current one is kept; whether it was built."""
    from .datapackage import stream_zip

    name = key(ctx)
    path = _path(name)
    if path.exists():
        return False
    for _block in _build_and_keep(ctx, stream_zip(ctx), name, path):
        pass
    return True
