from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors
from verbund.core.models import AuditEntry
from verbund.core.params import int_param
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import rules, selectors, services
from .content import agreement_content, compare
from .documents import render_pdf
from .forms import (
    AgreementFilterForm,
    AgreementForm,
    AttachmentDeleteForm,
    AttachmentForm,
    DueFilterForm,
    PartyForm,
    ResourceForm,
    ResponsibilityForm,
    TransitionForm,
)
from .models import Agreement, AgreementVersion, Attachment, PartyKind, Status

PAGE_SIZE = 50


def _errors_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class AgreementObjectMixin:
    """Looks the agreement up within the request's municipality (404 otherwise), then checks
    the object-level permission."""

    def get_agreement(self, agreement_id: int, permission=None) -> Agreement:
        try:
            agreement = selectors.agreement_get(municipality=self.municipality, pk=agreement_id)
        except Agreement.DoesNotExist as exc:
            raise Http404 from exc
        self.require(permission or self.permission, agreement)
        return agreement

    def get_child(self, agreement: Agreement, related: str, pk: int):
        for item in getattr(agreement, related).all():
            if item.pk == pk:
                return item
        raise Http404

    def detail_redirect(self, agreement: Agreement):
        return redirect("cooperation:agreement_detail", self.municipality.slug, agreement.pk)

    def refuse_if_locked(self, agreement: Agreement):
        """A German reason and back to the agreement, when its current version is signed."""
        try:
            rules.ensure_editable(agreement)
        except ValidationError as error:
            messages.error(self.request, _errors_text(error))
            return self.detail_redirect(agreement)
        return None


class AgreementListView(TenantView):
    permission = perms.view_agreement

    def get(self, request, municipality_slug):
        centres = selectors.centres_managed(
            municipality=self.municipality, access=self.access, permission=self.permission
        )
        filter_form = AgreementFilterForm(
            request.GET or None,
            centres=centres,
            organisations=selectors.partner_organisations(
                municipality=self.municipality, access=self.access
            ),
        )
        agreements = selectors.agreement_list(
            municipality=self.municipality, access=self.access, filters=filter_form.to_filter()
        )
        page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("seite"))
        return render(
            request,
            "cooperation/agreement_list.html",
            {
                "filter_form": filter_form,
                "page": page,
                "can_create": self.access.can(perms.manage_agreement),
            },
        )


class AgreementDueMixin:
    def due_items(self):
        centres = selectors.centres_managed(
            municipality=self.municipality, access=self.access, permission=self.permission
        )
        form = DueFilterForm(self.request.GET or None, centres=centres)
        items = selectors.agreements_due(
            municipality=self.municipality,
            access=self.access,
            today=timezone.localdate(),
            filters=form.to_filter(),
        )
        return form, items


class AgreementDueView(AgreementDueMixin, TenantView):
    permission = perms.view_agreement

    def get(self, request, municipality_slug):
        form, items = self.due_items()
        return render(
            request,
            "cooperation/agreement_due.html",
            {
                "filter_form": form,
                "items": items,
                "filters": form.to_filter(),
                "export_query": request.GET.urlencode(),
            },
        )


class AgreementDueExportView(AgreementDueMixin, TenantView):
    permission = perms.view_agreement

    def get(self, request, municipality_slug, fmt):
        _form, items = self.due_items()
        header = [
            _("Fällig am"),
            _("Art"),
            _("Tage bis dahin"),
            _("Vereinbarung"),
            _("Familienzentrum"),
            _("Partner"),
            _("Status"),
            _("Beginn"),
            _("Ende"),
            _("Überprüfung"),
        ]
        rows = (
            [
                item.due_date,
                item.kind_label,
                item.days_left,
                item.agreement.title,
                item.agreement.centre.name,
                ", ".join(
                    p.organisation.name for p in item.agreement.parties.all() if p.organisation_id
                ),
                item.agreement.get_status_display(),
                item.agreement.start_date,
                item.agreement.end_date,
                item.agreement.review_date,
            ]
            for item in items
        )
        return export_response(fmt, _("vereinbarungen-faellig"), header, rows)


