from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.areas.models import Area
from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors
from verbund.core.params import int_param
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import progress, selectors, services
from .forms import ImportSpecForm, IndicatorForm, UploadForm, fitting_mapping, guess_spec
from .importing.engine import ImportSpec, report_ok
from .importing.matching import REASONS
from .importing.reader import DELIMITERS, ENCODINGS
from .models import ImportMapping, ImportRun, ImportStatus, Indicator

PAGE_SIZE = 100


class IndicatorObjectMixin:
    def get_indicator(self, pk: int) -> Indicator:
        try:
            return selectors.indicator_get(municipality=self.municipality, pk=pk)
        except Indicator.DoesNotExist as exc:
            raise Http404 from exc


class IndicatorListView(TenantView):
    permission = perms.view_values

    def get(self, request, municipality_slug):
        indicators = selectors.indicator_list(municipality=self.municipality)
        topics: dict[str, list] = {}
        for indicator in indicators:
            topics.setdefault(indicator.topic or _("Ohne Thema"), []).append(indicator)
        return render(
            request,
            "statistics/indicator_list.html",
            {
                "topics": topics,
                "can_manage": self.access.can(perms.manage_catalogue),
                "can_import": self.access.can(perms.import_values),
            },
        )


class IndicatorDetailView(IndicatorObjectMixin, TenantView):
    permission = perms.view_values

    def get(self, request, municipality_slug, indicator_id):
        indicator = self.get_indicator(indicator_id)
        years = selectors.indicator_years(indicator=indicator)
        year = int_param(request.GET, "jahr", max_value=9999, default=years[0] if years else 0)
        values = selectors.indicator_values(indicator=indicator, year=year)
        page = Paginator(values, PAGE_SIZE).get_page(request.GET.get("seite"))
        return render(
            request,
            "statistics/indicator_detail.html",
            {
                "indicator": indicator,
                "years": years,
                "year": year,
                "page": page,
                "can_manage": self.access.can(perms.manage_catalogue),
            },
        )


class IndicatorExportView(IndicatorObjectMixin, TenantView):
    permission = perms.view_values

    def get(self, request, municipality_slug, indicator_id, fmt):
        indicator = self.get_indicator(indicator_id)
        values = selectors.indicator_values(indicator=indicator)
        header = [
            _("Gebietsschlüssel"),
            _("Gebiet"),
            _("Ebene"),
            _("Jahr"),
            indicator.name + (f" ({indicator.unit})" if indicator.unit else ""),
            _("Status"),
        ]
        rows = (
            [v.area.code, v.area.name, v.area.level, v.year, v.value, v.get_status_display()]
            for v in values.iterator(chunk_size=2000)
        )
        return export_response(fmt, indicator.key, header, rows)


class IndicatorCreateView(TenantView):
    permission = perms.manage_catalogue

    def get(self, request, municipality_slug):
        return self.render(IndicatorForm())

    def post(self, request, municipality_slug):
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                indicator = services.indicator_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Indikator wurde angelegt."))
                return redirect("statistics:indicator_detail", self.municipality.slug, indicator.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(
            self.request,
            "statistics/indicator_form.html",
            {"form": form, "title": _("Indikator anlegen")},
            status=status,
        )


class IndicatorUpdateView(IndicatorObjectMixin, TenantView):
    permission = perms.manage_catalogue

    def get(self, request, municipality_slug, indicator_id):
        indicator = self.get_indicator(indicator_id)
        return self.render(indicator, IndicatorForm(instance=indicator))

    def post(self, request, municipality_slug, indicator_id):
        indicator = self.get_indicator(indicator_id)
        original = self.get_indicator(indicator_id)
        form = IndicatorForm(request.POST, instance=indicator)
        if form.is_valid():
            try:
                services.indicator_update(
                    actor=request.user, indicator=original, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("statistics:indicator_detail", self.municipality.slug, original.pk)
        return self.render(original, form, status=400)

    def render(self, indicator, form, status=200):
        return render(
            self.request,
            "statistics/indicator_form.html",
            {"form": form, "indicator": indicator, "title": _("Indikator bearbeiten")},
            status=status,
        )


class IndicatorDeleteView(IndicatorObjectMixin, TenantView):
    permission = perms.manage_catalogue

    def get(self, request, municipality_slug, indicator_id):
        indicator = self.get_indicator(indicator_id)
        return render(
            request,
            "statistics/indicator_confirm_delete.html",
            {"indicator": indicator, "value_count": indicator.values.count()},
        )

    def post(self, request, municipality_slug, indicator_id):
        indicator = self.get_indicator(indicator_id)
        services.indicator_delete(actor=request.user, indicator=indicator)
        messages.success(request, _("Der Indikator wurde gelöscht."))
        return redirect("statistics:indicator_list", self.municipality.slug)


class AreaValuesView(TenantView):
    permission = perms.view_values

    def get(self, request, municipality_slug, area_id):
        try:
            area = selectors.area_get(municipality=self.municipality, pk=area_id)
        except Area.DoesNotExist as exc:
            raise Http404 from exc
        values = list(selectors.area_values(area=area))
        years = sorted({value.year for value in values})
        table: dict[int, dict] = {}
        for value in values:
            row = table.setdefault(value.indicator_id, {"indicator": value.indicator, "cells": {}})
            row["cells"][value.year] = value
        rows = [
            {"indicator": row["indicator"], "cells": [row["cells"].get(y) for y in years]}
            for row in table.values()
        ]
        return render(
            request,
            "statistics/area_values.html",
            {"area": area, "years": years, "rows": rows},
        )


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
        spec = guess_spec(file_name=run.file_name, header=header, indicators=indicators)
    return services.import_analyse(actor=actor, run=run, spec=spec, options={}, background=True)


class ImportDetailView(RunObjectMixin, TenantView):
    """The wizard for an open import (settings, mapping, preview), the progress of a running
    one (the page refreshes itself, no JavaScript needed) and the report of a finished one."""

    permission = perms.import_values

    def get(self, request, municipality_slug, run_id):
        run = services.import_fail_if_stale(run=self.get_run(run_id))
        form = self.spec_form(run) if run.is_open and run.file else None
        response = self.render(run, form)
        if run.status in {ImportStatus.RUNNING, ImportStatus.CHECKING}:
            response["Refresh"] = "2"
        return response

    def post(self, request, municipality_slug, run_id):
        run = self.get_run(run_id)
        if not run.is_open or not run.file:
            messages.error(request, _("Dieser Import kann nicht mehr geändert werden."))
            return redirect("statistics:import_detail", self.municipality.slug, run.pk)
        if "apply_mapping" in request.POST:
            return self.apply_mapping(run)
        form = self.spec_form(run, request.POST)
        if not form.is_valid():
            return self.render(run, form, status=400)
        spec = form.spec()
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
        busy = run.status in {ImportStatus.RUNNING, ImportStatus.CHECKING}
        live = progress.read(run.pk) if busy else None
        total = (live or {}).get("total") or run.rows_total or 1
        done = (live or {}).get("done") or 0
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
                "column_rows": form.column_rows(report.get("sample") or []) if form else [],
                "label_rows": form.label_rows() if form else [],
                "mappings": selectors.mapping_list(municipality=self.municipality),
                "indicator_names": dict(
                    Indicator.objects.filter(municipality=self.municipality).values_list(
                        "key", "name"
                    )
                ),
                "value_total": sum((report.get("values") or {}).values()),
                "progress_publishing": (live or {}).get("phase") == "publishing",
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
            messages.success(request, _("Der Import wurde abgebrochen, die Datei gelöscht."))
        return redirect("statistics:import_list", self.municipality.slug)


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
