"""The statistics import, from upload to commit, with its background tasks (rule 1).

upload (type and size checked, file kept in default storage) → check against a mapping
(``import_analyse``; large files in the ``check_task`` job) → commit (``import_commit``;
large files in the ``commit_task`` job) or cancel. Jobs run on ``verbund.core.tasks``: the
detail page reads their progress, the user can cancel them, a commit whose worker died is
marked failed and can be retried (``import_retry``), and the file is deleted when the import
has ended for good.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import log_action
from verbund.core.db_maintenance import analyze
from verbund.core.models import BackgroundJob, JobStatus
from verbund.core.tasks import (
    JobCancelled,
    JobContext,
    JobError,
    job_cancel,
    job_fail_if_stale,
    job_retry,
    tenant_task,
)

from .. import selectors
from ..importing.engine import ImportSpec, process, report_ok
from ..importing.reader import FileProblem, ReadOptions, open_table
from ..models import ImportRun, ImportStatus, IndicatorValue
from .diff import DiffCollector, _diff_changed
from .uploads import _discard_file, _open_run_file
from .writer import _Writer

logger = logging.getLogger(__name__)

# Files larger than this are checked and committed by the task worker (progress page).
BACKGROUND_BYTES = getattr(settings, "STATISTICS_IMPORT_BACKGROUND_BYTES", 1024 * 1024)
BUSY = {ImportStatus.RUNNING, ImportStatus.CHECKING}
# A run busy without a job (written in-process) that has not finished after this has died.
UNJOBBED = timedelta(minutes=15)


def _analyse(run: ImportRun, spec: ImportSpec, options: ReadOptions, **kwargs) -> dict:
    if not run.file:
        return {"file_error": _("Die hochgeladene Datei ist nicht mehr vorhanden."), "values": {}}
    context = selectors.import_context(municipality=run.municipality)
    handle, raw = _open_run_file(run)
    table = None
    try:
        table = open_table(raw, run.file_name, options, header_rows=spec.header_rows)
        return process(table, spec, context, **kwargs)
    except FileProblem as problem:
        return {"file_error": str(problem), "values": {}}
    finally:
        if table is not None:
            table.close()
        handle.close()


def import_analyse(
    *,
    actor,
    run: ImportRun,
    spec: dict[str, Any],
    options: dict[str, Any],
    background: bool = False,
) -> ImportRun:
    """Check the whole file against the spec; store the report. Writes no values.

    With ``background`` (the wizard passes it) a file over ``BACKGROUND_BYTES`` is checked by
    the task worker and the detail page shows the progress, so no request waits for it."""
    if not run.is_open:
        raise ValidationError(
            _("Dieser Import ist abgeschlossen und kann nicht mehr geprüft werden.")
        )
    if not run.file:
        raise ValidationError(_("Die hochgeladene Datei ist nicht mehr vorhanden."))
    parsed_spec = ImportSpec.from_dict(spec)
    parsed_options = ReadOptions.from_dict(options)
    run.spec = parsed_spec.to_dict()
    run.options = parsed_options.to_dict()
    if background and run.file_size > BACKGROUND_BYTES:
        with transaction.atomic():
            run.status = ImportStatus.CHECKING
            run.started_at = timezone.now()
            run.job = check_task.enqueue(
                municipality=run.municipality,
                owner=actor,
                label=_("Prüfung von %(name)s") % {"name": run.file_name},
                run_id=run.pk,
            )
            run.save(update_fields=["spec", "options", "status", "started_at", "job", "updated_at"])
            log_action(
                "statistics.import.check_started",
                actor=actor,
                instance=run,
                data={"file_name": run.file_name, "layout": parsed_spec.layout},
            )
        run.refresh_from_db()
        return run
    run = _store_check(run)
    _log_checked(actor, run)
    return run


def _log_checked(actor, run: ImportRun) -> None:
    report = run.report or {}
    log_action(
        "statistics.import.checked",
        actor=actor,
        instance=run,
        data={
            "file_name": run.file_name,
            "status": run.status,
            "rows": report.get("rows", 0),
            "rows_joined": report.get("rows_joined", 0),
            "errors": report.get("error_count", 0),
        },
    )


def _store_check(run: ImportRun, job: JobContext | None = None) -> ImportRun:
    total = run.rows_total
    diff = DiffCollector(run.municipality)  # what the commit would change (new, changed, …)
    report = _analyse(
        run,
        ImportSpec.from_dict(run.spec),
        ReadOptions.from_dict(run.options),
        sink=diff,
        progress=(lambda done: job.progress(done, max(total, done))) if job else None,
    )
    if not report.get("file_error") and not report.get("spec_errors"):
        report["diff"] = diff.result()
    run.report = _storable(report)
    # With an incomplete mapping only the first rows were read: the total is not known yet.
    if not report.get("rows_sampled_only"):
        run.rows_total = report.get("rows", 0)
    run.status = ImportStatus.READY if report_ok(report) else ImportStatus.INVALID
    if job is not None:
        # Only if nobody cancelled the import meanwhile.
        ImportRun.objects.filter(pk=run.pk, status=ImportStatus.CHECKING).update(
            report=run.report,
            rows_total=run.rows_total,
            status=run.status,
            updated_at=timezone.now(),
        )
        run.refresh_from_db()
        return run
    run.save(update_fields=["spec", "options", "report", "rows_total", "status", "updated_at"])
    return run


def _check_ended(job: BackgroundJob) -> None:
    """A check job was cancelled or failed: the run is open again, without a report."""
    ImportRun.objects.filter(pk=job.arguments["run_id"], status=ImportStatus.CHECKING).update(
        status=ImportStatus.INVALID,
        report={"file_error": job.message, "values": {}},
        updated_at=timezone.now(),
    )


@tenant_task(on_end=_check_ended)
def check_task(job: JobContext, *, run_id: int) -> dict:
    """Check a large file in the worker (``import_analyse(background=True)``)."""
    run = ImportRun.objects.get(pk=run_id)
    if run.status != ImportStatus.CHECKING:
        raise JobError(_("Dieser Import wartet nicht mehr auf eine Prüfung."))
    run = _store_check(run, job)
    _log_checked(job.job.owner, run)
    return {"status": run.status, "rows": run.rows_total}


def _storable(value):
    """The report as JSON every database stores: PostgreSQL's jsonb refuses the NUL
    character, which a damaged file may put into a header, a title or a cell shown."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    return value


