"""Planner statistics for the database: run after bulk writes and by the periodic job.

Query plans depend on table statistics. SQLite has none until ``ANALYZE`` runs (one join of the
agreement list took 1.56 s instead of 13 ms on a never-analysed state-scale database);
PostgreSQL's autovacuum catches up only after a delay. So imports that write many rows call
``analyze()`` at the end of their job, ``seed_scale`` after loading, and the periodic job
``core.db_analyze`` keeps the statistics fresh (``PRAGMA optimize`` re-analyses only tables
whose statistics are out of date, so it is cheap to run every quarter hour).
"""

from __future__ import annotations

import logging
import time

from django.db import connection

logger = logging.getLogger(__name__)

# How many rows per index SQLite samples when it analyses (keeps ANALYZE fast on big tables).
SQLITE_ANALYSIS_LIMIT = 1000


def analyze(*, full: bool = True) -> dict:
    """Refresh the planner statistics. ``full`` analyses every table (after a bulk load);
    otherwise SQLite runs ``PRAGMA optimize`` (only what changed a lot) and PostgreSQL
    ``ANALYZE`` as well (it samples, so it is cheap). Returns what ran and how long it took."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            statement = "ANALYZE" if full else "PRAGMA optimize"
        elif connection.vendor == "postgresql":
            statement = "ANALYZE"
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            return {"statement": None, "seconds": 0.0}
        cursor.execute(statement)
    seconds = round(time.perf_counter() - started, 3)
    logger.info("%s in %.3f s", statement, seconds)
    return {"statement": statement, "seconds": seconds}


def periodic_analyze() -> dict:
    """The periodic job: cheap when nothing changed."""
    return analyze(full=False)
