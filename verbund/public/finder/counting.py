"""Count searches, anonymously, per municipality, day and combination of filters.

Every finder request with filters counts, and most are answered from the page cache in a few
milliseconds; a database write per request would cost more than the page (on PostgreSQL the
same combination's row is locked by each request in turn; on SQLite every write takes the
database's one write lock). So a process adds its counts up in memory and writes them at most
every ``FINDER_COUNT_FLUSH_SECONDS`` (10; 0: at once), in one transaction: one UPDATE …
SET count = count + n per combination, and an INSERT only on the first search of a combination
that day (portable to SQLite and PostgreSQL; a race on the insert is caught by the unique
constraint and becomes the update). The planners' page shows a search within that time; a
process ending normally writes what it holds. The memory holds nothing but the combination.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_scopes import scopes_disabled

from .forms import life_phase_key
from .models import SearchCount

logger = logging.getLogger(__name__)

_pending: Counter = Counter()  # (municipality id, day, combination items) → searches
_lock = threading.Lock()
_last_write = time.monotonic()


def combination(selected: dict[str, str]) -> dict:
    """The normalised columns of a search (the age becomes its life phase)."""
    return {
        "life_phase": life_phase_key(selected.get("alter", "")) or "",
        "topic": selected.get("thema", ""),
        "language": selected.get("sprache", ""),
        "free_only": bool(selected.get("kostenlos")),
        "weekday": selected.get("tag", ""),
        "time_of_day": selected.get("zeit", ""),
        "near_kind": selected.get("nahe", ""),
        "step_free": bool(selected.get("stufenlos")),
    }


def flush_seconds() -> float:
    return float(getattr(settings, "FINDER_COUNT_FLUSH_SECONDS", 10))


def count_search(*, municipality, selected: dict[str, str]) -> None:
    if not selected:
        return
    key = (municipality.pk, timezone.localdate(), tuple(combination(selected).items()))
    with _lock:
        _pending[key] += 1
        due = time.monotonic() - _last_write >= flush_seconds()
    if due:
        write_counts()


def write_counts() -> int:
    """Write the searches this process holds; how many combinations. A database that
    cannot take them now keeps them for the next time."""
    global _last_write
    with _lock:
        pending = dict(_pending)
        _pending.clear()
        _last_write = time.monotonic()
    if not pending:
        return 0
    try:
        _write(pending)
    except IntegrityError:
        # One combination cannot be written (its municipality deleted meanwhile): the others
        # one by one, so that it cannot hold them back for ever.
        return _write_one_by_one(pending)
    except DatabaseError:
        logger.warning("Suchzählung nicht geschrieben, wird später nachgeholt", exc_info=True)
        _keep(pending)
        return 0
    return len(pending)


def _write(pending: dict) -> None:
    with scopes_disabled(), transaction.atomic():
        for (municipality_id, day, items), searches in pending.items():
            _add(municipality_id, day, dict(items), searches)


def _write_one_by_one(pending: dict) -> int:
    written, later = 0, {}
    for key, searches in pending.items():
        try:
            _write({key: searches})
            written += 1
        except IntegrityError:
            logger.info("Suchzählung verworfen: Kommune %s gibt es nicht mehr", key[0])
        except DatabaseError:
            later[key] = searches
    _keep(later)
    return written


def _keep(pending: dict) -> None:
    with _lock:
        _pending.update(pending)


def _add(municipality_id: int, day, columns: dict, searches: int) -> None:
    key = {"municipality_id": municipality_id, "day": day, **columns}
    if SearchCount.objects.filter(**key).update(count=F("count") + searches):
        return
    try:
        with transaction.atomic():
            SearchCount.objects.create(**key, count=searches)
    except IntegrityError:
        SearchCount.objects.filter(**key).update(count=F("count") + searches)


def _write_at_exit() -> None:
    try:
        write_counts()
    except Exception:  # a process going down: never fail its exit
        logger.warning("Suchzählung beim Beenden nicht geschrieben", exc_info=True)


atexit.register(_write_at_exit)
