"""Import of offers from a table: upload → preview (rows to create, warnings, errors) → commit
→ result. The upload is kept between the steps (``verbund.core.pending_uploads``) and read
again for the commit, so what is written is exactly what the preview showed for the file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core import pending_uploads
from verbund.core.tenant_views import TenantView
from verbund.core.uploads import read_limited

from ..models import Offer
from ..permissions import import_offers
from ..transfer.forms import OfferImportForm, PendingForm
from ..transfer.reader import COLUMNS, MAX_ROWS, MAX_UPLOAD_BYTES, read_sheet
from ..transfer.rows import Lookups, check_rows
from ..transfer.services import offers_import_commit

PREVIEW_ROWS = 300
URL_NAME = "offers:import"


class OfferImportView(TenantView):
    permission = import_offers

    def form(self, *args, **kwargs) -> OfferImportForm:
        return OfferImportForm(*args, municipality=self.municipality, access=self.access, **kwargs)

    def get(self, request, municipality_slug):
        return self.upload_page(self.form())

    def post(self, request, municipality_slug):
        if "token" in request.POST:
            return self.pending(request)
        form = self.form(request.POST, request.FILES)
        if not form.is_valid():
            return self.upload_page(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            content = read_limited(upload, MAX_UPLOAD_BYTES)
        except ValidationError as error:
            form.add_error("file", " ".join(error.messages))
            return self.upload_page(form, status=400)
        filename = (upload.name or "angebote.csv")[:200]
        centre = form.cleaned_data["centre"]
        duplicates = form.cleaned_data["duplicates"]
        sheet, preview = self.check(content, filename, centre, duplicates)
        token = ""
        if not sheet.errors:  # a file that cannot be read is not kept
            token = pending_uploads.stash(
                [SimpleUploadedFile(filename, content)], user=request.user
            )
        return self.preview_page(token, filename, centre, duplicates, sheet, preview)

    def check(self, content, filename, centre, duplicates):
        sheet = read_sheet(content, filename)
        lookups = Lookups.load(municipality=self.municipality, centre=centre)
        return sheet, check_rows(sheet, lookups, duplicates=duplicates)

    def pending(self, request):
        form = PendingForm(request.POST, municipality=self.municipality, access=self.access)
        token = request.POST.get("token", "")
        if request.POST.get("action") == "cancel":
            pending_uploads.discard(token, user=request.user)
            messages.info(request, _("Die Datei wurde verworfen. Es wurde nichts gespeichert."))
            return redirect(URL_NAME, self.municipality.slug)
        kept = pending_uploads.restore(token, user=request.user) if form.is_valid() else []
        if not kept:
            messages.error(
                request,
                _(
                    "Die Vorschau ist abgelaufen oder ungültig. Bitte laden Sie die Datei "
                    "erneut hoch."
                ),
            )
            return redirect(URL_NAME, self.municipality.slug)
        upload = kept[0]
        filename = upload.name[:200]
        centre = form.cleaned_data["centre"]
        duplicates = form.cleaned_data["duplicates"]
        sheet, preview = self.check(upload.read(), filename, centre, duplicates)
        if request.POST.get("action") != "commit" or not preview.ok:
            return self.preview_page(token, filename, centre, duplicates, sheet, preview)
        try:
            result = offers_import_commit(
                actor=request.user,
                municipality=self.municipality,
                centre=centre,
                preview=preview,
                filename=filename,
            )
        except ValidationError as error:
            preview.errors.insert(
                0,
                _("Der Import wurde abgebrochen, es wurde nichts gespeichert: %(reason)s")
                % {"reason": " ".join(error.messages)},
            )
            return self.preview_page(token, filename, centre, duplicates, sheet, preview)
        pending_uploads.discard(token, user=request.user)
        created = Offer.objects.filter(pk__in=result.created).order_by("title", "pk")
        updated = Offer.objects.filter(pk__in=result.updated).order_by("title", "pk")
        return render(
            request,
            "offers/import_result.html",
            {
                "centre": centre,
                "filename": filename,
                "created": created[:PREVIEW_ROWS],
                "created_count": len(result.created),
                "updated": updated[:PREVIEW_ROWS],
                "updated_count": len(result.updated),
                "skipped": result.skipped,
            },
        )

    def upload_page(self, form, *, status=200):
        return render(
            self.request,
            "offers/import_upload.html",
            {
                "form": form,
                "columns": [str(label) for label, _others in COLUMNS.values()],
                "max_rows": MAX_ROWS,
            },
            status=status,
        )

    def preview_page(self, token, filename, centre, duplicates, sheet, preview):
        pending = PendingForm(
            initial={"token": token, "centre": centre.pk, "duplicates": duplicates},
            municipality=self.municipality,
            access=self.access,
        )
        order = {"error": 0, "update": 1, "exists": 1, "repeated": 1, "new": 2}
        display = sorted(
            preview.display, key=lambda row: (order.get(row["status"], 2), row["line"])
        )
        return render(
            self.request,
            "offers/import_preview.html",
            {
                "form": self.form(initial={"centre": centre.pk, "duplicates": duplicates}),
                "pending": pending,
                "token": token,
                "filename": filename,
                "centre": centre,
                "sheet": sheet,
                "preview": preview,
                "display": display[:PREVIEW_ROWS],
                "more_rows": max(0, len(display) - PREVIEW_ROWS),
                "can_commit": bool(token) and preview.ok,
                "commit_count": len(preview.rows) + len(preview.updates),
                "columns": list(sheet.columns.values()),
            },
            status=200 if preview.ok else 400,
        )
