"""Upload → preview (nothing stored but the checked rows, in a file of their own) → commit.

Small lists are written in the request, large ones (``BACKGROUND_ROWS``) by the task worker,
whose progress the job page shows (it refreshes itself; no JavaScript needed)."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.models import BackgroundJob, JobStatus
from verbund.core.uploads import read_limited

from .. import permissions as perms
from ..views.base import TenantView
from . import services
from .forms import ListImportForm
from .reader import FORMAT_LABELS, MAX_UPLOAD_BYTES, read_list
from .rows import FACILITY, FIELD_LABELS, validate

SESSION_KEY = "network.list_import"
PREVIEW_ROWS = 500
TASK_PATH = services._list_import_task.path


def _discard(request) -> None:
    stored = request.session.pop(SESSION_KEY, None)
    if stored and stored.get("path", "").startswith(services.STORAGE_DIR + "/"):
        default_storage.delete(stored["path"])


class ListImportView(TenantView):
    permission = perms.import_list

    def get(self, request, municipality_slug):
        return self.render(ListImportForm())

    def post(self, request, municipality_slug):
        action = request.POST.get("action", "check")
        if action == "commit":
            return self.commit(request)
        if action == "cancel":
            _discard(request)
            messages.info(request, _("Die Liste wurde verworfen. Es wurde nichts gespeichert."))
            return redirect("network:list_import", self.municipality.slug)
        form = ListImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            content = read_limited(upload, MAX_UPLOAD_BYTES)
        except ValidationError as error:
            form.add_error("file", " ".join(error.messages))
            return self.render(form, status=400)
        options = form.cleaned_data
        listing = read_list(content, upload.name or "", source_crs=options["source_crs"])
        preview = validate(
            listing,
            municipality=self.municipality,
            target=options["target"],
            default_kind=options["default_kind"],
            default_sector=options["default_sector"],
            source_crs=options["source_crs"],
        )
        token = ""
        _discard(request)
        if preview.ok and preview.rows:
            token = uuid.uuid4().hex
            path = default_storage.save(
                f"{services.STORAGE_DIR}/{token}.json",
                ContentFile(json.dumps(preview.rows).encode("utf-8")),
            )
            request.session[SESSION_KEY] = {
                "token": token,
                "path": path,
                "filename": (upload.name or "")[:200],
                "target": options["target"],
                "municipality": self.municipality.pk,
                "count": len(preview.rows),
            }
        return self.render(
            form,
            preview=preview,
            token=token,
            filename=upload.name,
            status=200 if preview.ok else 400,
        )

    def commit(self, request):
        stored = request.session.get(SESSION_KEY)
        if (
            not stored
            or stored.get("token") != request.POST.get("token")
            or stored.get("municipality") != self.municipality.pk
        ):
            messages.error(
                request, _("Die Vorschau ist abgelaufen. Bitte die Datei erneut hochladen.")
            )
            return redirect("network:list_import", self.municipality.slug)
        try:
            with default_storage.open(stored["path"], "rb") as handle:
                rows = json.loads(handle.read().decode("utf-8"))
        except (OSError, ValueError):
            request.session.pop(SESSION_KEY, None)
            messages.error(
                request, _("Die Vorschau ist abgelaufen. Bitte die Datei erneut hochladen.")
            )
            return redirect("network:list_import", self.municipality.slug)
        if len(rows) >= services.BACKGROUND_ROWS:
            request.session.pop(SESSION_KEY, None)
            default_storage.delete(stored["path"])
            job = services.list_import_start(
                actor=request.user,
                municipality=self.municipality,
                target=stored["target"],
                rows=rows,
                filename=stored["filename"],
            )
            return redirect("network:list_import_job", self.municipality.slug, job.pk)
        try:
            result = services.list_import_commit(
                actor=request.user,
                municipality=self.municipality,
                target=stored["target"],
                rows=rows,
                filename=stored["filename"],
            )
        except ValidationError as error:
            messages.error(
                request,
                _("Der Import wurde abgebrochen, es wurde nichts gespeichert: %(reason)s")
                % {"reason": " ".join(error.messages)},
            )
            return redirect("network:list_import", self.municipality.slug)
        _discard(request)
        messages.success(request, _result_text(result.as_dict(), stored["target"]))
        return redirect("network:list_import", self.municipality.slug)

    def render(self, form, *, preview=None, token="", filename="", status=200):
        display = []
        if preview is not None:
            # Rows that need a look come first, so none hides behind the limit.
            order = {"error": 0, "duplicate": 1, "in_file": 1, "similar": 2, "new": 3}
            display = sorted(preview.display, key=lambda r: order.get(r["status"], 3))
        return render(
            self.request,
            "network/list_import/upload.html",
            {
                "form": form,
                "preview": preview,
                "display": display[:PREVIEW_ROWS],
                "more_rows": max(0, len(display) - PREVIEW_ROWS),
                "mapping": [
                    (FIELD_LABELS[name], column) for name, column in (preview.mapping.items())
                ]
                if preview
                else [],
                "format_label": FORMAT_LABELS.get(preview.file_format, "") if preview else "",
                "token": token,
                "filename": filename,
                "is_facility": preview.target == FACILITY if preview else True,
                "background_rows": services.BACKGROUND_ROWS,
            },
            status=status,
        )


def _result_text(result: dict, target: str) -> str:
    text = (
        _("%(n)s Einrichtungen angelegt.")
        if target == FACILITY
        else _("%(n)s Organisationen angelegt.")
    ) % {"n": result.get("created", 0)}
    if result.get("skipped"):
        text += " " + _(
            "%(n)s Einträge wurden übersprungen, weil es sie inzwischen schon gibt."
        ) % {"n": result["skipped"]}
    return text


class ListImportJobView(TenantView):
    """Progress and outcome of a large list import in the task worker."""

    permission = perms.import_list

    def get(self, request, municipality_slug, list_job_id):
        job = (
            BackgroundJob.objects.filter(
                municipality=self.municipality, pk=list_job_id, task=TASK_PATH
            )
            .select_related("owner")
            .first()
        )
        if job is None:
            raise Http404
        active = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
        total = job.progress_total or job.arguments.get("rows") or 0
        done = min(job.progress_done or 0, total) if total else 0
        response = render(
            request,
            "network/list_import/job.html",
            {
                "job": job,
                "active": active,
                "done": done,
                "total": total,
                "percent": int(100 * done / total) if total else 0,
                "result_text": (
                    _result_text(job.result or {}, job.arguments.get("target", FACILITY))
                    if job.status == JobStatus.SUCCEEDED
                    else ""
                ),
            },
        )
        if active:
            response["Refresh"] = "2"
        return response
