"""The background job of the feed import: fetch (or read the uploaded ZIP), check, keep."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.tasks import JobContext, JobError, tenant_task

from . import fetch as fetching
from .models import FeedRun, RunStatus, SourceKind
from .reader import FeedError, read_api, read_package
from .services import _report


def _read(run: FeedRun, job: JobContext):
    if run.source.kind == SourceKind.API:

        def progress(page, total):
            job.progress(page, total if isinstance(total, int) else page + 1)

        return read_api(run.source.url, fetching.fetch, progress)
    name = job.job.upload
    if not name or not default_storage.exists(name):
        raise JobError(_("Die hochgeladene Datei ist nicht mehr vorhanden."))
    with default_storage.open(name, "rb") as handle:
        return read_package(handle.read())


def _ended(job) -> None:
    FeedRun.objects.filter(pk=job.arguments.get("run_id"), status=RunStatus.FETCHING).update(
        status=RunStatus.FAILED, message=(job.message or "")[:1000], updated_at=timezone.now()
    )


@tenant_task(on_end=_ended)
def fetch_task(job: JobContext, *, run_id: int) -> dict:
    run = FeedRun.objects.select_related("source").get(pk=run_id)
    job.progress(0, 1, message=_("Das Verzeichnis wird gelesen."))
    try:
        feed = _read(run, job)
    except (fetching.FetchError, FeedError) as error:
        raise JobError(str(error)) from error
    run.services, run.terms = feed.services, feed.terms
    run.report = {"problems": feed.problems}
    job.progress(0, 1, message=_("Die Einträge werden geprüft."))
    run.report = _report(run)
    ok = run.report["error_count"] == 0 and run.report["records"] > 0
    run.status = RunStatus.READY if ok else RunStatus.INVALID
    run.message = ""
    run.save(update_fields=["services", "terms", "report", "status", "message", "updated_at"])
    job.progress(1, 1)
    return {"records": run.report["records"], "errors": run.report["error_count"]}
