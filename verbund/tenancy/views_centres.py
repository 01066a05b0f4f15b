"""Family centres and providers: the same shape as the facility views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core import page_cache
from verbund.core.forms import add_service_errors
from verbund.core.paging import in_key_order
from verbund.core.rows_cache import render_page_rows
from verbund.core.search_choice import SearchChoiceJsonView
from verbund.core.tenant_views import TenantView

from . import permissions as perms
from . import rows_cache, selectors, services
from .forms import CentreForm, ProviderForm
from .models import Facility, FamilyCentre, Provider
from .selectors import FacilityFilter
from .start import centre_page_url

PAGE_SIZE = 50


class CentreChoicesView(SearchChoiceJsonView):
    """Names for the centre search fields (autocomplete)."""

    permission = perms.view_centre

    def base_queryset(self):
        return FamilyCentre.objects.filter(municipality=self.municipality)


class ProviderChoicesView(SearchChoiceJsonView):
    """Names for the provider search fields (autocomplete)."""

    permission = perms.view_centre

    def base_queryset(self):
        return Provider.objects.filter(municipality=self.municipality)


class FacilityChoicesView(SearchChoiceJsonView):
    """Names for the facility search fields (autocomplete): facilities not archived."""

    permission = perms.view_facility

    def base_queryset(self):
        return Facility.objects.filter(municipality=self.municipality, archived_at__isnull=True)


class CentreListView(TenantView):
    permission = perms.view_centre

    def get(self, request, municipality_slug):
        # Kept whole: centres, providers and facility counts are all under the tenancy version.
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:tenancy:centres:{self.municipality.pk}",
            version_keys=[rows_cache.version_key(self.municipality.pk)],
            template="tenancy/_centre_list_content.html",
            context=self.content_context,
        )
        return page_cache.render_kept(
            request, title=_("Familienzentren und Träger"), content=content
        )

    def content_context(self) -> dict:
        request = self.request
        # The page's centres by key only: their rows come from rows_cache.
        centres = Paginator(
            selectors.centre_list(municipality=self.municipality)
            .select_related(None)
            .only("id", "municipality_id")
            .order_by("name", "pk"),
            PAGE_SIZE,
        ).get_page(request.GET.get("seite"))
        ids = [centre.pk for centre in centres]

        def render_rows():
            listed = selectors.centre_list(municipality=self.municipality)
            rows = selectors.with_facility_counts(in_key_order(listed, ids))
            return render_page_rows("tenancy/_centre_rows.html", rows, self.municipality)

        return {
            "centres": centres,
            "rows_html": rows_cache.rows_html(
                table="centres",
                municipality_id=self.municipality.pk,
                ids=ids,
                render=render_rows,
            ),
            "providers": Paginator(
                selectors.provider_overview(municipality=self.municipality).order_by("name", "pk"),
                PAGE_SIZE,
            ).get_page(request.GET.get("traeger_seite")),
            "can_create": self.access.can(perms.manage_centres),
        }


class CentreMixin:
    def get_centre(self, pk) -> FamilyCentre:
        try:
            return selectors.centre_get(municipality=self.municipality, pk=pk)
        except FamilyCentre.DoesNotExist as exc:
            raise Http404 from exc


class CentreDetailView(CentreMixin, TenantView):
    permission = perms.view_centre

    def get(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)

        def render_rows():
            facilities = selectors.facility_list(
                municipality=self.municipality, filters=FacilityFilter(centre_id=centre.pk)
            )
            return render_page_rows(
                "tenancy/_centre_facility_rows.html", facilities, self.municipality
            )

        return render(
            request,
            "tenancy/centre_detail.html",
            {
                "centre": centre,
                # Which facilities a centre has changes only with a facility's save or deletion,
                # which bumps the version: the centre alone names these rows.
                "facility_rows_html": rows_cache.rows_html(
                    table="centre-facilities",
                    municipality_id=self.municipality.pk,
                    ids=[centre.pk],
                    render=render_rows,
                ),
                "team": selectors.centre_team(centre=centre),
                "can_change": self.access.can(perms.change_centre, centre),
                "centre_page_url": centre_page_url(self.access, self.municipality, centre),
            },
        )


class CentreFormView(TenantView):
    template_name = "tenancy/centre_form.html"

    def form(self, data=None, instance=None):
        return CentreForm(
            data,
            instance=instance,
            municipality=self.municipality,
            can_change_provider=self.access.can(perms.manage_centres),
        )

    def render_form(self, form, title, status=200):
        return render(
            self.request, self.template_name, {"form": form, "title": title}, status=status
        )


class CentreCreateView(CentreFormView):
    permission = perms.manage_centres

    def get(self, request, municipality_slug):
        return self.render_form(self.form(), _("Familienzentrum anlegen"))

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                centre = services.centre_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Familienzentrum wurde angelegt."))
                return redirect("tenancy:centre_detail", self.municipality.slug, centre.pk)
        return self.render_form(form, _("Familienzentrum anlegen"), status=400)


class CentreUpdateView(CentreMixin, CentreFormView):
    permission = perms.change_centre

    def get(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        self.require(self.permission, centre)
        return self.render_form(self.form(instance=centre), _("Familienzentrum bearbeiten"))

    def post(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        self.require(self.permission, centre)
        form = self.form(request.POST, instance=self.get_centre(centre_id))
        if form.is_valid():
            try:
                services.centre_update(actor=request.user, centre=centre, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("tenancy:centre_detail", self.municipality.slug, centre.pk)
        return self.render_form(form, _("Familienzentrum bearbeiten"), status=400)


class ProviderFormView(TenantView):
    def form(self, data=None, instance=None):
        return ProviderForm(data, instance=instance, municipality=self.municipality)

    def render_form(self, form, title, status=200):
        return render(
            self.request,
            "tenancy/provider_form.html",
            {"form": form, "title": title},
            status=status,
        )


class ProviderCreateView(ProviderFormView):
    permission = perms.manage_centres

    def get(self, request, municipality_slug):
        return self.render_form(self.form(), _("Träger anlegen"))

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                services.provider_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Träger wurde angelegt."))
                return redirect("tenancy:centre_list", self.municipality.slug)
        return self.render_form(form, _("Träger anlegen"), status=400)


class ProviderUpdateView(ProviderFormView):
    permission = perms.change_provider

    def get_provider(self, pk) -> Provider:
        try:
            provider = selectors.provider_get(municipality=self.municipality, pk=pk)
        except Provider.DoesNotExist as exc:
            raise Http404 from exc
        self.require(self.permission, provider)
        return provider

    def get(self, request, municipality_slug, provider_id):
        provider = self.get_provider(provider_id)
        return self.render_form(self.form(instance=provider), _("Träger bearbeiten"))

    def post(self, request, municipality_slug, provider_id):
        provider = self.get_provider(provider_id)
        form = self.form(request.POST, instance=self.get_provider(provider_id))
        if form.is_valid():
            try:
                services.provider_update(
                    actor=request.user, provider=provider, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("tenancy:centre_list", self.municipality.slug)
        return self.render_form(form, _("Träger bearbeiten"), status=400)