class _ImportFailed(Exception):
    pass


class _StoredValuesChanged(Exception):
    """The stored values differ from those the preview compared the file with."""

    def __init__(self, diff: dict):
        super().__init__("stored values changed")
        self.diff = diff


STORED_CHANGED = _(
    "Die gespeicherten Werte haben sich seit der Prüfung geändert (jemand hat inzwischen "
    "Werte importiert oder gelöscht). Es wurde nichts übernommen. Bitte sehen Sie sich unten "
    "die neuen Änderungen an und übernehmen Sie dann erneut."
)


def _execute(run_id: int, actor, job: JobContext | None = None) -> ImportRun:
    """Write every value of a checked import in one transaction, or none of them.

    The file is read and checked again while the values go to a stage outside any
    transaction (progress, heartbeat and cancel between batches); one short transaction then
    copies them over. Cancelled or killed before that, nothing has been written."""
    run = ImportRun.objects.select_related("municipality").get(pk=run_id)
    municipality = run.municipality
    total = max(run.rows_total, 1)
    writer = _Writer(municipality.pk)
    staged = writer.stages_outside_transaction
    previewed = (run.report or {}).get("diff")
    diff = DiffCollector(municipality)

    def sink(indicator_id, area_id, year, value, status) -> None:
        writer(indicator_id, area_id, year, value, status)
        diff(indicator_id, area_id, year, value, status)

    def tick(done: int, message: str | None = None) -> None:
        if job is not None:
            job.progress(min(done, total), total, message=message)

    def check_and_feed() -> dict:
        report = _analyse(
            run,
            ImportSpec.from_dict(run.spec),
            ReadOptions.from_dict(run.options),
            sink=sink,
            progress=tick,
        )
        if not report_ok(report):
            raise _ImportFailed(
                report.get("file_error")
                or _("Die Datei hat sich seit der Prüfung geändert oder enthält Fehler.")
            )
        # Compared again now: someone may have imported or deleted values meanwhile.
        report["diff"] = diff.result()
        if _diff_changed(previewed, report["diff"]):
            raise _StoredValuesChanged(report["diff"])
        writer.flush()
        return report

    tick(0, _("Die Datei wird gelesen und geprüft."))
    try:
        if staged:
            writer.open_stage()
            report = check_and_feed()
            tick(total, _("Die Werte werden gespeichert."))
        with transaction.atomic():
            before = IndicatorValue.objects.filter(municipality=municipality).count()
            if staged:
                writer.publish()
            else:
                report = check_and_feed()
            after = IndicatorValue.objects.filter(municipality=municipality).count()
            run.report = _storable(report)
            run.status = ImportStatus.DONE
            run.values_written = writer.written
            run.values_created = after - before
            run.values_updated = writer.written - (after - before)
            run.rows_done = report.get("rows", 0)
            run.finished_at = timezone.now()
            _discard_file(run)
            run.save()
            log_action(
                "statistics.import.committed",
                actor=actor,
                instance=run,
                data={
                    "file_name": run.file_name,
                    "sha256": run.sha256,
                    "rows": report.get("rows", 0),
                    "rows_joined": report.get("rows_joined", 0),
                    "values_written": run.values_written,
                    "values_created": run.values_created,
                    "values_updated": run.values_updated,
                    "years": report.get("years", []),
                    "indicators": sorted(report.get("indicators", {})),
                },
            )
    except JobCancelled:
        raise  # nothing was written; the job's on_end marks the run cancelled
    except _StoredValuesChanged as changed:  # nothing was written: check the new difference
        _back_to_preview(run, actor, changed.diff)
        run.refresh_from_db()
    except Exception as exc:  # the transaction is rolled back: nothing was written
        if not isinstance(exc, _ImportFailed):
            logger.exception("statistics import %s failed", run_id)
        message = (
            str(exc)
            if isinstance(exc, _ImportFailed)
            else _(
                "Die Übernahme ist an einem unerwarteten Fehler gescheitert; es wurde nichts "
                "geschrieben."
            )
        )
        _mark_failed(run, actor, message)
        if job is not None:  # the job fails too: for good, or retryable if unexpected
            if isinstance(exc, _ImportFailed):
                raise JobError(message) from exc
            raise
        run.refresh_from_db()
    finally:
        with contextlib.suppress(Exception):
            writer.close_stage()
    return run


