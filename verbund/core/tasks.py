"""Background work on django-tasks, one way for every app.

``@tenant_task(...)`` turns a function ``fn(job, **kwargs)`` into a job type. ``.enqueue(...)``
writes a ``BackgroundJob`` row (status, progress, message, result — what the progress pages
read) and hands the job to the task backend in ``transaction.on_commit``, so a job never
starts before the data it needs is committed. When it runs — in ``manage.py db_worker`` with
the database backend, inside the request with the immediate backend — it enters the tenant's
django-scopes scope and calls ``fn`` with a ``JobContext``:

- ``job.progress(done, total)`` records progress and a heartbeat and raises ``JobCancelled``
  when someone asked to cancel (the function lets it propagate, so its transaction rolls back);
- raising ``JobError("German message")`` fails the job with that message (not retried);
- any other exception is retried with back-off while attempts remain (``attempts``,
  ``retry_delay`` doubled per attempt), then marks the job failed and retryable.

A job's uploaded file (``upload=``, a name in default storage) is deleted when the job has
ended for good: succeeded, cancelled, or failed without a retry. A job whose heartbeat is
older than ``VERBUND_JOB_STALE_SECONDS`` died with its worker; ``sweep_stale_jobs`` (a periodic
job of ``manage.py run_scheduled_jobs``) marks it failed and retryable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from django_tasks import task, task_backends

from .models import BackgroundJob, JobStatus, WorkerHeartbeat

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds), except when it reaches the total.
PROGRESS_INTERVAL = 1.0


class JobCancelled(Exception):
    """Raised inside a job when a cancel was requested; the job's writes roll back."""


class JobError(Exception):
    """A failure with a message for the user (German); the job is not retried."""


class JobContext:
    """What a running job gets: progress, heartbeat and the cancel flag."""

    def __init__(self, job: BackgroundJob) -> None:
        self.job = job
        self._last_write = 0.0

    @property
    def pk(self) -> int:
        return self.job.pk

    def progress(
        self, done: int, total: int | None = None, *, message: str | None = None, force=False
    ) -> None:
        """Record how far the job is (and that it is alive; written at most once a second);
        raise ``JobCancelled`` if a cancel was requested."""
        now = timezone.now()
        if total is not None:
            self.job.progress_total = max(total, 0)
        self.job.progress_done = max(min(done, self.job.progress_total or done), 0)
        if message is not None:
            self.job.message = message[:500]
        due = now.timestamp() - self._last_write >= PROGRESS_INTERVAL
        if force or due or message is not None or done >= self.job.progress_total:
            self._last_write = now.timestamp()
            BackgroundJob.objects.filter(pk=self.job.pk).update(
                progress_done=self.job.progress_done,
                progress_total=self.job.progress_total,
                message=self.job.message,
                heartbeat_at=now,
                updated_at=now,
            )
        self.check_cancelled()

    def beat(self) -> None:
        self.progress(self.job.progress_done, force=True)

    def check_cancelled(self) -> None:
        if BackgroundJob.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled


class TenantTask:
    """A job type; see the module docstring."""

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        attempts: int | Callable[[], int] = 1,
        retry_delay: float | Callable[[], float] = 60,
        on_end: Callable[[BackgroundJob], None] | None = None,
    ) -> None:
        self.fn = fn
        self.path = f"{fn.__module__}.{fn.__qualname__}"
        self._attempts = attempts
        self._retry_delay = retry_delay
        self.on_end = on_end
        self.__doc__ = fn.__doc__

    @property
    def attempts(self) -> int:
        return max(int(self._attempts() if callable(self._attempts) else self._attempts), 1)

    @property
    def retry_delay(self) -> float:
        value = self._retry_delay() if callable(self._retry_delay) else self._retry_delay
        return float(value)

    def backoff(self, attempt: int) -> timedelta:
        """Delay before attempt ``attempt + 1``: ``retry_delay`` · 2^(attempt − 1)."""
        return timedelta(seconds=self.retry_delay * 2 ** max(attempt - 1, 0))

    def enqueue(
        self,
        *,
        municipality,
        owner=None,
        label: str = "",
        upload: str = "",
        backend: str | None = None,
        **kwargs: Any,
    ) -> BackgroundJob:
        """Record the job now; hand it to the worker when the surrounding transaction
        commits. ``kwargs`` must be JSON (ids, not objects)."""
        with scopes_disabled():
            job = BackgroundJob(
                municipality=municipality,
                owner=owner if getattr(owner, "is_authenticated", False) else None,
                task=self.path,
                label=str(label)[:200],
                arguments=kwargs,
                max_attempts=self.attempts,
                upload=upload,
                message=_("Wartet auf den Start."),
            )
            job.full_clean()
            job.save()
        _submit_on_commit(job, backend=backend)
        return job

    def __call__(self, job: JobContext, **kwargs: Any) -> Any:
        return self.fn(job, **kwargs)


