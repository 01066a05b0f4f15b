"""Shared helpers for benchmarks: a throw-away database, timing, query counts, reporting.

Benchmarks run as plain scripts (``python -m bench`` runs them all, ``python -m bench.NAME``
one). Machines here are shared and noisy, so every figure that matters is reported next to a
baseline measured in the same run, as a ratio.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    import django

    django.setup()


# ``python -m bench`` migrates one SQLite database and hands each benchmark a copy of it:
# migrating from scratch costs 30-45 s, once per benchmark, more than most benchmarks measure.
TEMPLATE_ENV = "BENCH_SQLITE_TEMPLATE"


@contextmanager
def temp_database() -> Iterator[str]:
    """A fresh, migrated database: a temporary SQLite file, or ``test_*`` on PostgreSQL when
    DATABASE_URL points there. Yields the engine's vendor name."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        template = os.environ.get(TEMPLATE_ENV, "")
        if connection.vendor == "sqlite" and template and Path(template).exists():
            with _sqlite_copy_of(template, path):
                yield connection.vendor
            return
        if connection.vendor == "sqlite":
            # A file, not the in-memory default: closer to how the app really runs.
            connection.settings_dict["TEST"]["NAME"] = str(path)
        names = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
        if connection.vendor == "sqlite" and template:
            _save_sqlite_template(connection, Path(template))
        try:
            yield connection.vendor
        finally:
            teardown_databases(names, verbosity=0)


@contextmanager
def _sqlite_copy_of(template: str, path: Path) -> Iterator[None]:
    import shutil

    from django.conf import settings
    from django.db import connection

    shutil.copyfile(template, path)
    original = connection.settings_dict["NAME"]
    connection.close()
    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = str(path)
    try:
        connection.ensure_connection()
        yield
    finally:
        connection.close()
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = original


def _save_sqlite_template(connection, template: Path) -> None:
    """A self-contained copy (SQLite's backup, so nothing stays behind in the WAL file)."""
    import sqlite3

    connection.ensure_connection()
    partial = template.with_suffix(".part")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    partial.replace(template)


# ``python -m bench --ci`` (BENCH_SCALE=ci): smaller data and at most two timed runs per figure,
# so that CI's benchmark step stays within a few minutes; each figure says which scale it has.
CI_SCALE = os.environ.get("BENCH_SCALE", "") == "ci"
CI_MAX_REPEAT = 2


def scaled(full, ci):
    """``full`` normally, ``ci`` under ``python -m bench --ci``."""
    return ci if CI_SCALE else full


def timed(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> dict[str, float]:
    if CI_SCALE:
        repeat, warmup = min(repeat, CI_MAX_REPEAT), min(warmup, 1)
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return {"median_s": statistics.median(samples), "min_s": min(samples), "runs": repeat}


def count_queries(fn: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def report(benchmark: str, **figures) -> dict:
    """Print one JSON line and keep it under bench/results/ (git-ignored)."""
    figures.setdefault("bench_scale", "ci" if CI_SCALE else "full")
    from django.db import connection

    record = {
        "benchmark": benchmark,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "load_avg_1m": round(os.getloadavg()[0], 2),
        **figures,
    }
    line = json.dumps(record, ensure_ascii=False, default=str)
    print(line, flush=True)
    RESULTS_DIR.mkdir(exist_ok=True)
    with (RESULTS_DIR / "results.jsonl").open("a", encoding="utf-8") as out:
        out.write(line + "\n")
    return record
