"""Planner statistics for the database: run after bulk writes and by the periodic job.

Query plans depend on table statistics. SQLite has none until ``ANALYZE`` runs (one join of the
agreement list took 1.56 s instead of 13 ms on a never-analysed state-scale database);
PostgreSQL's autovacuum catches up only after a delay. So imports that write many rows call
``analyze()`` at the end of their job, ``seed_scale`` after loading, and the periodic job
``core.db_analyze`` keeps the statistics fresh (sampled, so cheap every quarter hour).
"""

from __future__ import annotations

import logging
import time

from django.db import connection

logger = logging.getLogger(__name__)

# How many rows per index SQLite samples when it analyses (keeps ANALYZE fast on big tables).
SQLITE_ANALYSIS_LIMIT = 1000


def analyze() -> dict:
    """Refresh the planner statistics of every table. On SQLite each index is sampled with at
    most SQLITE_ANALYSIS_LIMIT rows (milliseconds even at state scale), on PostgreSQL ANALYZE
    samples by itself. Returns what ran and how long it took."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
        elif connection.vendor != "postgresql":  # pragma: no cover - only these two
            return {"statement": None, "seconds": 0.0}
        cursor.execute("ANALYZE")
    seconds = round(time.perf_counter() - started, 3)
    logger.info("ANALYZE in %.3f s", seconds)
    return {"statement": "ANALYZE", "seconds": seconds}


def periodic_analyze() -> dict:
    """The periodic job (every run of ``manage.py run_scheduled_jobs``)."""
    return analyze()
