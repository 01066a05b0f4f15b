"""Upload → preview with the column mapping → commit, or discard.

The uploaded file is kept server-side (``verbund.core.pending_uploads``: a signed token bound
to the user, expiring after ``MAX_AGE_SECONDS``, swept by a periodic job); every preview and
the commit read it again with the mapping chosen on the page, so a changed select re-renders
the preview and nothing is stored before the commit. Small lists are written in the request,
large ones (``BACKGROUND_ROWS``) by the task worker, whose page shows progress and can cancel.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from verbund.core import pending_uploads
from verbund.core.models import BackgroundJob, JobStatus
from verbund.core.uploads import read_limited

from .. import permissions as perms
from ..views.base import TenantView
from . import services
from .forms import ListImportForm, MappingForm, signature
from .reader import FORMAT_LABELS, MAX_UPLOAD_BYTES, read_list
from .rows import CREATE, FACILITY, FIELD_LABELS, FIELDS, ORGANISATION, SKIP, UPDATE, validate
from .selectors import saved_mapping

PREVIEW_ROWS = 500
TASK_PATH = services._list_import_task.path
DECISION = re.compile(r"^entscheidung-(\d{1,7})$")


class ListImportView(TenantView):
    """The one import flow for lists of facilities and organisations."""

    permission = perms.import_list
    url_name = "network:list_import"
    template = "network/list_import/upload.html"
    fixed_target = ""  # a page for one kind of list only

    def get(self, request, municipality_slug):
        return self.render(self.upload_form())

    def upload_form(self, *args, **kwargs):
        form = ListImportForm(*args, **kwargs)
        if self.fixed_target:
            form.fields["target"].choices = [
                c for c in form.fields["target"].choices if c[0] == self.fixed_target
            ]
            form.fields["target"].initial = self.fixed_target
        return form

    def post(self, request, municipality_slug):
        if "token" in request.POST:
            return self.pending(request)
        form = self.upload_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            content = read_limited(upload, MAX_UPLOAD_BYTES)
        except ValidationError as error:
            form.add_error("file", " ".join(error.messages))
            return self.render(form, status=400)
        filename = (upload.name or "liste")[:200]
        target = form.cleaned_data["target"]
        options = {k: form.cleaned_data.get(k, "") for k in ("default_kind", "default_sector")}
        options["source_crs"] = form.cleaned_data["source_crs"]
        listing = read_list(content, filename, source_crs=options["source_crs"])
        mapping = None
        saved = None
        if not listing.errors:
            from .rows import header_key

            saved = saved_mapping(
                municipality=self.municipality,
                target=target,
                header_key=header_key(listing.columns),
            )
        if saved is not None:
            mapping = {k: v for k, v in saved.mapping.items() if v in listing.columns}
            for key, value in saved.options.items():
                options[key] = options.get(key) or value
            if options["source_crs"] != form.cleaned_data["source_crs"]:
                listing = read_list(content, filename, source_crs=options["source_crs"])
        token = ""
        if not listing.errors:  # a file that cannot be read has nothing to map: not kept
            token = pending_uploads.stash(
                [SimpleUploadedFile(filename, content)], user=request.user
            )
        preview = self.validate(listing, target, options, mapping, {})
        if saved is not None:
            preview.warnings.insert(
                0,
                _(
                    "Die Spalten wurden wie bei „%(file)s“ zugeordnet (gespeicherte Zuordnung "
                    "für Listen mit diesen Spalten)."
                )
                % {"file": saved.filename or "–"},
            )
        return self.show(token, filename, target, listing, preview, options)

    def pending(self, request):
        token = request.POST.get("token", "")
        action = request.POST.get("action", "preview")
        job = None
        if action == "cancel":
            services.list_upload_discard(actor=request.user, token=token, job=job)
            messages.info(request, _("Die Liste wurde verworfen. Es wurde nichts gespeichert."))
            return redirect(self.url_name, self.municipality.slug)
        kept = pending_uploads.restore(token, user=request.user)
        if not kept:
            messages.error(
                request, _("Die Vorschau ist abgelaufen. Bitte die Datei erneut hochladen.")
            )
            return redirect(self.url_name, self.municipality.slug)
        upload = kept[0]
        filename = upload.name[:200]
        target = request.POST.get("target")
        if target not in FIELDS or (self.fixed_target and target != self.fixed_target):
            raise Http404
        content = upload.read()
        listing = read_list(content, filename, source_crs=request.POST.get("source_crs", ""))
        form = MappingForm(request.POST, columns=listing.columns, target=target)
        if not form.is_valid():
            listing = read_list(content, filename)
            preview = self.validate(listing, target, {}, None, {})
            return self.show(token, filename, target, listing, preview, {}, form=form, status=400)
        options = form.options()
        mapping = form.mapping()
        decisions = {
            match.group(1): value
            for key, value in request.POST.items()
            if (match := DECISION.match(key)) and value in (SKIP, UPDATE, CREATE)
        }
        preview = self.validate(listing, target, options, mapping, decisions)
        changed = form.cleaned_data["shown"] != signature(mapping, options)
        if action != "commit" or not preview.ok or not preview.rows:
            return self.show(token, filename, target, listing, preview, options)
        if changed:
            preview.warnings.insert(
                0,
                _(
                    "Sie haben die Zuordnung geändert. Bitte prüfen Sie die neue Vorschau und "
                    "übernehmen Sie dann."
                ),
            )
            return self.show(token, filename, target, listing, preview, options)
        if form.cleaned_data["remember"]:
            services.list_mapping_save(
                actor=request.user,
                municipality=self.municipality,
                target=target,
                header_key=preview.header_key,
                columns=listing.columns,
                mapping=mapping,
                options=options,
                filename=filename,
            )
        return self.commit(request, token, filename, target, preview)

    def commit(self, request, token, filename, target, preview):
        if len(preview.rows) >= services.BACKGROUND_ROWS:
            job = services.list_import_start(
                actor=request.user,
                municipality=self.municipality,
                target=target,
                rows=preview.rows,
                filename=filename,
            )
            pending_uploads.discard(token, user=request.user)
            return redirect("network:list_import_job", self.municipality.slug, job.pk)
        try:
            result = services.list_import_commit(
                actor=request.user,
                municipality=self.municipality,
                target=target,
                rows=preview.rows,
                filename=filename,
            )
        except ValidationError as error:
            messages.error(
                request,
                _("Der Import wurde abgebrochen, es wurde nichts gespeichert: %(reason)s")
                % {"reason": " ".join(error.messages)},
            )
            return redirect(self.url_name, self.municipality.slug)
        pending_uploads.discard(token, user=request.user)
        messages.success(request, result_text(result.as_dict(), target))
        return redirect(self.done_url(target), self.municipality.slug)

    def done_url(self, target: str) -> str:
        return self.url_name

    def validate(self, listing, target, options, mapping, decisions):
        return validate(
            listing,
            municipality=self.municipality,
            target=target,
            default_kind=options.get("default_kind", ""),
            default_sector=options.get("default_sector", ""),
            source_crs=options.get("source_crs", ""),
            mapping=mapping,
            decisions=decisions,
        )

    def show(self, token, filename, target, listing, preview, options, *, form=None, status=None):
        if form is None:
            initial = {
                "token": token,
                "target": target,
                "shown": signature(preview.mapping, options),
                "remember": True,
                **options,
                **{f"map_{name}": column for name, column in preview.mapping.items()},
            }
            form = MappingForm(initial=initial, columns=listing.columns, target=target)
        for name in FIELDS[target]:
            column = preview.mapping.get(name, "")
            form.fields[f"map_{name}"].help_text = (
                preview.reasons.get(column, "") if column else _("keine passende Spalte erkannt")
            )
        order = {"error": 0, "duplicate": 1, "in_file": 1, "similar": 2, "new": 3}
        display = sorted(preview.display, key=lambda r: order.get(r["status"], 3))
        if status is None:
            status = 200 if preview.ok else 400
        return self.render(
            self.upload_form(initial={"target": target, **options}),
            status=status,
            preview=preview,
            mapping_form=form,
            unused=[(c, preview.reasons.get(c, "")) for c in preview.unused],
            display=display[:PREVIEW_ROWS],
            more_rows=max(0, len(display) - PREVIEW_ROWS),
            format_label=FORMAT_LABELS.get(preview.file_format, ""),
            token=token if preview.file_format else "",
            filename=filename,
            is_facility=target == FACILITY,
            can_commit=preview.ok and bool(preview.rows),
        )

    def render(self, form, *, status=200, **context):
        context.setdefault("preview", None)
        return render(
            self.request,
            self.template,
            {
                "form": form,
                "url_name": self.url_name,
                "background_rows": services.BACKGROUND_ROWS,
                "field_labels": FIELD_LABELS,
                **context,
            },
            status=status,
        )


class OrganisationImportView(ListImportView):
    """The organisation import of the actors' list (its own export round-trips): the same
    flow, for organisations only, with its own permission."""

    permission = perms.import_organisation
    url_name = "network:organisation_import"
    fixed_target = ORGANISATION

    def done_url(self, target: str) -> str:
        return "network:organisation_list"


def result_text(result: dict, target: str) -> str:
    created = result.get("created", 0)
    text = (
        ngettext("%(n)s Einrichtung angelegt.", "%(n)s Einrichtungen angelegt.", created)
        if target == FACILITY
        else ngettext("%(n)s Organisation angelegt.", "%(n)s Organisationen angelegt.", created)
    ) % {"n": created}
    if updated := result.get("updated"):
        text += " " + ngettext(
            "%(n)s vorhandener Eintrag ergänzt.", "%(n)s vorhandene Einträge ergänzt.", updated
        ) % {"n": updated}
    if skipped := result.get("skipped"):
        text += " " + ngettext(
            "%(n)s Eintrag wurde übersprungen, weil es ihn inzwischen schon gibt.",
            "%(n)s Einträge wurden übersprungen, weil es sie inzwischen schon gibt.",
            skipped,
        ) % {"n": skipped}
    return text


class ListImportJobView(TenantView):
    """Progress and outcome of a large list import in the task worker; it can be cancelled
    (its writes roll back)."""

    permission = perms.import_list

    def job(self, list_job_id):
        job = (
            BackgroundJob.objects.filter(
                municipality=self.municipality, pk=list_job_id, task=TASK_PATH
            )
            .select_related("owner")
            .first()
        )
        if job is None:
            raise Http404
        return job

    def post(self, request, municipality_slug, list_job_id):
        job = self.job(list_job_id)
        if job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
            services.list_upload_discard(actor=request.user, token="", job=job)
            messages.info(
                request,
                _("Die Übernahme wird abgebrochen. Es wird nichts gespeichert."),
            )
        return redirect("network:list_import_job", self.municipality.slug, job.pk)

    def get(self, request, municipality_slug, list_job_id):
        job = self.job(list_job_id)
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
                    result_text(job.result or {}, job.arguments.get("target", FACILITY))
                    if job.status == JobStatus.SUCCEEDED
                    else ""
                ),
            },
        )
        if active:
            response["Refresh"] = "2"
        return response
