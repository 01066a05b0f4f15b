"""The import wizard: upload, mapping and check, progress, commit, cancel and retry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.models import JobStatus
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from .. import selectors, services
from ..forms import ImportSpecForm, UploadForm, fitting_mapping, guess_spec
from ..importing.columns import column_notes
from ..importing.engine import ImportSpec, report_ok
from ..importing.matching import REASONS
from ..importing.reader import DELIMITERS, ENCODINGS
from ..models import ImportMapping, ImportRun, ImportStatus, Indicator
from . import import_rows

# --- imports -----------------------------------------------------------------------------


class RunObjectMixin:
    def get_run(self, pk: int) -> ImportRun:
        try:
            return selectors.import_run_get(municipality=self.municipality, pk=pk)
        except ImportRun.DoesNotExist as exc:
            raise Http404 from exc


class ImportListView(TenantView):
    permission = perms.import_values

    def get(self, request, municipality_slug):
        runs = selectors.import_run_list(municipality=self.municipality)
        page = Paginator(runs, 50).get_page(request.GET.get("seite"))
        return render(
            request,
            "statistics/import_list.html",
            {"page": page, "mappings": selectors.mapping_list(municipality=self.municipality)},
        )


class ImportUploadView(TenantView):
    permission = perms.import_values

    def form(self, *args):
        return UploadForm(*args, mappings=selectors.mapping_list(municipality=self.municipality))

    def get(self, request, municipality_slug):
        return self.render(self.form())

    def post(self, request, municipality_slug):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run = services.import_upload(
                    actor=request.user,
                    municipality=self.municipality,
                    upload=upload,
                    file_name=upload.name,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                mapping = None
                if form.cleaned_data["mapping"]:
                    mapping = ImportMapping.objects.filter(
                        municipality=self.municipality, pk=form.cleaned_data["mapping"]
                    ).first()
                run = _first_analysis(request.user, run, self.municipality, mapping)
                if run.mapping and not mapping:
                    messages.info(
                        request,
                        _(
                            "Die gespeicherte Zuordnung „%(name)s“ passt zu dieser Datei und "
                            "wurde vorgeschlagen. Bitte prüfen Sie sie."
                        )
                        % {"name": run.mapping.name},
                    )
                return redirect("statistics:import_detail", self.municipality.slug, run.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, "statistics/import_upload.html", {"form": form}, status=status)


def _first_analysis(actor, run, municipality, mapping=None) -> ImportRun:
    if mapping is not None:
        run.mapping = mapping
        run.save(update_fields=["mapping", "updated_at"])
        return services.import_analyse(
            actor=actor, run=run, spec=mapping.spec, options={}, background=True
        )
    # Read the header first, then suggest a mapping from it.
    run = services.import_analyse(actor=actor, run=run, spec={}, options={})
    header = (run.report or {}).get("header") or []
    if not header:
        return run
    fitting = fitting_mapping(
        file_name=run.file_name,
        header=header,
        mappings=selectors.mapping_list(municipality=municipality),
    )
    if fitting is not None:
        run.mapping, spec = fitting
        run.save(update_fields=["mapping", "updated_at"])
    else:
        indicators = selectors.indicator_list(municipality=municipality)
        spec = guess_spec(
            file_name=run.file_name,
            header=header,
            indicators=indicators,
            profile=(run.report or {}).get("profile"),
            titles=(run.report or {}).get("titles"),
        )
    return services.import_analyse(actor=actor, run=run, spec=spec, options={}, background=True)


class ImportDetailView(RunObjectMixin, TenantView):
    """The wizard for an open import (settings, mapping, preview), the progress of a running
    one (the page refreshes itself, no JavaScript needed) and the report of a finished one."""

    permission = perms.import_values

    def get(self, request, municipality_slug, run_id):
        run = services.import_refresh(run=self.get_run(run_id))
        form = self.spec_form(run) if run.is_open and run.file else None
        response = self.render(run, form)
        if run.status in services.imports.BUSY:
            response["Refresh"] = "2"
        return response

    def post(self, request, municipality_slug, run_id):
        run = self.get_run(run_id)
        if not run.is_open or not run.file:
            messages.error(request, _("Dieser Import kann nicht mehr geändert werden."))
            return redirect("statistics:import_detail", self.municipality.slug, run.pk)
        if "apply_mapping" in request.POST:
            return self.apply_mapping(run)
        if "save_rows" in request.POST:
            return self.save_rows(run)
        form = self.spec_form(run, request.POST)
        if not form.is_valid():
            return self.render(run, form, status=400)
        spec = form.spec()
        new_columns = form.new_columns()
        if new_columns:
            created = services.indicators_create_for_columns(
                actor=request.user,
                run=run,
                columns=new_columns,
                topic=form.cleaned_data.get("new_topic", ""),
            )
            spec["columns"].update(created)
            messages.success(
                request,
                _("%(n)s neue Indikatoren wurden angelegt.") % {"n": len(created)},
            )
        run = services.import_analyse(
            actor=request.user, run=run, spec=spec, options=form.options(), background=True
        )
        name = form.cleaned_data.get("mapping_name", "").strip()
        if name:
            try:
                mapping = services.mapping_save(
                    actor=request.user, municipality=self.municipality, name=name, spec=spec
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                run.mapping = mapping
                run.save(update_fields=["mapping", "updated_at"])
                messages.success(
                    request, _("Die Zuordnung „%(name)s“ wurde gespeichert.") % {"name": name}
                )
        return redirect("statistics:import_detail", self.municipality.slug, run.pk)

    def apply_mapping(self, run):
        try:
            mapping = ImportMapping.objects.get(
                municipality=self.municipality, pk=int(self.request.POST.get("mapping") or 0)
            )
        except (ImportMapping.DoesNotExist, ValueError):
            messages.error(self.request, _("Bitte wählen Sie eine gespeicherte Zuordnung."))
        else:
            run.mapping = mapping
            run.save(update_fields=["mapping", "updated_at"])
            services.import_analyse(
                actor=self.request.user,
                run=run,
                spec=mapping.spec,
                options=run.options,
                background=True,
            )
            messages.success(
                self.request,
                _("Die Zuordnung „%(name)s“ wurde angewandt.") % {"name": mapping.name},
            )
        return redirect("statistics:import_detail", self.municipality.slug, run.pk)

    def save_rows(self, run):
        spec, saved = import_rows.save_row_choices(self.request, run, self.municipality)
        services.import_analyse(
            actor=self.request.user, run=run, spec=spec, options=run.options, background=True
        )
        if saved:
            messages.success(
                self.request,
                _(
                    "%(n)s Gebietsnamen wurden gespeichert; künftige Importe erkennen sie "
                    "von selbst."
                )
                % {"n": saved},
            )
        return redirect("statistics:import_detail", self.municipality.slug, run.pk)

    def spec_form(self, run, data=None):
        return ImportSpecForm(
            data,
            run=run,
            indicators=selectors.indicator_list(municipality=self.municipality),
            levels=selectors.area_levels(municipality=self.municipality),
        )

    def render(self, run, form, status=200):
        # While a new check runs, the previous report no longer applies.
        report = {} if run.status == ImportStatus.CHECKING else (run.report or {})
        spec = ImportSpec.from_dict(run.spec)
        busy = run.status in services.imports.BUSY
        job = run.job if run.job_id else None
        total = (job.progress_total if job and busy else 0) or run.rows_total or 1
        done = job.progress_done if job and busy else 0
        delimiter = report.get("delimiter", "")
        return render(
            self.request,
            "statistics/import_detail.html",
            {
                "run": run,
                "form": form,
                "report": report,
                "spec": spec,
                "ready": run.status == ImportStatus.READY and report_ok(report),
                "reasons": {key: str(label) for key, label in REASONS.items()},
                "unmatched": [
                    {**item, "reason_label": str(REASONS.get(item["reason"], item["reason"]))}
                    for item in report.get("unmatched", [])[:200]
                ],
                "encoding_label": ENCODINGS.get(report.get("encoding", ""), ""),
                "delimiter_label": DELIMITERS.get("tab" if delimiter == "\t" else delimiter, ""),
                "row_choices": (
                    [item["line"] for item in import_rows.choosable_rows(report)] if form else []
                ),
                "area_choices": (
                    import_rows.area_choices(self.municipality, report.get("level", ""))
                    if form and import_rows.choosable_rows(report)
                    else []
                ),
                "duplicate_marks": import_rows.duplicate_marks(report) if form else [],
                "column_rows": form.column_rows(report.get("sample") or []) if form else [],
                "column_notes": (
                    column_notes(report, run.spec or {}, command_line=False)
                    if report.get("header") and not report.get("file_error")
                    else []
                ),
                "label_rows": form.label_rows() if form else [],
                "mappings": selectors.mapping_list(municipality=self.municipality),
                "indicator_names": dict(
                    Indicator.objects.filter(municipality=self.municipality).values_list(
                        "key", "name"
                    )
                ),
                "value_total": sum((report.get("values") or {}).values()),
                "job": job,
                "can_retry": (
                    run.status == ImportStatus.FAILED
                    and job is not None
                    and job.retryable
                    and job.status == JobStatus.FAILED
                    and bool(run.file)
                ),
                "progress_known": total > 1,
                "progress_done": min(done, total) if total > 1 else done,
                "progress_total": total,
                "progress_percent": int(100 * min(done, total) / total),
            },
            status=status,
        )


class ImportCommitView(RunObjectMixin, TenantView):
    permission = perms.import_values

    def get(self, request, municipality_slug, run_id):
        run = self.get_run(run_id)
        return redirect("statistics:import_detail", self.municipality.slug, run.pk)

    def post(self, request, municipality_slug, run_id):
        run = self.get_run(run_id)
        try:
            run = services.import_commit(actor=request.user, run=run)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if run.status == ImportStatus.DONE:
                messages.success(
                    request,
                    _("%(n)s Werte wurden übernommen.") % {"n": run.values_written},
                )
            elif run.status == ImportStatus.FAILED:
                messages.error(request, run.error_message)
            elif (run.report or {}).get("diff_outdated"):
                messages.error(request, run.report["diff_outdated"])
            elif run.status == ImportStatus.RUNNING:
                messages.info(
                    request,
                    _("Die Übernahme läuft im Hintergrund; diese Seite zeigt den Fortschritt."),
                )
        return redirect("statistics:import_detail", self.municipality.slug, run.pk)


class ImportCancelView(RunObjectMixin, TenantView):
    permission = perms.import_values

    def get(self, request, municipality_slug, run_id):
        run = self.get_run(run_id)
        return redirect("statistics:import_detail", self.municipality.slug, run.pk)

    def post(self, request, municipality_slug, run_id):
        run = self.get_run(run_id)
        try:
            services.import_cancel(actor=request.user, run=run)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            run.refresh_from_db()
            if run.status == ImportStatus.CANCELLED:
                messages.success(request, _("Der Import wurde abgebrochen, die Datei gelöscht."))
                return redirect("statistics:import_list", self.municipality.slug)
            messages.info(
                request,
                _("Der Abbruch wurde angefordert; die Übernahme hält beim nächsten Abschnitt an."),
            )
        return redirect("statistics:import_detail", self.municipality.slug, run.pk)


class ImportRetryView(RunObjectMixin, TenantView):
    permission = perms.import_values

    def get(self, request, municipality_slug, run_id):
        run = self.get_run(run_id)
        return redirect("statistics:import_detail", self.municipality.slug, run.pk)

    def post(self, request, municipality_slug, run_id):
        run = self.get_run(run_id)
        try:
            services.import_retry(actor=request.user, run=run)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Die Übernahme wurde erneut gestartet."))
        return redirect("statistics:import_detail", self.municipality.slug, run.pk)


class MappingDeleteView(TenantView):
    permission = perms.import_values

    def get_mapping(self, pk):
        try:
            return ImportMapping.objects.get(municipality=self.municipality, pk=pk)
        except ImportMapping.DoesNotExist as exc:
            raise Http404 from exc

    def get(self, request, municipality_slug, mapping_id):
        mapping = self.get_mapping(mapping_id)
        return render(request, "statistics/mapping_confirm_delete.html", {"mapping": mapping})

    def post(self, request, municipality_slug, mapping_id):
        mapping = self.get_mapping(mapping_id)
        services.mapping_delete(actor=request.user, mapping=mapping)
        messages.success(request, _("Die Zuordnung wurde gelöscht."))
        return redirect("statistics:import_list", self.municipality.slug)