def tenant_task(
    fn: Callable[..., Any] | None = None,
    *,
    attempts: int | Callable[[], int] = 1,
    retry_delay: float | Callable[[], float] = 60,
    on_end: Callable[[BackgroundJob], None] | None = None,
):
    """Decorator: ``@tenant_task`` or ``@tenant_task(attempts=5, retry_delay=60)``."""

    def decorate(function: Callable[..., Any]) -> TenantTask:
        return TenantTask(function, attempts=attempts, retry_delay=retry_delay, on_end=on_end)

    return decorate(fn) if fn is not None else decorate


@task()
def run_job(job_id: int, municipality_id: int) -> str:
    """The one django-tasks task: runs a ``BackgroundJob`` in its tenant's scope."""
    with scope(municipality=municipality_id):
        return execute(job_id)


def _submit_on_commit(job: BackgroundJob, *, backend: str | None = None, run_after=None):
    job_id, municipality_id = job.pk, job.municipality_id
    transaction.on_commit(
        lambda: _submit(job_id, municipality_id, backend=backend, run_after=run_after)
    )


def _submit(job_id: int, municipality_id: int, *, backend=None, run_after=None) -> None:
    alias = backend or "default"
    options: dict[str, Any] = {"backend": alias}
    if run_after is not None and task_backends[alias].supports_defer:
        options["run_after"] = run_after
    with scopes_disabled():
        BackgroundJob.objects.filter(pk=job_id).update(backend=alias)
    # The immediate backend runs the job inside ``enqueue``.
    result = run_job.using(**options).enqueue(job_id, municipality_id)
    with scopes_disabled():
        BackgroundJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def _task_for(job: BackgroundJob) -> TenantTask:
    found = import_string(job.task)
    if not isinstance(found, TenantTask):
        raise TypeError(f"{job.task} is not a tenant_task")
    return found


def execute(job_id: int) -> str:
    """Run one job (inside its scope). Returns the job's final or next status."""
    now = timezone.now()
    claimed = BackgroundJob.objects.filter(
        pk=job_id, status=JobStatus.QUEUED, cancel_requested=False
    ).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        updated_at=now,
        message=_("Läuft."),
    )
    job = BackgroundJob.objects.get(pk=job_id)
    if not claimed:
        if job.status == JobStatus.QUEUED and job.cancel_requested:
            _finish(job, JobStatus.CANCELLED, _("Abgebrochen, bevor die Aufgabe begann."))
        return job.status
    definition = _task_for(job)
    context = JobContext(job)
    try:
        result = definition(context, **job.arguments)
    except JobCancelled:
        _finish(job, JobStatus.CANCELLED, _("Abgebrochen; es wurde nichts geschrieben."))
    except JobError as error:
        _finish(job, JobStatus.FAILED, str(error))
    except Exception:
        logger.exception("job %s (%s) failed in attempt %s", job.pk, job.task, job.attempts)
        if job.attempts < job.max_attempts:
            delay = definition.backoff(job.attempts)
            when = timezone.now() + delay
            BackgroundJob.objects.filter(pk=job.pk).update(
                status=JobStatus.QUEUED,
                retryable=True,
                run_after=when,
                updated_at=timezone.now(),
                message=_("Versuch %(n)s ist fehlgeschlagen; neuer Versuch in %(s)s Sekunden.")
                % {"n": job.attempts, "s": int(delay.total_seconds())},
            )
            _submit(job.pk, job.municipality_id, backend=job.backend, run_after=when)
            job.refresh_from_db()
            return job.status
        _finish(
            job,
            JobStatus.FAILED,
            _(
                "Die Aufgabe ist an einem unerwarteten Fehler gescheitert; es wurde nichts "
                "geschrieben. Sie können sie erneut starten."
            ),
            retryable=True,
        )
    else:
        job.result = result
        _finish(job, JobStatus.SUCCEEDED, _("Erledigt."))
    return job.status


def _finish(job: BackgroundJob, status: str, message: str, *, retryable: bool = False) -> None:
    now = timezone.now()
    job.status = status
    job.message = (message or "")[:500]
    job.retryable = retryable
    job.finished_at = now
    job.heartbeat_at = now if status == JobStatus.SUCCEEDED else job.heartbeat_at
    if status == JobStatus.SUCCEEDED and job.progress_total:
        job.progress_done = job.progress_total
    if not retryable:
        _delete_upload(job)
    job.save(
        update_fields=[
            "status",
            "message",
            "retryable",
            "finished_at",
            "heartbeat_at",
            "progress_done",
            "result",
            "upload",
            "updated_at",
        ]
    )
    if status != JobStatus.SUCCEEDED:
        _call_on_end(job)


