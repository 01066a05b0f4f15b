"""Internal pages of the homepage part: edit, preview, publish, downloads, legal pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.tenant_views import TenantView
from verbund.tenancy.models import FamilyCentre

from .. import permissions as perms
from ..models import CentrePage, PageDownload
from . import selectors, services
from .forms import CentrePageForm, DownloadForm, MunicipalitySiteForm
from .public_views import centre_context


class CentreMixin:
    def get_centre(self, centre_id) -> FamilyCentre:
        centre = FamilyCentre.objects.filter(municipality=self.municipality, pk=centre_id).first()
        if centre is None:
            raise Http404
        self.require(perms.manage_homepage, centre)
        return centre

    def back(self, centre):
        return redirect("public:homepage_edit", self.municipality.slug, centre.pk)


class HomepageEditView(CentreMixin, TenantView):
    permission = perms.manage_homepage

    def get(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        page = selectors.page_for_centre(centre)
        return self.render(centre, page, CentrePageForm(instance=page))

    def post(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        page = selectors.page_for_centre(centre)
        form = CentrePageForm(request.POST, instance=page)
        if form.is_valid():
            if "vorschau" in request.POST:
                draft = services.draft_page(centre=centre, data=form.cleaned_data, page=page)
                return self.render(centre, page, form, draft=draft)
            try:
                services.centre_page_save(actor=request.user, centre=centre, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Homepage wurde gespeichert."))
                return self.back(centre)
        return self.render(centre, page, form, status=400)

    def render(self, centre, page, form, *, draft=None, status=200):
        context = {"centre": centre, "page": page, "form": form, "draft": draft}
        if draft is not None:
            context["preview"] = centre_context(draft, slug=self.municipality.slug)
        if page is not None:
            context["history"] = history_for(page, limit=10, access=self.access)
            context["public_url"] = f"/{self.municipality.slug}/{centre.slug}/"
        return render(self.request, "public/homepage/edit.html", context, status=status)


class HomepagePreviewView(CentreMixin, TenantView):
    permission = perms.manage_homepage

    def dispatch(self, request, *args, **kwargs):
        if not hasattr(self, request.method.lower()):
            return self.http_method_not_allowed(request, *args, **kwargs)  # before the rule
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        page = selectors.page_for_centre(centre) or CentrePage(
            municipality=self.municipality, centre=centre
        )
        context = centre_context(page, slug=self.municipality.slug)
        context["preview"] = context.copy()
        return render(request, "public/homepage/preview.html", context)


class HomepagePublishView(CentreMixin, TenantView):
    """GET asks, POST publishes (``publish``) or takes the page offline."""

    permission = perms.manage_homepage
    publish = True

    def get(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        page = selectors.page_for_centre(centre)
        if page is None:
            messages.info(request, _("Bitte füllen Sie die Homepage zuerst aus."))
            return self.back(centre)
        return render(
            request,
            "public/homepage/publish_confirm.html",
            {"centre": centre, "page": page, "publish": self.publish},
        )

    def post(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        page = selectors.page_for_centre(centre)
        if page is None:
            return self.back(centre)
        try:
            if self.publish:
                services.centre_page_publish(actor=request.user, page=page)
                messages.success(request, _("Die Homepage ist jetzt öffentlich."))
            else:
                services.centre_page_unpublish(actor=request.user, page=page)
                messages.success(request, _("Die Homepage ist nicht mehr öffentlich."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return self.back(centre)


class HomepageUnpublishView(HomepagePublishView):
    publish = False


class DownloadsView(CentreMixin, TenantView):
    permission = perms.manage_homepage

    def get(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        return self.render(centre, DownloadForm())

    def post(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        form = DownloadForm(request.POST, request.FILES)
        if form.is_valid():
            page = selectors.page_for_centre(centre)
            if page is None:
                page = services.centre_page_save(actor=request.user, centre=centre, data={})
            try:
                services.page_download_add(
                    actor=request.user,
                    page=page,
                    title=form.cleaned_data["title"],
                    language=form.cleaned_data["language"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("Der Download wurde hinzugefügt."))
                return redirect("public:homepage_downloads", self.municipality.slug, centre.pk)
        return self.render(centre, form, status=400)

    def render(self, centre, form, status=200):
        page = selectors.page_for_centre(centre)
        downloads = list(page.downloads.all()) if page else []
        return render(
            self.request,
            "public/homepage/downloads.html",
            {"centre": centre, "form": form, "downloads": downloads},
            status=status,
        )


class DownloadRemoveView(CentreMixin, TenantView):
    permission = perms.manage_homepage

    def get_download(self, centre, download_id) -> PageDownload:
        download = PageDownload.objects.filter(
            municipality=self.municipality, page__centre=centre, pk=download_id
        ).first()
        if download is None:
            raise Http404
        return download

    def get(self, request, municipality_slug, centre_id, download_id):
        centre = self.get_centre(centre_id)
        download = self.get_download(centre, download_id)
        return render(
            request,
            "public/homepage/download_confirm_remove.html",
            {"centre": centre, "download": download},
        )

    def post(self, request, municipality_slug, centre_id, download_id):
        centre = self.get_centre(centre_id)
        download = self.get_download(centre, download_id)
        services.page_download_remove(actor=request.user, download=download)
        messages.success(request, _("Der Download wurde entfernt."))
        return redirect("public:homepage_downloads", self.municipality.slug, centre.pk)


class SiteEditView(TenantView):
    permission = perms.manage_site

    def get(self, request, municipality_slug):
        site = selectors.site_for(self.municipality)
        return self.render(site, MunicipalitySiteForm(instance=site))

    def post(self, request, municipality_slug):
        site = selectors.site_for(self.municipality)
        form = MunicipalitySiteForm(request.POST, instance=site)
        if form.is_valid():
            try:
                services.municipality_site_save(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die öffentlichen Seiten wurden gespeichert."))
                return redirect("public:site_edit", self.municipality.slug)
        return self.render(site, form, status=400)

    def render(self, site, form, status=200):
        return render(
            self.request,
            "public/homepage/site_form.html",
            {
                "site": site,
                "form": form,
                "history": history_for(site, limit=10, access=self.access) if site else [],
            },
            status=status,
        )
