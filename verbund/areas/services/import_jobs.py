"""Step 3 of the boundary wizard in the task worker: commit, progress, cancel, retry.

``area_import_commit`` marks the draft as running and enqueues ``_commit_task``; the request
returns at once and the preview page shows the progress (it refreshes itself). The job reads
the file again, plans every write outside a transaction (progress, heartbeat and cancel
between batches) and writes in one short transaction at the end, so a cancel or a killed
worker leaves nothing behind. A job whose worker died is failed and retryable
(``area_import_retry``); one that failed for a reason in the file returns the draft to the
preview with the message.
"""

from __future__ import annotations

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

from ..models import AreaImport, ImportStatus
from .importing import (
    ImportOptions,
    ImportReport,
    _commit,
    _errors_text,
    _fill_draft,
    _prepare,
)


def _check_ended(job: BackgroundJob) -> None:
    """A check job was cancelled (the draft is discarded) or failed (the draft shows the
    message as an error, so it cannot be committed; "Neu prüfen" reads the file again)."""
    if job.status == JobStatus.CANCELLED:
        AreaImport.objects.filter(
            pk=job.arguments["import_id"], status=ImportStatus.CHECKING
        ).update(status=ImportStatus.DISCARDED, source=b"", features=[], updated_at=timezone.now())
        return
    AreaImport.objects.filter(pk=job.arguments["import_id"], status=ImportStatus.CHECKING).update(
        status=ImportStatus.PREVIEW,
        problems=[{"level": "error", "message": job.message, "where": "", "feature": None}],
        report={"ok": False, "total": 0},
        updated_at=timezone.now(),
    )


@tenant_task(on_end=_check_ended)
def _check_task(job: JobContext, *, import_id: int) -> dict:
    """Read and check a large boundary file for the preview (``area_import_prepare``)."""
    draft = AreaImport.objects.select_related("municipality").get(pk=import_id)
    if draft.status != ImportStatus.CHECKING:
        raise JobError(_("Dieser Import wartet nicht mehr auf eine Prüfung."))
    job.progress(0, 1, message=_("Die Datei wird gelesen und geprüft."))
    boundaries = _prepare(
        municipality=draft.municipality,
        content=bytes(draft.source),
        options=ImportOptions.from_dict(draft.options),
    )
    job.progress(0, 1, message=_("Die Vorschau wird gespeichert."))
    _fill_draft(draft, boundaries)
    with transaction.atomic():
        done = AreaImport.objects.filter(pk=draft.pk, status=ImportStatus.CHECKING).update(
            status=ImportStatus.PREVIEW,
            file_format=boundaries.file_format or "?",
            features=draft.features,
            problems=draft.problems,
            report=draft.report,
            updated_at=timezone.now(),
        )
        if not done:
            raise JobCancelled
    log_action(
        "areas.import.checked",
        actor=job.job.owner,
        instance=draft,
        data={"filename": draft.filename, "features": len(draft.features)},
    )
    return {"features": len(draft.features), "errors": len(draft.errors)}


def _commit_ended(job: BackgroundJob) -> None:
    """Mirror a cancelled or failed commit job into its draft (also after a worker died):
    back to the preview, or failed and retryable."""
    draft = AreaImport.objects.filter(pk=job.arguments["import_id"]).first()
    if draft is None:
        return
    retryable = job.status == JobStatus.FAILED and job.retryable
    status = ImportStatus.FAILED if retryable else ImportStatus.PREVIEW
    updated = AreaImport.objects.filter(pk=draft.pk, status=ImportStatus.RUNNING).update(
        status=status, updated_at=timezone.now()
    )
    if updated and job.status == JobStatus.FAILED:
        log_action(
            "areas.import.failed",
            actor=job.owner,
            municipality=draft.municipality,
            instance=draft,
            data={"filename": draft.filename, "error": job.message, "retryable": retryable},
        )


