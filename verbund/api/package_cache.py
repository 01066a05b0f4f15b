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

**After a change** the first download does not wait for the build (seconds at 10,000
offers): it queues the build as a background job and is served the last complete package of
the same host, language and code, for at most ``DATAPACKAGE_STALE_SECONDS`` (60) after it
asked for the build – the freshness the public pages promise. A download later than that,
with the job still not done (no worker running), builds the package itself. With the setting
at 0, or with no earlier package, every download after a change builds. ``Last-Modified``
says when the package served was built.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as shared_cache
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


def stale_seconds() -> int:
    return int(getattr(settings, "DATAPACKAGE_STALE_SECONDS", 60))


def _digest(parts: tuple) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _shape(ctx) -> str:
    """What a package's form depends on, besides its data: an earlier package of the same
    shape may stand in while the new one is built."""
    from verbund.offers.catalogue import check_after_days, grace_days

    return _digest(
        (
            _nonce(ctx.mid),
            ctx.base_url,
            get_language() or "",
            check_after_days(),
            grace_days(),
            _code_digest(),
        )
    )


def key(ctx) -> str:
    """The name the kept file of this municipality must have for the current data."""
    mid = ctx.mid
    versions = cache_versions.current_many([version_key(mid), gap_cache.version_key(mid)])
    data = _digest((*versions, timezone.localdate().isoformat()))
    return f"hsds-{mid}-{_shape(ctx)}-{data}.zip"


def _path(name: str) -> Path:
    return cache_dir() / "datapackage" / name


@dataclass
class Package:
    blocks: Iterator[bytes]
    built_at: datetime  # for Last-Modified
    stale: bool = False  # an earlier package, while the current one is being built


def open_package(ctx, build: Iterator[bytes]) -> Package:
    """The current package from its file; else, within the stale window, the last one of the
    same shape (and its build queued); else ``build``, kept for the next download."""
    name = key(ctx)
    path = _path(name)
    handle = _open(path)
    if handle is None:
        earlier = _newest_of_shape(ctx, besides=path)
        earlier_handle = _open(earlier) if earlier else None
        if earlier_handle is not None and _may_serve_stale(ctx, name):
            handle = _open(path)  # a job run at once (no worker process) may have built it
            if handle is None:
                return Package(_read(earlier_handle), _built_at(earlier_handle), stale=True)
        if earlier_handle is not None:
            earlier_handle.close()
    if handle is None:
        return Package(_build_and_keep(ctx, build, name, path), datetime.now(UTC))
    return Package(_read(handle), _built_at(handle))


def stream(ctx, build: Iterator[bytes]) -> Iterator[bytes]:
    """The package's bytes (see :func:`open_package`)."""
    return open_package(ctx, build).blocks


def _open(path: Path):
    try:
        return path.open("rb")
    except FileNotFoundError:
        return None


def _read(handle) -> Iterator[bytes]:
    with handle:
        while block := handle.read(BLOCK):
            yield block


def _built_at(handle) -> datetime:
    return datetime.fromtimestamp(os.fstat(handle.fileno()).st_mtime, UTC)


def _newest_of_shape(ctx, *, besides: Path) -> Path | None:
    folder = besides.parent
    if not folder.is_dir():
        return None
    candidates = []
    for path in folder.glob(f"hsds-{ctx.mid}-{_shape(ctx)}-*.zip"):
        try:
            candidates.append((path.stat().st_mtime, path))
        except FileNotFoundError:  # replaced meanwhile
            continue
    return max(candidates)[1] if candidates else None


def _may_serve_stale(ctx, name: str) -> bool:
    """Whether the build of ``name`` was asked for at most the stale window ago (asking for
    it now, once per process and cache, if nobody has)."""
    seconds = stale_seconds()
    if seconds <= 0:
        return False
    marker = f"datapackage-build-asked:{name}"
    now = time.time()
    if shared_cache.add(marker, now, timeout=max(3600, 10 * seconds)):
        _queue_build(ctx)
        return True
    asked = shared_cache.get(marker, now)
    return now - asked <= seconds


def _queue_build(ctx) -> None:
    from django.utils.translation import gettext as _

    from .jobs import prepare_datapackage

    prepare_datapackage.enqueue(
        municipality=ctx.municipality,
        label=_("Offene Daten: Datenpaket vorbereiten"),
        base_url=ctx.base_url,
        language=get_language() or "",
    )


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
    """Earlier packages of the same shape go at once; those of another host, language or
    code (each may still be asked for) after a day."""
    shape = keep.name.rsplit("-", 1)[0]
    day_ago = time.time() - 86400
    for old in keep.parent.glob(f"hsds-{municipality_id}-*.zip"):
        if old == keep:
            continue
        try:
            if old.name.startswith(f"{shape}-") or old.stat().st_mtime < day_ago:
                old.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


# -------------------------------------------------------------------------- invalidation


def bump(municipality_id: int | None) -> None:
    if municipality_id is None:
        return
    cache_versions.bump_now_and_on_commit(version_key(municipality_id))


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