class AgreementCreateView(TenantView):
    permission = perms.manage_agreement

    def form(self, data=None):
        centres = selectors.centres_managed(
            municipality=self.municipality, access=self.access, permission=self.permission
        )
        return AgreementForm(data, municipality=self.municipality, centres=centres)

    def get(self, request, municipality_slug):
        return self.render(self.form())

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            self.require(self.permission, data["centre"])
            try:
                agreement = services.agreement_create(
                    actor=request.user,
                    municipality=self.municipality,
                    centre=data["centre"],
                    partners=list(data["partners"]),
                    data=data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Die Vereinbarung wurde als Entwurf angelegt. Legen Sie nun "
                        "Zuständigkeiten und Ressourcen fest."
                    ),
                )
                return redirect(
                    "cooperation:agreement_detail", self.municipality.slug, agreement.pk
                )
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(
            self.request,
            "cooperation/agreement_form.html",
            {"form": form, "title": _("Kooperationsvereinbarung anlegen")},
            status=status,
        )


class AgreementDetailView(AgreementObjectMixin, TenantView):
    permission = perms.view_agreement

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        version = selectors.current_version(agreement)
        can_manage = self.access.can(perms.manage_agreement, agreement)
        editable = can_manage and not version.is_signed and agreement.status != Status.ENDED
        agreement_type = ContentType.objects.get_for_model(Agreement)
        history = list(
            AuditEntry.objects.filter(
                municipality=self.municipality, action__startswith="cooperation."
            )
            .filter(
                Q(content_type=agreement_type, object_id=str(agreement.pk))
                | Q(data__agreement=agreement.pk)
            )
            .select_related("actor")[:30]
        )
        for entry in history:
            entry.label = services.ACTION_LABELS.get(entry.action, entry.action)
            status = (entry.after or {}).get("status")
            entry.status_label = Status(status).label if status in Status.values else ""
        return render(
            request,
            "cooperation/agreement_detail.html",
            {
                "agreement": agreement,
                "version": version,
                "versions": list(agreement.versions.all()),
                "parties": list(agreement.parties.all()),
                "attachments": list(agreement.attachments.all()),
                "can_manage": can_manage,
                "editable": editable,
                "can_upload": self.access.can(perms.upload_attachment, agreement),
                "can_new_version": can_manage
                and version.is_signed
                and agreement.status in (Status.SIGNED, Status.ACTIVE, Status.UNDER_REVIEW),
                "responsibility_form": ResponsibilityForm(agreement=agreement)
                if editable
                else None,
                "resource_form": ResourceForm(agreement=agreement) if editable else None,
                "history": history,
                "today": timezone.localdate(),
            },
        )


