"""Background jobs (verbund.core.tasks): enqueue on commit, scope, retries with back-off,
cancel, stale sweep, the worker heartbeat, the scheduler and a real ``db_worker`` process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks_db.models import DBTaskResult

from verbund.accounts.testing import build_tenant
from verbund.core import tasks
from verbund.core.models import BackgroundJob, JobStatus, WorkerHeartbeat

from . import jobs

ROOT = Path(__file__).resolve().parents[3]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _fresh_calls():
    jobs.CALLS.clear()


def test_job_starts_after_commit_inside_the_tenant_scope(
    tenant, foreign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = jobs.count_centres.enqueue(
            municipality=tenant.municipality, owner=tenant.users["admin"], note="x"
        )
        with scopes_disabled():
            job.refresh_from_db()
        assert job.status == JobStatus.QUEUED  # nothing runs before the commit
    assert len(callbacks) == 1
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    # One centre: the foreign municipality's centre is outside the job's scope.
    assert job.result == {"centres": 1, "note": "x"}
    assert job.attempts == 1 and job.progress_done == job.progress_total == 2
    assert job.owner == tenant.users["admin"]


def test_job_rows_are_tenant_scoped(tenant, foreign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.count_centres.enqueue(municipality=tenant.municipality)
    with scope(municipality=foreign.municipality.pk):
        assert not BackgroundJob.objects.filter(pk=job.pk).exists()
    with scope(municipality=tenant.municipality.pk):
        assert BackgroundJob.objects.filter(pk=job.pk).exists()


def test_failure_is_retried_with_back_off(tenant, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.flaky.enqueue(municipality=tenant.municipality, fail_times=5)
    assert DBTaskResult.objects.count() == 1
    delays = []
    with scope(municipality=tenant.municipality.pk):
        for _attempt in range(3):
            before = timezone.now()
            tasks.execute(job.pk)
            job.refresh_from_db()
            if job.status == JobStatus.QUEUED:
                queued = DBTaskResult.objects.order_by("-enqueued_at").first()
                assert queued.run_after is not None
                delays.append(round((queued.run_after - before).total_seconds()))
    assert delays == [10, 20]  # 10 s, doubled per attempt
    assert DBTaskResult.objects.count() == 3
    assert job.status == JobStatus.FAILED and job.retryable and job.attempts == 3
    assert "unerwarteten Fehler" in job.message


def test_retry_succeeds_with_the_immediate_backend(tenant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.flaky.enqueue(municipality=tenant.municipality, fail_times=2)
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 3 and job.result == "ok"
    assert len(jobs.CALLS) == 3


def test_job_error_fails_for_good_and_deletes_the_upload(
    tenant, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("jobs/upload.csv", ContentFile(b"a;b\n"))
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.refuse.enqueue(municipality=tenant.municipality, upload=name)
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.retryable
    assert job.message == "Das geht so nicht." and job.attempts == 1
    assert job.upload == "" and not default_storage.exists(name)


def test_cancel_before_start(tenant, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.count_centres.enqueue(municipality=tenant.municipality)
    with scope(municipality=tenant.municipality.pk):
        job = tasks.job_cancel(job=job)
        assert job.status == JobStatus.CANCELLED
        assert tasks.execute(job.pk) == JobStatus.CANCELLED  # the worker does not run it
        job.refresh_from_db()
    assert job.result is None


def test_stale_sweep_fails_running_jobs_and_marks_them_retryable(tenant, settings):
    settings.VERBUND_JOB_STALE_SECONDS = 60
    with scopes_disabled():
        old = timezone.now() - timedelta(seconds=120)
        dead = BackgroundJob.objects.create(
            municipality=tenant.municipality,
            task="verbund.core.tests.jobs.count_centres",
            status=JobStatus.RUNNING,
            heartbeat_at=old,
            started_at=old,
        )
        alive = BackgroundJob.objects.create(
            municipality=tenant.municipality,
            task="verbund.core.tests.jobs.count_centres",
            status=JobStatus.RUNNING,
            heartbeat_at=timezone.now(),
            started_at=old,
        )
    assert tasks.sweep_stale_jobs() == 1
    with scopes_disabled():
        dead.refresh_from_db()
        alive.refresh_from_db()
    assert dead.status == JobStatus.FAILED and dead.retryable
    assert "unterbrochen" in dead.message
    assert alive.status == JobStatus.RUNNING


def test_worker_heartbeat_age(db):
    assert tasks.worker_heartbeat_age() is None
    tasks.worker_beat(worker_id="a", hostname="host", pid=1)
    assert 0 <= tasks.worker_heartbeat_age() < 5
    WorkerHeartbeat.objects.filter(worker_id="a").update(
        beat_at=timezone.now() - timedelta(seconds=100)
    )
    assert 99 <= tasks.worker_heartbeat_age() < 110
    tasks.worker_beat(worker_id="b")
    assert tasks.worker_heartbeat_age() < 5  # the freshest worker counts


def test_run_scheduled_jobs_runs_every_registered_job(db):
    out = StringIO()
    call_command("run_scheduled_jobs", "--liste", stdout=out)
    assert "cooperation.reminders" in out.getvalue() and "core.stale_jobs" in out.getvalue()
    out = StringIO()
    call_command("run_scheduled_jobs", stdout=out)
    assert "cooperation.reminders: erledigt (0)" in out.getvalue()
    assert "core.stale_jobs: erledigt (0)" in out.getvalue()


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the worker process is pointed at the SQLite file"
)
def test_a_real_db_worker_process_runs_a_job(transactional_db):
    tenant = build_tenant("worker")
    job = jobs.count_centres.enqueue(
        municipality=tenant.municipality, note="Worker", backend="database"
    )
    assert DBTaskResult.objects.count() == 1  # autocommit: handed over at once
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "sqlite:///" + str(connection.settings_dict["NAME"]),
    }
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--backend",
            "database",
            "--queue-name",
            "*",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, (job.message, result.stdout, result.stderr)
    assert job.result == {"centres": 1, "note": "Worker"}
    assert tasks.worker_heartbeat_age() is not None  # the worker said it was alive
