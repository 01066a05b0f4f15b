"""Liveness (``/gesund/``) and readiness (``/bereit/``) for load balancers and systemd.

Liveness answers as long as the process serves requests. Readiness runs every registered check
(database and cache here; other parts register theirs, e.g. the task worker's heartbeat) and
answers 503 when one fails, so a load balancer takes the node out of rotation. The answer names
each check and says ``ok`` or ``fehler``; error details go to the log, never into the answer
(they could carry host names or credentials).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .permissions import PUBLIC
from .views import declare

logger = logging.getLogger(__name__)

# A check returns None (or True) when ready, or raises / returns False / a short German reason.
ReadinessCheck = Callable[[], object]
_checks: dict[str, ReadinessCheck] = {}


def register_readiness_check(name: str, check: ReadinessCheck) -> None:
    """Add (or replace) a readiness check; call it from an ``AppConfig.ready()``."""
    if not name or not name.replace("_", "").isalnum():
        raise ValueError(f"readiness check name must be a simple word: {name!r}")
    _checks[name] = check


def unregister_readiness_check(name: str) -> None:
    _checks.pop(name, None)


def readiness_checks() -> dict[str, ReadinessCheck]:
    return dict(_checks)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("database answered SELECT 1 wrongly")


def check_cache() -> None:
    """A write and read through the configured cache (shared Redis or local memory)."""
    key = f"verbund:readiness:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("cache did not return the value just written")
    finally:
        cache.delete(key)


register_readiness_check("database", check_database)
register_readiness_check("cache", check_cache)


def run_checks() -> tuple[bool, dict[str, dict[str, object]]]:
    results: dict[str, dict[str, object]] = {}
    ready = True
    for name, check in readiness_checks().items():
        started = time.perf_counter()
        try:
            outcome = check()
        except Exception:
            logger.exception("readiness check %s failed", name)
            outcome = False
        passed = outcome is None or outcome is True
        if not passed:
            logger.warning("readiness check %s not ready: %r", name, outcome)
        ready = ready and passed
        results[name] = {
            "status": "ok" if passed else "fehler",
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
    return ready, results


@declare(PUBLIC)
@never_cache
def liveness(request):
    """The process is up and serving; touches nothing else."""
    return JsonResponse({"status": "ok"})


@declare(PUBLIC)
@never_cache
def readiness(request):
    ready, results = run_checks()
    return JsonResponse(
        {"status": "ok" if ready else "fehler", "checks": results},
        status=200 if ready else 503,
    )