class AgreementUpdateView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        return self.render(agreement, self.form(agreement))

    def post(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        form = self.form(agreement, request.POST)
        if form.is_valid():
            try:
                services.agreement_update(
                    actor=request.user,
                    agreement=selectors.agreement_get(
                        municipality=self.municipality, pk=agreement.pk
                    ),
                    partners=list(form.cleaned_data["partners"]),
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return self.detail_redirect(agreement)
        return self.render(agreement, form, status=400)

    def form(self, agreement, data=None):
        return AgreementForm(data, instance=agreement, municipality=self.municipality, centres=None)

    def render(self, agreement, form, status=200):
        return render(
            self.request,
            "cooperation/agreement_form.html",
            {"form": form, "agreement": agreement, "title": _("Vereinbarung bearbeiten")},
            status=status,
        )


class AgreementTransitionView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        initial = {"to": request.GET.get("nach", "")}
        return self.render(agreement, TransitionForm(agreement=agreement, initial=initial))

    def post(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        form = TransitionForm(request.POST, agreement=agreement)
        if form.is_valid():
            try:
                services.agreement_transition(
                    actor=request.user,
                    agreement=agreement,
                    to=form.cleaned_data["to"],
                    note=form.cleaned_data["note"],
                    signed_on=form.cleaned_data.get("signed_on"),
                    next_review_date=form.cleaned_data.get("next_review_date"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Neuer Status: %(status)s.")
                    % {"status": Status(form.cleaned_data["to"]).label},
                )
                return self.detail_redirect(agreement)
        return self.render(agreement, form, status=400)

    def render(self, agreement, form, status=200):
        return render(
            self.request,
            "cooperation/agreement_transition.html",
            {
                "agreement": agreement,
                "form": form,
                "version": selectors.current_version(agreement),
            },
            status=status,
        )


class AgreementNewVersionView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        version = selectors.current_version(agreement)
        if not version.is_signed:
            messages.info(
                request,
                _("Fassung %(n)s ist noch ein Entwurf; Sie können sie direkt bearbeiten.")
                % {"n": version.number},
            )
            return self.detail_redirect(agreement)
        return render(
            request,
            "cooperation/version_confirm.html",
            {"agreement": agreement, "version": version},
        )

    def post(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        try:
            new = services.version_start_draft(actor=request.user, agreement=agreement)
        except ValidationError as error:
            messages.error(request, _errors_text(error))
        else:
            messages.success(
                request,
                _(
                    "Fassung %(n)s wurde als Entwurf angelegt. Die unterzeichnete Fassung bleibt "
                    "unverändert erhalten."
                )
                % {"n": new.number},
            )
        return self.detail_redirect(agreement)


class PartyUpdateView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement

    def get(self, request, municipality_slug, agreement_id, party_id):
        agreement = self.get_agreement(agreement_id)
        party = self.get_child(agreement, "parties", party_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        return self.render(agreement, party, PartyForm(instance=party))

    def post(self, request, municipality_slug, agreement_id, party_id):
        agreement = self.get_agreement(agreement_id)
        party = self.get_child(agreement, "parties", party_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        original = {name: getattr(party, name) for name in services.PARTY_FIELDS}
        form = PartyForm(request.POST, instance=party)
        if form.is_valid():
            for name, value in original.items():
                setattr(party, name, value)
            try:
                services.party_update(actor=request.user, party=party, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Angaben zur Partei wurden gespeichert."))
                return self.detail_redirect(agreement)
        return self.render(agreement, party, form, status=400)

    def render(self, agreement, party, form, status=200):
        return render(
            self.request,
            "cooperation/party_form.html",
            {"agreement": agreement, "party": party, "form": form},
            status=status,
        )


class _ItemCreateView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement
    form_class = None
    service = None
    template = "cooperation/item_form.html"
    title = ""
    success = ""

    def get(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        return self.render(agreement, self.form_class(agreement=agreement))

    def post(self, request, municipality_slug, agreement_id):
        agreement = self.get_agreement(agreement_id)
        if refused := self.refuse_if_locked(agreement):
            return refused
        form = self.form_class(request.POST, agreement=agreement)
        if form.is_valid():
            try:
                type(self).service(actor=request.user, agreement=agreement, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success)
                return self.detail_redirect(agreement)
        return self.render(agreement, form, status=400)

    def render(self, agreement, form, status=200):
        return render(
            self.request,
            self.template,
            {"agreement": agreement, "form": form, "title": self.title},
            status=status,
        )


class ResponsibilityCreateView(_ItemCreateView):
    form_class = ResponsibilityForm
    service = services.responsibility_create
    title = _("Zuständigkeit hinzufügen")
    success = _("Die Zuständigkeit wurde hinzugefügt.")


class ResourceCreateView(_ItemCreateView):
    form_class = ResourceForm
    service = services.resource_create
    title = _("Ressource hinzufügen")
    success = _("Die Ressource wurde hinzugefügt.")


class _ItemDeleteView(AgreementObjectMixin, TenantView):
    permission = perms.manage_agreement
    related = ""
    kwarg = ""
    service = None
    question = ""
    success = ""

    def item(self, agreement_id, **kwargs):
        agreement = self.get_agreement(agreement_id)
        return agreement, self.get_child(agreement, self.related, kwargs[self.kwarg])

    def get(self, request, municipality_slug, agreement_id, **kwargs):
        agreement, item = self.item(agreement_id, **kwargs)
        if refused := self.refuse_if_locked(agreement):
            return refused
        return render(
            request,
            "cooperation/item_confirm_delete.html",
            {"agreement": agreement, "item": item, "question": self.question},
        )

    def post(self, request, municipality_slug, agreement_id, **kwargs):
        agreement, item = self.item(agreement_id, **kwargs)
        if refused := self.refuse_if_locked(agreement):
            return refused
        try:
            type(self).service(actor=request.user, item=item)
        except ValidationError as error:
            messages.error(request, _errors_text(error))
        else:
            messages.success(request, self.success)
        return self.detail_redirect(agreement)


class ResponsibilityDeleteView(_ItemDeleteView):
    related = "responsibilities"
    kwarg = "responsibility_id"
    service = services.responsibility_delete
    question = _("Diese Zuständigkeit entfernen?")
    success = _("Die Zuständigkeit wurde entfernt.")


class ResourceDeleteView(_ItemDeleteView):
    related = "resources"
    kwarg = "resource_id"
    service = services.resource_delete
    question = _("Diese Ressource entfernen?")
    success = _("Die Ressource wurde entfernt.")


def _pdf_response(agreement, version: AgreementVersion, content: dict) -> HttpResponse:
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
        # Partner users upload for their own organisation only.
        return [
            p
            for p in parties
            if p.kind == PartyKind.PARTNER
            and p.organisation.facility_id in self.access.facility_ids
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
            filename=attachment.original_name,
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
