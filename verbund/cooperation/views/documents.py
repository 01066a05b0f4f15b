"""PDFs, signed versions and attachments of an agreement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.params import int_param
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from .. import selectors, services, signed_pdf, uploads
from ..content import agreement_content, compare
from ..documents import render_pdf
from ..forms import AttachmentDeleteForm, AttachmentForm
from ..models import AgreementVersion, Attachment, PartyKind
from .base import AgreementObjectMixin


def _pdf_response(agreement, version: AgreementVersion, content: dict) -> HttpResponse:
    if version.is_signed:
        # The file stored at signing, byte for byte; only drafts are rendered live.
        return signed_pdf.response(version)
    pdf = render_pdf(
        content=content,
        version_number=version.number,
        signed=version.is_signed,
        signed_on=version.signed_on,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    state = "unterzeichnet" if version.is_signed else "entwurf"
    response["Content-Disposition"] = (
        f'inline; filename="kooperationsvereinbarung-{agreement.pk}-fassung-{version.number}-'
        f'{state}.pdf"'
    )
    return response


class AgreementPdfView(AgreementObjectMixin, TenantView):
    """The current version as a PDF: the frozen text if signed, else the live draft."""

    permission = perms.view_agreement

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        version = selectors.current_version(agreement)
        content = version.content if version.is_signed else agreement_content(agreement)
        return _pdf_response(agreement, version, content)


class VersionMixin(AgreementObjectMixin):
    def get_version(self, agreement_id, version_id):
        agreement = self.get_agreement(agreement_id)
        try:
            version = selectors.version_get(agreement=agreement, pk=version_id)
        except AgreementVersion.DoesNotExist as exc:
            raise Http404 from exc
        content = version.content if version.is_signed else agreement_content(agreement)
        return agreement, version, content


class VersionDetailView(VersionMixin, TenantView):
    permission = perms.view_agreement

    def get(self, request, municipality_slug, agreement_id, version_id):
        agreement, version, content = self.get_version(agreement_id, version_id)
        versions = list(agreement.versions.all())
        others = [v for v in versions if v.pk != version.pk]
        other_id = int_param(request.GET, "mit")
        other = next((v for v in others if v.pk == other_id), None)
        if other is None:
            other = next((v for v in versions if v.number == version.number - 1), None)
        other_content = None
        if other is not None:
            other_content = other.content if other.is_signed else agreement_content(agreement)
        # Compare the older against the newer, whichever was picked.
        if other is not None and other.number > version.number:
            changes = compare(content, other_content)
            older, newer = version, other
        else:
            changes = compare(other_content, content)
            older, newer = other, version
        return render(
            request,
            "cooperation/version_detail.html",
            {
                "agreement": agreement,
                "version": version,
                "content": content,
                "other": other,
                "others": others,
                "older": older,
                "newer": newer,
                "changes": changes,
                "changed_count": sum(1 for change in changes if change.changed),
            },
        )


class VersionPdfView(VersionMixin, TenantView):
    permission = perms.view_agreement

    def get(self, request, municipality_slug, agreement_id, version_id):
        agreement, version, content = self.get_version(agreement_id, version_id)
        return _pdf_response(agreement, version, content)


class AttachmentUploadView(AgreementObjectMixin, TenantView):
    permission = perms.upload_attachment

    def parties(self, agreement):
        parties = list(agreement.parties.all())
        if self.access.can(perms.manage_agreement, agreement):
            return parties
        # Partner users upload for their own organisation only (the one access rule).
        return [
            p
            for p in parties
            if p.kind == PartyKind.PARTNER
            and self.access.can(perms.upload_attachment, p.organisation)
        ]

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        form = AttachmentForm(agreement=agreement, parties=self.parties(agreement))
        return self.render(agreement, form)

    def post(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        form = AttachmentForm(
            request.POST, request.FILES, agreement=agreement, parties=self.parties(agreement)
        )
        if form.is_valid():
            try:
                services.attachment_upload(
                    actor=request.user,
                    agreement=agreement,
                    upload=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"],
                    version=form.cleaned_data["version"],
                    party=form.cleaned_data["party"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    add_service_errors(form, error)
                else:
                    form.add_error("file", error)
            else:
                messages.success(request, _("Die Datei wurde geprüft und gespeichert."))
                return self.detail_redirect(agreement)
        return self.render(agreement, form, status=400)

    def render(self, agreement, form, status=200):
        return render(
            self.request,
            "cooperation/attachment_form.html",
            {"agreement": agreement, "form": form},
            status=status,
        )


class AttachmentDownloadView(AgreementObjectMixin, TenantView):
    """Files are never served from MEDIA_URL: only here, after the permission check."""

    permission = perms.view_agreement

    def get(self, request, municipality_slug, agreement_id, attachment_id):
        agreement = self.get_agreement(agreement_id)
        attachment: Attachment = self.get_child(agreement, "attachments", attachment_id)
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            content_type=attachment.content_type,
            as_attachment=True,
            filename=uploads.download_name(attachment.original_name, attachment.content_type),
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class AttachmentDeleteView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement

    def get(self, request, municipality_slug, agreement_id, attachment_id):
        agreement = self.get_agreement(agreement_id)
        attachment = self.get_child(agreement, "attachments", attachment_id)
        return self.render(agreement, attachment, AttachmentDeleteForm())

    def post(self, request, municipality_slug, agreement_id, attachment_id):
        agreement = self.get_agreement(agreement_id)
        attachment = self.get_child(agreement, "attachments", attachment_id)
        form = AttachmentDeleteForm(request.POST)
        if form.is_valid():
            try:
                services.attachment_delete(
                    actor=request.user, attachment=attachment, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Datei wurde entfernt."))
                return self.detail_redirect(agreement)
        return self.render(agreement, attachment, form, status=400)

    def render(self, agreement, attachment, form, status=200):
        return render(
            self.request,
            "cooperation/attachment_confirm_delete.html",
            {"agreement": agreement, "attachment": attachment, "form": form},
            status=status,
        )