@tenant_task(on_end=_commit_ended)
def _commit_task(job: JobContext, *, import_id: int, actor_id: int | None = None) -> dict:
    """Write the areas of a previewed file (``area_import_commit``)."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    draft = AreaImport.objects.select_related("municipality").defer("features").get(pk=import_id)
    if draft.status != ImportStatus.RUNNING:
        raise JobError(_("Dieser Import wartet nicht mehr auf die Übernahme."))
    total = (draft.report or {}).get("total") or 1
    job.progress(0, total, message=_("Die Datei wird gelesen und geprüft."))

    def progress(done: int, of: int) -> None:
        job.progress(done, of)
        if done >= of:
            job.progress(of, of, message=_("Die Gebiete werden gespeichert."))

    def finish(report: ImportReport) -> None:
        # In the writing transaction: only if nobody cancelled meanwhile.
        done = AreaImport.objects.filter(pk=draft.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.COMMITTED,
            report=report.as_dict(),
            source=b"",
            features=[],
            updated_at=timezone.now(),
        )
        if not done:
            raise JobCancelled

    try:
        report = _commit(
            actor=actor,
            municipality=draft.municipality,
            content=bytes(draft.source),
            options=ImportOptions.from_dict(draft.options),
            filename=draft.filename,
            progress=progress,
            inside=finish,
        )
    except ValidationError as error:
        raise JobError(" ".join(error.messages)) from error
    if not report.committed:
        raise JobError(
            _("Die Datei hat Fehler; es wurde nichts übernommen: %(errors)s")
            % {"errors": _errors_text(report.problems)}
        )
    analyze()  # fresh planner statistics for the new areas
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "write_seconds": report.write_seconds,
    }


def area_import_commit(*, actor, draft: AreaImport) -> AreaImport:
    """Step 3: start writing everything the preview showed, or nothing, in the task worker.
    The file is read again there, so that parent matching and existing keys reflect the
    database at that moment. Returns the draft (status ``running``)."""
    with transaction.atomic():
        locked = AreaImport.objects.select_for_update().defer("source", "features").get(pk=draft.pk)
        if locked.status != ImportStatus.PREVIEW:
            raise ValidationError(_("Dieser Import ist schon abgeschlossen oder läuft schon."))
        if locked.errors:
            raise ValidationError(
                _("Die Datei hat Fehler; es wurde nichts übernommen: %(errors)s")
                % {"errors": _errors_text(locked.problems)}
            )
        locked.status = ImportStatus.RUNNING
        locked.job = _commit_task.enqueue(
            municipality=locked.municipality,
            owner=actor,
            label=_("Übernahme von %(name)s") % {"name": locked.filename},
            import_id=locked.pk,
            actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
        )
        locked.save(update_fields=["status", "job", "updated_at"])
        log_action(
            "areas.import.commit_started",
            actor=actor,
            instance=locked,
            data={"filename": locked.filename, "features": (locked.report or {}).get("total", 0)},
        )
    return AreaImport.objects.select_related("job").get(pk=draft.pk)


def area_import_refresh(*, draft: AreaImport) -> AreaImport:
    """The draft as the progress page shows it: a job whose worker died is failed first."""
    busy = (ImportStatus.RUNNING, ImportStatus.CHECKING)
    if draft.status in busy and draft.job_id is not None:
        job = job_fail_if_stale(job=draft.job)
        if not job.is_active:
            draft.refresh_from_db()
            if draft.status in busy:  # the job ended without mirroring it (e.g. older code)
                if draft.status == ImportStatus.RUNNING:
                    _commit_ended(job)
                else:
                    _check_ended(job)
                draft.refresh_from_db()
    return draft


@transaction.atomic
def area_import_cancel(*, actor, draft: AreaImport) -> AreaImport:
    """Stop a running commit: a waiting job at once, a running one at its next batch; either
    way nothing is written and the preview is open again. A running check is stopped and
    the file discarded."""
    busy = (ImportStatus.RUNNING, ImportStatus.CHECKING)
    if draft.status not in busy or draft.job_id is None:
        raise ValidationError(_("Diese Übernahme läuft nicht und kann nicht abgebrochen werden."))
    job_cancel(job=draft.job)
    log_action("areas.import.cancelled", actor=actor, instance=draft)
    draft.refresh_from_db()
    return draft


def area_import_retry(*, actor, draft: AreaImport) -> AreaImport:
    """Start a commit again whose worker died (or that failed unexpectedly); the first
    attempt wrote nothing."""
    job = draft.job
    if (
        draft.status != ImportStatus.FAILED
        or job is None
        or not job.retryable
        or job.status != JobStatus.FAILED
    ):
        raise ValidationError(_("Diese Übernahme kann nicht wiederholt werden."))
    with transaction.atomic():
        updated = AreaImport.objects.filter(pk=draft.pk, status=ImportStatus.FAILED).update(
            status=ImportStatus.RUNNING, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("Diese Übernahme kann nicht wiederholt werden."))
        try:
            job_retry(job=job)
        except JobError as error:
            raise ValidationError(str(error)) from error
        log_action(
            "areas.import.retried",
            actor=actor,
            instance=draft,
            data={"filename": draft.filename, "attempt": job.attempts + 1},
        )
    draft.refresh_from_db()
    return draft
