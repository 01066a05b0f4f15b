"""Planner statistics (ANALYZE) and the per-request database frame."""

import pytest
from django.conf import settings
from django.db import connection

from verbund.core.db_maintenance import analyze, periodic_analyze
from verbund.core.scheduler import periodic_jobs, run_periodic_jobs

pytestmark = pytest.mark.django_db


def analysed_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")
        return {row[0] for row in cursor.fetchall()}


def test_analyze_collects_statistics_for_the_planner(tenant):
    result = analyze()
    assert result["statement"] == "ANALYZE"
    assert "accounts_user" in analysed_tables()


def test_the_periodic_job_is_registered_and_runs():
    assert "core.db_analyze" in {job.name for job in periodic_jobs()}
    [outcome] = run_periodic_jobs(["core.db_analyze"])
    assert outcome.ok, outcome.result
    assert periodic_analyze()["statement"] == "ANALYZE"


def test_database_connections_persist_and_sqlite_pragmas_are_set_once():
    db = settings.DATABASES["default"]
    assert db["CONN_MAX_AGE"] > 0  # not reopened (and re-initialised) on every request
    if db["ENGINE"].endswith("sqlite3"):
        assert "PRAGMA foreign_keys=ON" in db["OPTIONS"]["init_command"]
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
