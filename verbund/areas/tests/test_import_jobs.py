"""The boundary import's commit in the task worker: progress page, cancel, a worker killed
mid-import (nothing written, failed and retryable, retry works), a file that went bad, and
the short write: the lock is held briefly and other writers wait instead of failing."""

import sqlite3
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.areas import import_write, services
from verbund.areas.models import Area, AreaImport, ImportStatus
from verbund.core import tasks
from verbund.core.models import AuditEntry, BackgroundJob, JobStatus
from verbund.core.roles import Role

from .data import feature_collection, lindenhagen_districts, square_coords
from .factories import AreaFactory

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE_BACKEND = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def squares(count: int) -> bytes:
    return feature_collection(
        *(
            (f"{n:05d}", f"Gebiet {n}", square_coords(7 + (n % 100) * 0.01, 50 + (n // 100) * 0.01))
            for n in range(count)
        )
    )


def prepare(tenant, content: bytes | None = None, **options) -> AreaImport:
    options.setdefault("level", "Stadtteil")
    with scope(municipality=tenant.municipality.pk):
        return services.area_import_prepare(
            actor=tenant.users[Role.PLANNER],
            municipality=tenant.municipality,
            content=content or lindenhagen_districts(),
            filename="stadtteile.geojson",
            options=services.ImportOptions(**options),
        )


def area_count(tenant) -> int:
    with scopes_disabled():
        return Area.objects.filter(municipality=tenant.municipality).count()


def preview_url(tenant, draft) -> str:
    return reverse("areas:import_preview", args=[tenant.municipality.slug, draft.pk])


def test_commit_request_only_enqueues_and_the_page_shows_progress_and_cancel(
    client, tenant, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_BACKEND
    draft = prepare(tenant)
    client.force_login(tenant.users[Role.PLANNER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(preview_url(tenant, draft), {"action": "commit"})
    assert response.status_code == 302 and response["Location"] == preview_url(tenant, draft)
    with scopes_disabled():
        draft.refresh_from_db()
        job = draft.job
    assert draft.status == ImportStatus.RUNNING and job.status == JobStatus.QUEUED
    assert job.task == "verbund.areas.services.import_jobs._commit_task"
    assert area_count(tenant) == 0  # the request wrote no area
    page = client.get(preview_url(tenant, draft))
    assert page["Refresh"] == "2"
    body = page.content.decode()
    assert "Die Gebiete werden übernommen" in body and 'value="cancel"' in body
    assert "<script" not in body.split("import-progress")[1].split("</section>")[0]
    response = client.post(preview_url(tenant, draft), {"action": "cancel"}, follow=True)
    assert "Die Übernahme wurde abgebrochen" in response.content.decode()
    with scopes_disabled():
        draft.refresh_from_db()
        job.refresh_from_db()
    # Still queued: cancelled at once; the preview is open again, nothing was written.
    assert job.status == JobStatus.CANCELLED and draft.status == ImportStatus.PREVIEW
    assert "Refresh" not in client.get(preview_url(tenant, draft))
    with scope(municipality=tenant.municipality.pk):
        assert tasks.execute(job.pk) == JobStatus.CANCELLED  # the worker skips it
    assert area_count(tenant) == 0
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="areas.import.cancelled").count() == 1
        assert not AuditEntry.objects.filter(action="areas.area.imported").exists()


def test_cancel_while_the_job_prepares_writes_nothing(
    tenant, monkeypatch, django_capture_on_commit_callbacks
):
    draft = prepare(tenant, squares(1200))
    monkeypatch.setattr(import_write, "BATCH", 100)
    original = tasks.JobContext.progress
    calls = {"n": 0}

    def progress_then_cancel(self, done, total=None, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # the user presses "abbrechen" while the areas are prepared
            tasks.job_cancel(job=BackgroundJob.objects.get(pk=self.pk))
        return original(self, done, total, **kwargs)

    monkeypatch.setattr(tasks.JobContext, "progress", progress_then_cancel)
    with scope(municipality=tenant.municipality.pk):
        with django_capture_on_commit_callbacks(execute=True):
            services.area_import_commit(actor=tenant.users[Role.PLANNER], draft=draft)
        draft.refresh_from_db()
        job = draft.job
    assert calls["n"] >= 3
    assert job.status == JobStatus.CANCELLED and "nichts geschrieben" in job.message
    assert draft.status == ImportStatus.PREVIEW and len(draft.features) == 1200
    assert area_count(tenant) == 0


def test_a_killed_worker_leaves_nothing_and_the_commit_can_be_retried(
    client, tenant, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker dies while preparing (SystemExit where SIGKILL would strike): nothing is
    written; once its heartbeat is stale the import is failed and retryable."""
    settings.TASKS = DATABASE_BACKEND
    settings.VERBUND_JOB_STALE_SECONDS = 60
    draft = prepare(tenant)
    original = import_write.plan_write

    def dying_plan(**kwargs):
        raise SystemExit(137)

    monkeypatch.setattr("verbund.areas.services.importing.plan_write", dying_plan)
    with scope(municipality=tenant.municipality.pk):
        with django_capture_on_commit_callbacks(execute=True):
            draft = services.area_import_commit(actor=tenant.users[Role.PLANNER], draft=draft)
        with pytest.raises(SystemExit):
            tasks.execute(draft.job_id)  # what db_worker would run
        draft.refresh_from_db()
        assert draft.status == ImportStatus.RUNNING and draft.job.status == JobStatus.RUNNING
    assert area_count(tenant) == 0
    monkeypatch.setattr("verbund.areas.services.importing.plan_write", original)

    with scopes_disabled():
        BackgroundJob.objects.filter(pk=draft.job_id).update(
            heartbeat_at=timezone.now() - timezone.timedelta(seconds=120)
        )
    client.force_login(tenant.users[Role.PLANNER])
    page = client.get(preview_url(tenant, draft))
    body = page.content.decode()
    assert "Refresh" not in page
    assert "unterbrochen" in body and "Übernahme wiederholen" in body
    with scopes_disabled():
        draft.refresh_from_db()
        job = draft.job
    assert draft.status == ImportStatus.FAILED and job.status == JobStatus.FAILED and job.retryable
    assert area_count(tenant) == 0

    settings.TASKS = IMMEDIATE_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(preview_url(tenant, draft), {"action": "retry"})
    assert response.status_code == 302
    with scopes_disabled():
        draft.refresh_from_db()
        job = draft.job
        assert AuditEntry.objects.filter(action="areas.import.failed").count() == 1
        assert AuditEntry.objects.filter(action="areas.import.retried").count() == 1
        assert AuditEntry.objects.filter(action="areas.area.imported").count() == 1
    assert draft.status == ImportStatus.COMMITTED and job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2 and draft.report["created"] == 3
    assert area_count(tenant) == 3


def test_stale_sweep_fails_a_dead_commit_and_discard_gives_it_up(tenant, settings):
    settings.TASKS = DATABASE_BACKEND
    settings.VERBUND_JOB_STALE_SECONDS = 60
    draft = prepare(tenant)
    with scope(municipality=tenant.municipality.pk):
        draft = services.area_import_commit(actor=None, draft=draft)
        BackgroundJob.objects.filter(pk=draft.job_id).update(
            status=JobStatus.RUNNING,
            heartbeat_at=timezone.now() - timezone.timedelta(seconds=600),
        )
    assert tasks.sweep_stale_jobs() == 1
    with scope(municipality=tenant.municipality.pk):
        draft.refresh_from_db()
        assert draft.status == ImportStatus.FAILED and draft.job.retryable
        draft = services.area_import_discard(actor=None, draft=draft)
        draft.job.refresh_from_db()
        assert draft.status == ImportStatus.DISCARDED and not draft.job.retryable
        with pytest.raises(ValidationError):
            services.area_import_retry(actor=None, draft=draft)


def test_a_file_that_went_bad_returns_to_the_preview_with_the_message(
    client, tenant, django_capture_on_commit_callbacks
):
    """The parent level is deleted between preview and commit: the job fails with the
    file's error, nothing is written, and the preview says why."""
    parent = AreaFactory(municipality=tenant.municipality, level="Bezirk", code="0")
    draft = prepare(tenant, level="Stadtteil", parent_level="Bezirk")
    assert not draft.errors
    with scopes_disabled():
        parent.delete()
    client.force_login(tenant.users[Role.PLANNER])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url(tenant, draft), {"action": "commit"})
    with scopes_disabled():
        draft.refresh_from_db()
        job = draft.job
    assert job.status == JobStatus.FAILED and not job.retryable
    assert "Ebene „Bezirk“ gibt es noch keine Gebiete" in job.message
    assert draft.status == ImportStatus.PREVIEW and area_count(tenant) == 0
    body = client.get(preview_url(tenant, draft)).content.decode()
    assert "Die letzte Übernahme ist gescheitert" in body and 'value="commit"' in body


def test_commit_and_retry_are_refused_in_the_wrong_state(client, tenant):
    draft = prepare(tenant)
    client.force_login(tenant.users[Role.PLANNER])
    for action in ("cancel", "retry"):
        response = client.post(preview_url(tenant, draft), {"action": action}, follow=True)
        assert response.status_code == 200
        assert "kann nicht" in response.content.decode()
    with scopes_disabled():
        AreaImport.objects.filter(pk=draft.pk).update(status=ImportStatus.COMMITTED)
    response = client.post(preview_url(tenant, draft), {"action": "commit"}, follow=True)
    assert "schon abgeschlossen" in response.content.decode()
    assert area_count(tenant) == 0


def test_a_plan_outdated_by_a_concurrent_import_is_made_again(
    tenant, monkeypatch, django_capture_on_commit_callbacks
):
    """Someone imports the same level while the job prepares: the job notices before writing
    and matches the file again instead of writing duplicates or stale updates."""
    draft = prepare(tenant)
    original = import_write.plan_write
    calls = {"n": 0}

    def plan_while_someone_else_imports(**kwargs):
        calls["n"] += 1
        plan = original(**kwargs)
        if calls["n"] == 1:
            AreaFactory(municipality=tenant.municipality, level="Stadtteil", code="01")
        return plan

    monkeypatch.setattr(
        "verbund.areas.services.importing.plan_write", plan_while_someone_else_imports
    )
    with scope(municipality=tenant.municipality.pk):
        with django_capture_on_commit_callbacks(execute=True):
            services.area_import_commit(actor=None, draft=draft)
        draft.refresh_from_db()
    assert calls["n"] == 2
    assert draft.status == ImportStatus.COMMITTED
    assert draft.report["created"] == 2 and draft.report["updated"] == 1
    assert area_count(tenant) == 3


@pytest.mark.django_db(transaction=True)
def test_the_final_write_of_2000_areas_holds_the_lock_briefly(tenant, monkeypatch):
    """All the work happens outside a transaction; the one writing transaction of a
    2,000-area commit lasts well under a second (it took most of the import before)."""
    draft = prepare(tenant, squares(2000))
    seen = {}
    original = import_write.plan_write

    def plan_outside_transaction(**kwargs):
        seen["in_transaction"] = connection.in_atomic_block
        return original(**kwargs)

    monkeypatch.setattr("verbund.areas.services.importing.plan_write", plan_outside_transaction)
    started = time.perf_counter()
    with scope(municipality=tenant.municipality.pk):
        draft = services.area_import_commit(actor=None, draft=draft)  # runs after its commit
        draft.refresh_from_db()
    whole = time.perf_counter() - started
    assert seen == {"in_transaction": False}
    assert draft.status == ImportStatus.COMMITTED and draft.report["created"] == 2000
    assert area_count(tenant) == 2000
    # A share of the whole import, not seconds: shared CI machines slow both alike (0.14 s
    # of 1-2 s on a quiet machine; the write was most of the import before).
    assert 0 < draft.job.result["write_seconds"] < max(0.5, whole / 3), (draft.job.result, whole)
    # Again with every area changed: updates are as short.
    draft = prepare(tenant, squares(2000).replace(b"Gebiet", b"Bereich"))
    started = time.perf_counter()
    with scope(municipality=tenant.municipality.pk):
        draft = services.area_import_commit(actor=None, draft=draft)
        draft.refresh_from_db()
    whole = time.perf_counter() - started
    assert draft.report["updated"] == 2000
    assert 0 < draft.job.result["write_seconds"] < max(0.5, whole / 3), (draft.job.result, whole)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's busy timeout")
@pytest.mark.django_db(transaction=True)
def test_a_short_writer_waits_for_a_long_write_instead_of_failing(tenant):
    """Web and worker connections share the settings' busy timeout: while another
    connection holds the write lock, a write waits and then succeeds."""
    connection.ensure_connection()
    timeout = connection.settings_dict["OPTIONS"]["timeout"]
    assert timeout >= 5  # config/settings/base.py, for web requests and db_worker alike
    assert connection.connection.execute("PRAGMA busy_timeout").fetchone()[0] == timeout * 1000
    held = threading.Event()

    def long_import():
        other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE core_backgroundjob SET message = message WHERE 1 = 0")
        held.set()
        time.sleep(0.8)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=long_import)
    thread.start()
    assert held.wait(5)
    started = time.perf_counter()
    with scopes_disabled():
        AreaFactory(municipality=tenant.municipality, code="W1")  # a short writer
    waited = time.perf_counter() - started
    thread.join()
    assert waited > 0.3  # it did wait for the lock …
    assert area_count(tenant) == 1  # … and then wrote


def upload_url(tenant) -> str:
    return reverse("areas:import_upload", args=[tenant.municipality.slug])


def post_upload(client, tenant, content: bytes):
    return client.post(
        upload_url(tenant),
        {
            "file": SimpleUploadedFile("gross.geojson", content),
            "level": "Stadtteil",
            "kind": "administrative",
            "parent_method": "prefix",
        },
    )


def test_a_large_file_is_checked_by_the_worker_with_a_progress_page(
    client, tenant, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_BACKEND
    monkeypatch.setattr(services.importing, "CHECK_BACKGROUND_BYTES", 10)
    client.force_login(tenant.users[Role.PLANNER])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, tenant, lindenhagen_districts())
    assert response.status_code == 302
    with scopes_disabled():
        draft = AreaImport.objects.get()
    assert draft.status == ImportStatus.CHECKING and draft.features == []
    assert draft.job.task == "verbund.areas.services.import_jobs._check_task"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page["Refresh"] == "2" and "Die Datei wird gelesen und geprüft" in body
    assert 'value="cancel"' in body and 'value="commit"' not in body
    with scope(municipality=tenant.municipality.pk):
        assert tasks.execute(draft.job_id) == JobStatus.SUCCEEDED  # what db_worker runs
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Refresh" not in page
    assert "Am Mühlenbach" in body and "3 Gebiete übernehmen" in body
    with scopes_disabled():
        draft.refresh_from_db()
    assert draft.status == ImportStatus.PREVIEW and len(draft.features) == 3
    assert area_count(tenant) == 0


def test_cancelling_a_check_discards_the_file(
    client, tenant, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_BACKEND
    monkeypatch.setattr(services.importing, "CHECK_BACKGROUND_BYTES", 10)
    client.force_login(tenant.users[Role.PLANNER])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, tenant, lindenhagen_districts())
    response = client.post(response["Location"], {"action": "cancel"}, follow=True)
    assert "Die Prüfung wurde abgebrochen" in response.content.decode()
    with scopes_disabled():
        draft = AreaImport.objects.get()
    assert draft.status == ImportStatus.DISCARDED and bytes(draft.source) == b""
    assert draft.job.status == JobStatus.CANCELLED


def test_a_check_that_fails_leaves_a_preview_that_cannot_be_committed(
    client, tenant, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services.importing, "CHECK_BACKGROUND_BYTES", 10)

    def broken_prepare(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("verbund.areas.services.import_jobs._prepare", broken_prepare)
    client.force_login(tenant.users[Role.PLANNER])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, tenant, lindenhagen_districts())
    with scopes_disabled():
        draft = AreaImport.objects.get()
    assert draft.status == ImportStatus.PREVIEW and draft.errors
    body = client.get(response["Location"]).content.decode()
    assert "unerwarteten Fehler" in body and 'value="commit"' not in body
    response = client.post(response["Location"], {"action": "commit"}, follow=True)
    assert "es wurde nichts übernommen" in response.content.decode()
    assert area_count(tenant) == 0
