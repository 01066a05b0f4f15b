"""The archive's pages: list with search, upload, detail, versions, links, download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.core.audit import log_action
from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.params import int_param
from verbund.core.tenant_views import TenantView
from verbund.tenancy.models import FamilyCentre

from . import links as link_registry
from . import permissions as perms
from . import selectors, services
from .forms import ConfirmForm, DocumentEditForm, DocumentFilterForm, DocumentForm, VersionForm
from .models import Document, DocumentLink, DocumentVersion
from .search import DocumentQuery, search_page
from .uploads import download_name

PER_PAGE = 25


class DocumentListView(TenantView):
    permission = perms.view_document

    def get(self, request, municipality_slug):
        centres = self.access.narrow(
            perms.view_document, FamilyCentre.objects.filter(municipality=self.municipality)
        ).order_by("name")
        years = selectors.year_choices(municipality=self.municipality, access=self.access)
        form = DocumentFilterForm(
            request.GET if request.GET else None, centres=centres, years=years
        )
        query = DocumentQuery(**form.values(), municipality_id=self.municipality.pk)
        page = search_page(
            selectors.document_list(municipality=self.municipality, access=self.access),
            query,
            int_param(request.GET, "seite", default=1),
            PER_PAGE,
        )
        return render(
            request,
            "documents/document_list.html",
            {
                "form": form,
                "page": page,
                "searched": bool(query.text),
                "can_upload": self.access.can(perms.manage_document),
            },
        )


class DocumentCreateView(TenantView):
    permission = perms.manage_document

    def form(self, data=None, files=None):
        return DocumentForm(data, files, municipality=self.municipality, access=self.access)

    def get(self, request, municipality_slug):
        return self.render(self.form())

    def post(self, request, municipality_slug):
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            centre = form.cleaned_data.get("centre")
            if centre is not None:
                self.require(perms.manage_document, centre)
            try:
                document = services.document_create(
                    actor=request.user,
                    municipality=self.municipality,
                    data=form.cleaned_data,
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    form.add_error("file", error)
                else:
                    add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Das Dokument wurde geprüft und abgelegt. Sein Text wird für die "
                        "Suche gelesen."
                    ),
                )
                return redirect(_detail_url(document))
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, "documents/document_form.html", {"form": form}, status=status)


def _detail_url(document: Document) -> str:
    return reverse("documents:detail", args=[document.municipality.slug, document.pk])


class DocumentMixin:
    def get_document(self, document_id: int) -> Document:
        try:
            return selectors.document_get(
                municipality=self.municipality, access=self.access, pk=document_id
            )
        except Document.DoesNotExist as exc:
            raise Http404 from exc


class DocumentDetailView(DocumentMixin, TenantView):
    permission = perms.view_document

    def get(self, request, municipality_slug, document_id):
        document = self.get_document(document_id)
        can_manage = self.access.can(perms.manage_document, document)
        return render(
            request,
            "documents/document_detail.html",
            {
                "document": document,
                "versions": list(document.versions.all()),
                "links": selectors.resolved_links(document, access=self.access),
                "can_manage": can_manage,
                "can_delete": self.access.can(perms.delete_document, document),
                "version_form": VersionForm() if can_manage else None,
                "link_kinds": link_registry.link_kinds() if can_manage else [],
                "history": history_for(document, limit=20, access=self.access),
            },
        )


class DocumentEditView(DocumentMixin, TenantView):
    permission = perms.manage_document

    def get(self, request, municipality_slug, document_id):
        document = self.get_document(document_id)
        self.require(perms.manage_document, document)
        return self.render(document, DocumentEditForm(instance=document))

    def post(self, request, municipality_slug, document_id):
        document = self.get_document(document_id)
        self.require(perms.manage_document, document)
        form = DocumentEditForm(request.POST, instance=Document.objects.get(pk=document.pk))
        if form.is_valid():
            try:
                services.document_update(
                    actor=request.user, document=document, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Angaben wurden gespeichert."))
                return redirect(_detail_url(document))
        return self.render(document, form, status=400)

    def render(self, document, form, status=200):
        return render(
            self.request,
            "documents/document_edit.html",
            {"document": document, "form": form},
            status=status,
        )


class VersionCreateView(DocumentMixin, TenantView):
    permission = perms.manage_document

    def get(self, request, municipality_slug, document_id):
        document = self.get_document(document_id)
        self.require(perms.manage_document, document)
        return self.render(document, VersionForm())

    def post(self, request, municipality_slug, document_id):
        document = self.get_document(document_id)
        self.require(perms.manage_document, document)
        form = VersionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.version_add(
                    actor=request.user,
                    document=document,
                    upload=form.cleaned_data["file"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("Die neue Version wurde geprüft und abgelegt."))
                return redirect(_detail_url(document))
        return self.render(document, form, status=400)

    def render(self, document, form, status=200):
        return render(
            self.request,
            "documents/version_form.html",
            {"document": document, "form": form},
            status=status,
        )


class VersionDownloadView(DocumentMixin, TenantView):
    """Files are never served from MEDIA_URL: only here, after the permission check."""

    permission = perms.view_document

    def get(self, request, municipality_slug, document_id, document_version_id):
        document = self.get_document(document_id)
        try:
            version = selectors.version_get(document=document, pk=document_version_id)
        except DocumentVersion.DoesNotExist as exc:
            raise Http404 from exc
        try:
            handle = version.file.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        log_action(
            "documents.download",
            actor=request.user,
            instance=document,
            data={"version": version.number},
        )
        response = FileResponse(
            handle,
            content_type=version.content_type,
            as_attachment=True,
            filename=download_name(version.original_name, version.content_type),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class LinkCreateView(DocumentMixin, TenantView):
    """Two steps without JavaScript: choose the kind, then the entry of that kind."""

    permission = perms.manage_document

    def _kind(self, request):
        key = request.POST.get("kind") or request.GET.get("art") or ""
        return link_registry.link_kind(key)

    def get(self, request, municipality_slug, document_id):
        document = self.get_document(document_id)
        self.require(perms.manage_document, document)
        kind = self._kind(request)
        return self.render(document, kind)

    def post(self, request, municipality_slug, document_id):
        document = self.get_document(document_id)
        self.require(perms.manage_document, document)
        kind = self._kind(request)
        if kind is None:
            return self.render(document, None, error=_("Bitte wählen Sie die Art des Eintrags."))
        target_id = int_param(request.POST, "target")
        choices = kind.choices(municipality=self.municipality, access=self.access)
        target = choices.filter(pk=target_id).first() if target_id else None
        if target is None:
            return self.render(
                document, kind, error=_("Bitte wählen Sie einen Eintrag aus der Liste.")
            )
        try:
            services.link_add(actor=request.user, document=document, target=target)
        except ValidationError as error:
            return self.render(document, kind, error=" ".join(error.messages))
        messages.success(request, _("Die Verknüpfung wurde gespeichert."))
        return redirect(_detail_url(document))

    def render(self, document, kind, error=""):
        targets = []
        if kind is not None:
            targets = [
                (obj.pk, kind.name(obj))
                for obj in kind.choices(municipality=self.municipality, access=self.access)[:500]
            ]
        return render(
            self.request,
            "documents/link_form.html",
            {
                "document": document,
                "kinds": link_registry.link_kinds(),
                "kind": kind,
                "targets": targets,
                "error": error,
            },
            status=400 if error else 200,
        )


class LinkDeleteView(DocumentMixin, TenantView):
    permission = perms.manage_document

    def get(self, request, municipality_slug, document_id, document_link_id):
        """The button is on the document's page: a GET only leads there."""
        document = self.get_document(document_id)
        self.require(perms.manage_document, document)
        if not DocumentLink.objects.filter(document=document, pk=document_link_id).exists():
            raise Http404
        return redirect(_detail_url(document))

    def post(self, request, municipality_slug, document_id, document_link_id):
        document = self.get_document(document_id)
        self.require(perms.manage_document, document)
        try:
            link = DocumentLink.objects.get(document=document, pk=document_link_id)
        except DocumentLink.DoesNotExist as exc:
            raise Http404 from exc
        services.link_remove(actor=request.user, link=link)
        messages.success(request, _("Die Verknüpfung wurde entfernt."))
        return redirect(_detail_url(document))


class DocumentDeleteView(DocumentMixin, TenantView):
    permission = perms.delete_document

    def get(self, request, municipality_slug, document_id):
        document = self.get_document(document_id)
        self.require(perms.delete_document, document)
        return self.render(document, ConfirmForm())

    def post(self, request, municipality_slug, document_id):
        document = self.get_document(document_id)
        self.require(perms.delete_document, document)
        form = ConfirmForm(request.POST)
        if form.is_valid():
            services.document_delete(actor=request.user, document=document)
            messages.success(request, _("Das Dokument wurde gelöscht."))
            return redirect("documents:list", self.municipality.slug)
        return self.render(document, form, status=400)

    def render(self, document, form, status=200):
        return render(
            self.request,
            "documents/document_confirm_delete.html",
            {"document": document, "form": form},
            status=status,
        )
