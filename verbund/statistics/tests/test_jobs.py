"""The import's background tasks: commit and check in the worker, cancel, a worker killed
mid-import (nothing written, failed and retryable, retry works), the file deleted at the end."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.core import tasks
from verbund.core.models import BackgroundJob, JobStatus
from verbund.core.roles import Role
from verbund.statistics import services
from verbund.statistics.models import ImportRun, ImportStatus, IndicatorValue

from .factories import AreaFactory

pytestmark = pytest.mark.django_db

CSV = "Schlüssel;Einwohner\n001;1\n002;2\n003;3\n"
SPEC = {"area_column": "Schlüssel", "year": 2023, "columns": {"Einwohner": "population"}}


@pytest.fixture
def checked_run(tenant):
    with scopes_disabled():
        for code in ("001", "002", "003"):
            AreaFactory(municipality=tenant.municipality, code=code, name=f"Gebiet {code}")
        run = services.import_upload(
            actor=tenant.users[Role.PLANNER],
            municipality=tenant.municipality,
            upload=ContentFile(CSV.encode(), name="daten.csv"),
        )
        run = services.import_analyse(actor=None, run=run, spec=SPEC, options={})
    assert run.status == ImportStatus.READY
    return run


def values(tenant) -> int:
    with scopes_disabled():
        return IndicatorValue.objects.filter(municipality=tenant.municipality).count()


def test_background_commit_runs_as_a_job_and_deletes_the_file(
    tenant, checked_run, django_capture_on_commit_callbacks
):
    name = checked_run.file.name
    assert default_storage.exists(name)
    with scope(municipality=tenant.municipality.pk):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.import_commit(
                actor=tenant.users[Role.PLANNER], run=checked_run, background=True
            )
            assert run.status == ImportStatus.RUNNING and run.job.status == JobStatus.QUEUED
        run.refresh_from_db()
        job = run.job
    assert run.status == ImportStatus.DONE and run.values_written == 3
    assert job.status == JobStatus.SUCCEEDED and job.result["values_written"] == 3
    assert job.owner == tenant.users[Role.PLANNER] and job.percent == 100
    assert not run.file and job.upload == "" and not default_storage.exists(name)
    assert values(tenant) == 3


def test_large_check_runs_as_a_job(tenant, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services.imports, "BACKGROUND_BYTES", 10)
    with scope(municipality=tenant.municipality.pk):
        for code in ("001", "002", "003"):
            AreaFactory(municipality=tenant.municipality, code=code, name=f"Gebiet {code}")
        run = services.import_upload(
            actor=None,
            municipality=tenant.municipality,
            upload=ContentFile(CSV.encode(), name="daten.csv"),
        )
        with django_capture_on_commit_callbacks(execute=True):
            run = services.import_analyse(
                actor=None, run=run, spec=SPEC, options={}, background=True
            )
            assert run.status == ImportStatus.CHECKING
        run.refresh_from_db()
        assert run.status == ImportStatus.READY and run.rows_total == 3
        assert run.job.status == JobStatus.SUCCEEDED
        assert run.file  # the file stays for the commit


def test_cancel_during_the_import_writes_nothing_and_deletes_the_file(
    tenant, checked_run, monkeypatch, django_capture_on_commit_callbacks
):
    name = checked_run.file.name
    monkeypatch.setattr(services.writer, "BATCH_SIZE", 1)
    original = services._Writer.flush
    calls = {"n": 0}

    def flush_then_cancel(self):
        calls["n"] += 1
        if calls["n"] == 2:  # the user presses "abbrechen" while the values are read
            run = ImportRun.objects.get(pk=checked_run.pk)
            tasks.job_cancel(job=run.job)
        return original(self)

    monkeypatch.setattr(services._Writer, "flush", flush_then_cancel)
    with scope(municipality=tenant.municipality.pk):
        with django_capture_on_commit_callbacks(execute=True):
            services.import_commit(actor=None, run=checked_run, background=True)
        run = ImportRun.objects.get(pk=checked_run.pk)
        job = run.job
    assert calls["n"] >= 2
    assert job.status == JobStatus.CANCELLED and "nichts geschrieben" in job.message
    assert run.status == ImportStatus.CANCELLED
    assert values(tenant) == 0
    assert not run.file and not default_storage.exists(name)


def test_cancel_view_on_a_running_import_asks_the_job_to_stop(
    client, tenant, checked_run, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with (
        scope(municipality=tenant.municipality.pk),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = services.import_commit(actor=None, run=checked_run, background=True)
    client.force_login(tenant.users[Role.PLANNER])
    slug = tenant.municipality.slug
    response = client.post(reverse("statistics:import_cancel", args=[slug, run.pk]))
    assert response.status_code == 302
    with scopes_disabled():
        run.refresh_from_db()
        job = run.job
    # Still queued: cancelled at once, the worker will not run it; the file is gone.
    assert job.status == JobStatus.CANCELLED and run.status == ImportStatus.CANCELLED
    assert not run.file and values(tenant) == 0


def test_a_killed_worker_leaves_nothing_and_the_import_can_be_retried(
    client, tenant, checked_run, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker dies mid-import (SystemExit where SIGKILL would strike): the database is
    unchanged; once its heartbeat is stale the run is failed and retryable, the file kept."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.VERBUND_JOB_STALE_SECONDS = 60
    name = checked_run.file.name
    monkeypatch.setattr(services.writer, "BATCH_SIZE", 1)
    original = services._Writer.flush
    calls = {"n": 0}

    def dying_flush(self):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit(137)
        return original(self)

    monkeypatch.setattr(services._Writer, "flush", dying_flush)
    with scope(municipality=tenant.municipality.pk):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.import_commit(actor=None, run=checked_run, background=True)
        with pytest.raises(SystemExit):
            tasks.execute(run.job_id)  # what db_worker would run
        run.refresh_from_db()
        assert run.status == ImportStatus.RUNNING and run.job.status == JobStatus.RUNNING
    assert values(tenant) == 0
    monkeypatch.setattr(services._Writer, "flush", original)

    with scopes_disabled():
        BackgroundJob.objects.filter(pk=run.job_id).update(
            heartbeat_at=timezone.now() - timezone.timedelta(seconds=120)
        )
    client.force_login(tenant.users[Role.PLANNER])
    slug = tenant.municipality.slug
    page = client.get(reverse("statistics:import_detail", args=[slug, run.pk])).content.decode()
    assert "unterbrochen" in page and "Übernahme wiederholen" in page
    with scopes_disabled():
        run.refresh_from_db()
        job = run.job
    assert run.status == ImportStatus.FAILED
    assert job.status == JobStatus.FAILED and job.retryable
    assert run.file and default_storage.exists(name)  # kept for the retry
    assert values(tenant) == 0

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("statistics:import_retry", args=[slug, run.pk]))
    assert response.status_code == 302
    with scopes_disabled():
        run.refresh_from_db()
        job = run.job
    assert run.status == ImportStatus.DONE and run.values_written == 3
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert not run.file and not default_storage.exists(name)
    assert values(tenant) == 3


def test_stale_sweep_marks_a_dead_import_failed(tenant, checked_run, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.VERBUND_JOB_STALE_SECONDS = 60
    with scope(municipality=tenant.municipality.pk):
        run = services.import_commit(actor=None, run=checked_run, background=True)
        BackgroundJob.objects.filter(pk=run.job_id).update(
            status=JobStatus.RUNNING,
            heartbeat_at=timezone.now() - timezone.timedelta(seconds=600),
        )
    assert tasks.sweep_stale_jobs() == 1
    with scopes_disabled():
        run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and "unterbrochen" in run.error_message
    assert run.job.retryable and run.file
    name = run.file.name
    with scope(municipality=tenant.municipality.pk):
        run = services.import_cancel(actor=None, run=run)  # the user gives it up
        run.job.refresh_from_db()
    assert run.status == ImportStatus.CANCELLED and not run.job.retryable
    assert not run.file and not default_storage.exists(name)


def test_retry_is_refused_for_a_run_that_cannot_be_retried(tenant, checked_run):
    with scope(municipality=tenant.municipality.pk), pytest.raises(services.ValidationError):
        services.import_retry(actor=None, run=checked_run)


def test_cancel_a_waiting_check(tenant, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(services.imports, "BACKGROUND_BYTES", 10)
    with scope(municipality=tenant.municipality.pk):
        run = services.import_upload(
            actor=None,
            municipality=tenant.municipality,
            upload=ContentFile(CSV.encode(), name="daten.csv"),
        )
        name = run.file.name
        with django_capture_on_commit_callbacks(execute=True):
            run = services.import_analyse(
                actor=None, run=run, spec=SPEC, options={}, background=True
            )
        run = services.import_cancel(actor=None, run=run)
        assert tasks.execute(run.job_id) == JobStatus.CANCELLED  # the worker skips it
        run.refresh_from_db()
    assert run.status == ImportStatus.CANCELLED and run.job.status == JobStatus.CANCELLED
    assert not run.file and not default_storage.exists(name)