def _call_on_end(job: BackgroundJob) -> None:
    try:
        definition = _task_for(job)
    except (ImportError, TypeError):
        return
    if definition.on_end is not None:
        definition.on_end(job)


def _delete_upload(job: BackgroundJob) -> None:
    if not job.upload:
        return
    try:
        default_storage.delete(job.upload)
    except OSError:
        logger.warning("could not delete the upload of job %s", job.pk)
    job.upload = ""


# --- what users do with jobs -------------------------------------------------------------


def job_cancel(*, job: BackgroundJob) -> BackgroundJob:
    """Ask a job to stop. A queued job is cancelled at once, a running one at its next
    progress report (its writes roll back)."""
    if not job.is_active:
        return job
    BackgroundJob.objects.filter(pk=job.pk).update(cancel_requested=True, updated_at=timezone.now())
    job.refresh_from_db()
    if job.status == JobStatus.QUEUED:
        claimed = BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.CANCELLED
        )
        if claimed:
            job.refresh_from_db()
            _finish(job, JobStatus.CANCELLED, _("Abgebrochen, bevor die Aufgabe begann."))
    return job


def job_retry(*, job: BackgroundJob) -> BackgroundJob:
    """Start a failed, retryable job again (its file is still there)."""
    if job.status != JobStatus.FAILED or not job.retryable:
        raise JobError(_("Diese Aufgabe kann nicht wiederholt werden."))
    updated = BackgroundJob.objects.filter(
        pk=job.pk, status=JobStatus.FAILED, retryable=True
    ).update(
        status=JobStatus.QUEUED,
        retryable=False,
        cancel_requested=False,
        finished_at=None,
        progress_done=0,
        max_attempts=F("attempts") + 1,
        message=_("Wartet auf den Start."),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    if updated:
        _submit_on_commit(job, backend=job.backend or None)
    return job


def job_fail_if_stale(*, job: BackgroundJob) -> BackgroundJob:
    """A running job without a heartbeat for ``VERBUND_JOB_STALE_SECONDS`` died with its
    worker. Its transaction never committed, so nothing was written: mark it failed and
    retryable (the progress page calls this, so it is right even before the next sweep)."""
    if job.status != JobStatus.RUNNING:
        return job
    cutoff = timezone.now() - timedelta(seconds=settings.VERBUND_JOB_STALE_SECONDS)
    last = job.heartbeat_at or job.started_at
    if last is not None and last >= cutoff:
        return job
    updated = BackgroundJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED
    )
    job.refresh_from_db()
    if updated:
        _finish(
            job,
            JobStatus.FAILED,
            _(
                "Die Aufgabe wurde unterbrochen (der Worker wurde beendet). Es wurde nichts "
                "geschrieben; Sie können sie erneut starten."
            ),
            retryable=True,
        )
    return job


def sweep_stale_jobs() -> int:
    """Periodic: fail every running job whose worker died; forget old worker heartbeats."""
    cutoff = timezone.now() - timedelta(seconds=settings.VERBUND_JOB_STALE_SECONDS)
    with scopes_disabled():
        stale = list(
            BackgroundJob.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
        )
        WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - timedelta(days=1)).delete()
    count = 0
    for job in stale:
        with scope(municipality=job.municipality_id):
            if job_fail_if_stale(job=job).status == JobStatus.FAILED:
                count += 1
    return count


# --- worker liveness -------------------------------------------------------------------


def worker_beat(*, worker_id: str, hostname: str = "", pid: int = 0) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": hostname[:255], "pid": pid, "beat_at": timezone.now()},
    )


def worker_heartbeat_age() -> float | None:
    """Seconds since any ``db_worker`` last said it was alive; None if none ever did.
    For the readiness check (a worker beats every ``WORKER_BEAT_SECONDS``)."""
    last = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    if last is None:
        return None
    return max((timezone.now() - last).total_seconds(), 0.0)


WORKER_BEAT_SECONDS = 10


def check_worker() -> str | None:
    """Readiness: with the database backend some ``db_worker`` must have beaten recently
    (several missed beats in a row mean no worker runs the queue)."""
    if not uses_database_backend():
        return None
    age = worker_heartbeat_age()
    if age is None:
        return _("Es hat sich noch kein Hintergrund-Worker gemeldet.")
    if age > 6 * WORKER_BEAT_SECONDS:
        return _("Der Hintergrund-Worker hat sich seit %(seconds)d Sekunden nicht gemeldet.") % {
            "seconds": age
        }
    return None


def uses_database_backend() -> bool:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.startswith("django_tasks_db")
