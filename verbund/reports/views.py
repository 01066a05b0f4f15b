"""Pages of the development report: list, new, report (live figures with the texts), edit
texts, PDF, DOCX, freeze into the archive."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import selectors, services
from .content import build
from .forms import ReportCreateForm, ReportForm
from .models import SECTIONS
from .render import report_docx, report_file_name, report_pdf

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportView(TenantView):
    permission = perms.view_report

    def report(self, report_id):
        try:
            return selectors.report_detail(
                municipality=self.municipality, access=self.access, report_id=report_id
            )
        except ObjectDoesNotExist as exc:
            raise Http404 from exc

    def to_report(self, report):
        return redirect("reports:report_detail", self.municipality.slug, report.pk)


class ReportListView(ReportView):
    def get(self, request, municipality_slug):
        reports = list(
            selectors.reports(municipality=self.municipality, access=self.access).order_by(
                "-period_end", "centre__name", "-pk"
            )[:300]
        )
        return render(
            request,
            "reports/report_list.html",
            {"reports": reports, "may_create": self.access.can(perms.edit_report)},
        )


class ReportCreateView(ReportView):
    permission = perms.edit_report

    def get(self, request, municipality_slug):
        form = ReportCreateForm(access=self.access)
        return render(request, "reports/report_create.html", {"form": form})

    def post(self, request, municipality_slug):
        form = ReportCreateForm(request.POST, access=self.access)
        if form.is_valid():
            centre = form.cleaned_data.pop("centre")
            self.require(perms.edit_report, centre)
            try:
                report = services.report_create(
                    actor=request.user, centre=centre, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Entwicklungsbericht ist angelegt."))
                return self.to_report(report)
        return render(request, "reports/report_create.html", {"form": form}, status=400)


class ReportDetailView(ReportView):
    def get(self, request, municipality_slug, report_id):
        report = self.report(report_id)
        content = build(report, access=self.access)
        return render(
            request,
            "reports/report_detail.html",
            {
                "report": report,
                "content": content,
                "freezes": selectors.freezes_of(report),
                "may_edit": self.access.can(perms.edit_report, report),
                "history": history_for(report, access=self.access),
            },
        )


class ReportEditView(ReportView):
    permission = perms.edit_report

    def show(self, report, form, status=200):
        labels = {key: (label, help_text) for key, label, help_text in SECTIONS}
        sections = [
            (form[f"text_{key}"], labels[key][0], labels[key][1]) for key, *_rest in SECTIONS
        ]
        return render(
            self.request,
            "reports/report_form.html",
            {"report": report, "form": form, "sections": sections},
            status=status,
        )

    def get(self, request, municipality_slug, report_id):
        report = self.report(report_id)
        self.require(perms.edit_report, report)
        return self.show(report, ReportForm(instance=report))

    def post(self, request, municipality_slug, report_id):
        report = self.report(report_id)
        self.require(perms.edit_report, report)
        # The form works on its own copy: the service compares the stored row with the input.
        form = ReportForm(request.POST, instance=self.report(report_id))
        if form.is_valid():
            try:
                services.report_update(actor=request.user, report=report, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Texte des Berichts sind gespeichert."))
                return self.to_report(report)
        report.refresh_from_db()
        return self.show(report, form, status=400)


class ReportFileView(ReportView):
    """Generate the report now, from the live data (coordinator and lead)."""

    permission = perms.edit_report

    def get(self, request, municipality_slug, report_id):
        report = self.report(report_id)
        self.require(perms.edit_report, report)
        content = build(report, access=self.access)
        data, content_type, suffix = self.render_file(content)
        name = report_file_name(report, 0).replace("-fassung-0.pdf", f"-entwurf.{suffix}")
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ReportPdfView(ReportFileView):
    def render_file(self, content):
        return report_pdf(content), "application/pdf", "pdf"


class ReportDocxView(ReportFileView):
    def render_file(self, content):
        return report_docx(content), DOCX_TYPE, "docx"


class ReportFreezeView(ReportView):
    permission = perms.edit_report

    def get(self, request, municipality_slug, report_id):
        return self.to_report(self.report(report_id))

    def post(self, request, municipality_slug, report_id):
        report = self.report(report_id)
        self.require(perms.edit_report, report)
        try:
            freeze = services.report_freeze(actor=request.user, report=report, access=self.access)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Fassung %(number)s ist festgeschrieben und im Archiv des Familienzentrums "
                    "abgelegt."
                )
                % {"number": freeze.number},
            )
        return self.to_report(report)
