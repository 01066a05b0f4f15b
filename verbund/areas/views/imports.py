"""The boundary import wizard: upload, preview, commit or discard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.core.models import JobStatus
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from .. import selectors, services
from ..forms import ImportOptionsForm, ImportUploadForm
from ..models import AreaImport, ImportStatus
from .base import PREVIEW_ROWS, ReadOnlyView, geojson_response, tile_attribution, tile_url

# --- Import wizard -------------------------------------------------------------------------


class ImportUploadView(TenantView):
    permission = perms.manage_area

    def get(self, request, municipality_slug):
        return self.render(ImportUploadForm(municipality=self.municipality))

    def post(self, request, municipality_slug):
        form = ImportUploadForm(request.POST, request.FILES, municipality=self.municipality)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        options = services.ImportOptions.from_dict(form.cleaned_data)
        draft = services.area_import_prepare(
            actor=request.user,
            municipality=self.municipality,
            content=upload.read(),
            filename=upload.name,
            options=options,
            background=True,
        )
        return redirect("areas:import_preview", self.municipality.slug, draft.pk)

    def render(self, form, status=200):
        return render(
            self.request,
            "areas/import_upload.html",
            {
                "form": form,
                "imports": selectors.import_list(municipality=self.municipality)[:10],
            },
            status=status,
        )


class ImportDraftMixin:
    def get_draft(self, pk: int) -> AreaImport:
        try:
            return selectors.import_get(municipality=self.municipality, pk=pk)
        except AreaImport.DoesNotExist as exc:
            raise Http404 from exc


class ImportPreviewGeoJSONView(ImportDraftMixin, ReadOnlyView):
    """The boundaries of a file under review, simplified, so the preview shows where they land."""

    permission = perms.manage_area

    def get(self, request, municipality_slug, import_id):
        draft = self.get_draft(import_id)
        return geojson_response(selectors.import_preview_geojson(draft=draft))


class ImportPreviewView(ImportDraftMixin, TenantView):
    """Preview of a file, then (while the task worker writes it) the progress of the commit:
    the page refreshes itself, no JavaScript needed, and offers to cancel or retry."""

    permission = perms.manage_area

    def get(self, request, municipality_slug, import_id):
        draft = services.area_import_refresh(draft=self.get_draft(import_id))
        form = ImportOptionsForm(initial=draft.options, municipality=self.municipality)
        response = self.render(draft, form)
        if draft.status in (ImportStatus.RUNNING, ImportStatus.CHECKING):
            response["Refresh"] = "2"
        return response

    def post(self, request, municipality_slug, import_id):
        draft = self.get_draft(import_id)
        action = request.POST.get("action", "")
        here = redirect("areas:import_preview", self.municipality.slug, draft.pk)
        if action in ACTIONS:
            try:
                ACTIONS[action](self, draft)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return here
            if action == "discard":
                return redirect("areas:import_upload", self.municipality.slug)
            return here
        if draft.status != ImportStatus.PREVIEW:
            messages.error(request, _("Dieser Import ist schon abgeschlossen."))
            return here
        if action == "reconfigure":
            form = ImportOptionsForm(request.POST, municipality=self.municipality)
            if form.is_valid():
                try:
                    services.area_import_reconfigure(
                        actor=request.user,
                        draft=draft,
                        options=services.ImportOptions.from_dict(form.cleaned_data),
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                return here
            return self.render(draft, form, status=400)
        return here

    def commit(self, draft):
        draft = services.area_import_commit(actor=self.request.user, draft=draft)
        if draft.status == ImportStatus.COMMITTED:  # the job already ran (immediate backend)
            report = draft.report or {}
            messages.success(
                self.request,
                _(
                    "Import abgeschlossen: %(created)s neu, %(updated)s geändert, "
                    "%(same)s unverändert."
                )
                % {
                    "created": report.get("created", 0),
                    "updated": report.get("updated", 0),
                    "same": report.get("unchanged", 0),
                }
                + " "
                + _parents_text(report),
            )
        elif draft.status == ImportStatus.RUNNING:
            messages.info(
                self.request,
                _("Die Übernahme läuft im Hintergrund; diese Seite zeigt den Fortschritt."),
            )

    def discard(self, draft):
        draft = services.area_import_discard(actor=self.request.user, draft=draft)
        if draft.status != ImportStatus.DISCARDED:
            raise ValidationError(_("Dieser Import ist schon abgeschlossen."))
        messages.success(self.request, _("Der Import wurde verworfen; es wurde nichts geändert."))

    def cancel(self, draft):
        draft = services.area_import_cancel(actor=self.request.user, draft=draft)
        if draft.status == ImportStatus.RUNNING:
            messages.info(
                self.request,
                _("Der Abbruch wurde angefordert; die Übernahme hält beim nächsten Abschnitt an."),
            )
        elif draft.status == ImportStatus.CHECKING:
            messages.info(self.request, _("Der Abbruch der Prüfung wurde angefordert."))
        elif draft.status == ImportStatus.DISCARDED:
            messages.success(self.request, _("Die Prüfung wurde abgebrochen, die Datei gelöscht."))
        else:
            messages.success(
                self.request, _("Die Übernahme wurde abgebrochen; es wurde nichts geändert.")
            )

    def retry(self, draft):
        services.area_import_retry(actor=self.request.user, draft=draft)
        messages.success(self.request, _("Die Übernahme wurde erneut gestartet."))

    def render(self, draft, form, status=200):
        report = draft.report or {}
        problems_by_feature: dict[int, list[str]] = {}
        for problem in draft.problems:
            if problem.get("feature"):
                problems_by_feature.setdefault(problem["feature"], []).append(problem["message"])
        job = draft.job if draft.job_id else None
        running = draft.status in (ImportStatus.RUNNING, ImportStatus.CHECKING)
        total = (job.progress_total if job else 0) or report.get("total") or 0
        if draft.status == ImportStatus.CHECKING:
            total = 0  # reading the file: no count yet
        done = min(job.progress_done if job else 0, total)
        # Rows where key and position disagree come first, so none hides behind the limit.
        ordered = sorted(draft.features, key=lambda f: not f.get("parent_conflict"))
        features = [
            {**f, "problems": problems_by_feature.get(f["number"], [])}
            for f in ordered[:PREVIEW_ROWS]
        ]
        return render(
            self.request,
            "areas/import_preview.html",
            {
                "draft": draft,
                "report": report,
                "features": features,
                "more_features": max(0, len(draft.features) - PREVIEW_ROWS),
                "errors": draft.errors,
                "warnings": draft.warnings,
                "form": form,
                "geojson_url": reverse(
                    "areas:import_geojson", args=[self.municipality.slug, draft.pk]
                ),
                "tile_url": tile_url(),
                "tile_attribution": tile_attribution(),
                "new_count": sum(1 for f in draft.features if not f.get("exists")),
                "existing_count": sum(1 for f in draft.features if f.get("exists")),
                "job": job,
                "running": running,
                "last_job_failed": (
                    job is not None
                    and draft.status in (ImportStatus.PREVIEW, ImportStatus.FAILED)
                    and job.status in (JobStatus.FAILED, JobStatus.CANCELLED)
                ),
                "can_retry": (
                    draft.status == ImportStatus.FAILED
                    and job is not None
                    and job.retryable
                    and job.status == JobStatus.FAILED
                ),
                "progress_done": done,
                "progress_total": total,
                "progress_percent": int(100 * done / total) if total else 0,
            },
            status=status,
        )


def _parents_text(report: dict) -> str:
    """What happened to the parent links, in one sentence (never just "0 zugeordnet")."""
    return _(
        "Übergeordnete Gebiete: %(matched)s zugeordnet, %(kept)s bisherige Zuordnungen "
        "behalten, %(changed)s geändert, %(removed)s entfernt."
    ) % {
        "matched": report.get("parents_matched", 0),
        "kept": report.get("parents_kept", 0),
        "changed": report.get("parents_changed", 0),
        "removed": report.get("parents_removed", 0),
    }


ACTIONS = {
    "commit": ImportPreviewView.commit,
    "discard": ImportPreviewView.discard,
    "cancel": ImportPreviewView.cancel,
    "retry": ImportPreviewView.retry,
}