def _back_to_preview(run: ImportRun, actor, diff: dict) -> None:
    """The commit was refused because the stored values changed: the run is ready again,
    with the new difference to review (the file is kept)."""
    report = _storable(dict(run.report or {}))
    report["diff"] = _storable(diff)
    report["diff_outdated"] = str(STORED_CHANGED)
    ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.READY,
        report=report,
        error_message=str(STORED_CHANGED),
        finished_at=None,
        updated_at=timezone.now(),
    )
    log_action(
        "statistics.import.refused",
        actor=actor,
        municipality=run.municipality,
        instance=run,
        data={"file_name": run.file_name, "reason": "stored values changed"},
    )


def _mark_failed(run: ImportRun, actor, message: str) -> None:
    updated = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED,
        error_message=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if updated:
        log_action(
            "statistics.import.failed",
            actor=actor,
            municipality=run.municipality,
            instance=run,
            data={"file_name": run.file_name, "error": message},
        )


def _commit_ended(job: BackgroundJob) -> None:
    """Mirror a cancelled or failed commit job into its run (also after a worker died)."""
    run = ImportRun.objects.select_related("municipality").get(pk=job.arguments["run_id"])
    if job.status == JobStatus.CANCELLED:
        ImportRun.objects.filter(pk=run.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.CANCELLED,
            error_message=job.message,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        log_action(
            "statistics.import.cancelled",
            actor=job.owner,
            municipality=run.municipality,
            instance=run,
            data={"file_name": run.file_name, "sha256": run.sha256, "while": "running"},
        )
    else:
        _mark_failed(run, job.owner, job.message)
    if not job.upload:  # the job has deleted the file: the import has ended for good
        ImportRun.objects.filter(pk=run.pk).update(file="")


@tenant_task(on_end=_commit_ended)
def commit_task(job: JobContext, *, run_id: int, actor_id: int | None = None) -> dict:
    """Commit a large import in the worker (``import_commit``)."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    run = _execute(run_id, actor, job)
    if run.status == ImportStatus.READY:  # refused (stored values changed): keep the file
        job.job.upload = ""
        return {"status": run.status}
    analyze()  # fresh planner statistics for the new values
    return {"values_written": run.values_written, "values_created": run.values_created}


def import_commit(*, actor, run: ImportRun, background: bool | None = None) -> ImportRun:
    """Start writing a checked import. Large files go to the task worker and the detail
    page shows the progress; small ones are written before this returns."""
    if background is None:
        background = run.file_size > BACKGROUND_BYTES
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != ImportStatus.READY:
            raise ValidationError(_("Nur ein fehlerfrei geprüfter Import kann übernommen werden."))
        locked.status = ImportStatus.RUNNING
        locked.started_at = timezone.now()
        locked.error_message = ""
        fields = ["status", "started_at", "error_message", "updated_at"]
        if background:
            locked.job = _enqueue_commit(actor, locked)
            fields.append("job")
        locked.save(update_fields=fields)
    if background:
        locked.refresh_from_db()
        return locked
    return _execute(run.pk, actor)


def _enqueue_commit(actor, run: ImportRun) -> BackgroundJob:
    return commit_task.enqueue(
        municipality=run.municipality,
        owner=actor,
        label=_("Übernahme von %(name)s") % {"name": run.file_name},
        upload=run.file.name,
        run_id=run.pk,
        actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
    )


def import_refresh(*, run: ImportRun) -> ImportRun:
    """The run as the detail page shows it: a job whose worker died is failed first."""
    if run.status in BUSY and run.job_id is not None:
        job = job_fail_if_stale(job=run.job)
        if not job.is_active:
            run.refresh_from_db()
    elif run.status in BUSY and run.started_at and timezone.now() - run.started_at > UNJOBBED:
        # Written in-process (or by a server before the task worker): its process is gone.
        if run.status == ImportStatus.CHECKING:
            ImportRun.objects.filter(pk=run.pk, status=ImportStatus.CHECKING).update(
                status=ImportStatus.INVALID,
                report={
                    "file_error": _("Die Prüfung wurde unterbrochen. Bitte prüfen Sie erneut."),
                    "values": {},
                },
                updated_at=timezone.now(),
            )
        else:
            _mark_failed(
                run,
                None,
                _(
                    "Die Übernahme wurde unterbrochen (der Server wurde neu gestartet). Es wurde "
                    "nichts geschrieben; bitte laden Sie die Datei erneut hoch."
                ),
            )
        run.refresh_from_db()
    return run


def import_retry(*, actor, run: ImportRun) -> ImportRun:
    """Run a commit again whose worker died (or that failed unexpectedly); the file was
    kept for it, and the first attempt wrote nothing."""
    job = run.job
    if (
        run.status != ImportStatus.FAILED
        or job is None
        or not job.retryable
        or job.status != JobStatus.FAILED
        or not run.file
    ):
        raise ValidationError(_("Dieser Import kann nicht wiederholt werden."))
    with transaction.atomic():
        updated = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.FAILED).update(
            status=ImportStatus.RUNNING,
            error_message="",
            started_at=timezone.now(),
            finished_at=None,
            updated_at=timezone.now(),
        )
        if not updated:
            raise ValidationError(_("Dieser Import kann nicht wiederholt werden."))
        try:
            job_retry(job=job)
        except JobError as error:
            raise ValidationError(str(error)) from error
        log_action(
            "statistics.import.retried",
            actor=actor,
            instance=run,
            data={"file_name": run.file_name, "attempt": job.attempts + 1},
        )
    run.refresh_from_db()
    return run


@transaction.atomic
def import_cancel(*, actor, run: ImportRun) -> ImportRun:
    """Cancel an open import (the file is deleted), a running check, a running commit (its
    job stops at the next batch and writes nothing), or give up a failed, retryable one."""
    if run.status == ImportStatus.RUNNING and run.job_id is not None:
        job = job_cancel(job=run.job)
        run.refresh_from_db()
        if job.is_active:
            log_action(
                "statistics.import.cancel_requested",
                actor=actor,
                instance=run,
                data={"file_name": run.file_name},
            )
        return run
    if run.status == ImportStatus.CHECKING and run.job_id is not None:
        job_cancel(job=run.job)
        run.refresh_from_db()
    retryable = run.status == ImportStatus.FAILED and bool(run.file)
    if not run.is_open and run.status != ImportStatus.CHECKING and not retryable:
        raise ValidationError(_("Dieser Import kann nicht mehr abgebrochen werden."))
    if retryable and run.job_id is not None:  # given up: no retry any more
        BackgroundJob.objects.filter(pk=run.job_id).update(retryable=False, upload="")
    _discard_file(run)
    run.status = ImportStatus.CANCELLED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at", "file", "updated_at"])
    log_action(
        "statistics.import.cancelled",
        actor=actor,
        instance=run,
        data={"file_name": run.file_name, "sha256": run.sha256},
    )
    return run
