from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.core import geocoding, page_cache
from verbund.core.exports import choice_labels, kept_export_response
from verbund.core.forms import add_service_errors
from verbund.core.history import describe, history_for
from verbund.core.paging import in_key_order
from verbund.core.rows_cache import render_page_rows
from verbund.core.tenant_views import TenantView

from . import facility_hooks, rows_cache, selectors, services
from . import permissions as perms
from .forms import AuditFilterForm, FacilityFilterForm, FacilityForm
from .glossary import TERMS as GLOSSARY
from .models import Facility
from .selectors import FacilityFilter

PAGE_SIZE = 50


class MunicipalityHomeView(TenantView):
    permission = perms.view_municipality

    def get(self, request, municipality_slug):
        from .start import start_page

        if (page := start_page()) is not None:
            return page(self, request)
        centres = selectors.centre_list(municipality=self.municipality)
        facilities = selectors.facility_list(municipality=self.municipality)
        return render(
            request,
            "tenancy/municipality_home.html",
            {
                "centres": centres,
                "facility_count": facilities.count(),
                "own_centre_ids": self.access.centre_ids,
                "can_create": self.access.can(perms.create_facility),
            },
        )


class FacilityListView(TenantView):
    permission = perms.view_facility

    def get(self, request, municipality_slug):
        # Kept whole: facilities, centres and providers (the tenancy version), the viewer's
        # reach and the query string.
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:tenancy:facilities:{self.municipality.pk}",
            version_keys=[rows_cache.version_key(self.municipality.pk)],
            template="tenancy/_facility_list_content.html",
            context=self.content_context,
        )
        return page_cache.render_kept(request, title=_("Einrichtungen"), content=content)

    def content_context(self) -> dict:
        request = self.request
        filter_form = FacilityFilterForm(
            request.GET or None, municipality=self.municipality, access=self.access
        )
        filters = filter_form.to_filter()
        facilities = selectors.facility_list(municipality=self.municipality, filters=filters)
        # The page's facilities by key only: their rows come from rows_cache.
        paginator = Paginator(
            facilities.select_related(None).only("id", "municipality_id"), PAGE_SIZE
        )
        paginator.__dict__["count"] = rows_cache.facility_count(
            municipality_id=self.municipality.pk, filters=filters, count=facilities.count
        )
        page = paginator.get_page(request.GET.get("seite"))
        ids = [facility.pk for facility in page]

        def render_rows():
            listed = selectors.facility_list(
                municipality=self.municipality, filters=FacilityFilter(include_archived=True)
            )
            rows = in_key_order(selectors.facility_list_rows(listed), ids)
            return render_page_rows("tenancy/_facility_rows.html", rows, self.municipality)

        return {
            "filter_form": filter_form,
            "page": page,
            "rows_html": rows_cache.rows_html(
                table="facilities",
                municipality_id=self.municipality.pk,
                ids=ids,
                render=render_rows,
            ),
            "can_create": self.access.can(perms.create_facility),
            "export_query": request.GET.urlencode(),
        }


class FacilityExportView(TenantView):
    permission = perms.view_facility

    def get(self, request, municipality_slug, fmt):
        header = [
            _("Name"),
            _("Art"),
            _("Familienzentrum"),
            _("Träger"),
            _("Straße und Hausnummer"),
            _("Postleitzahl"),
            _("Ort"),
            _("Breitengrad"),
            _("Längengrad"),
            _("E-Mail"),
            _("Telefon"),
            _("Website"),
            _("archiviert am"),
        ]
        # Kept until a centre, provider or facility of the municipality changes: the rows
        # show nothing of the viewer, and every member who may export sees the same list.
        # The key is the query string and the viewer's reach (which decide the filter), so a
        # kept download is sent without building the filter form or the query.
        asked = tuple(sorted((key, tuple(values)) for key, values in request.GET.lists()))
        return kept_export_response(
            fmt,
            _("einrichtungen"),
            header,
            self.rows(),
            prefix=f"{rows_cache.PREFIX}:export:{self.municipality.pk}",
            version_keys=[rows_cache.version_key(self.municipality.pk)],
            parts=(self.access.signature(), asked),
            timeout=settings.NETWORK_CACHE_SECONDS,
        )

    def rows(self):
        """The export's rows, read only when the download is not kept."""
        filter_form = FacilityFilterForm(
            self.request.GET or None, municipality=self.municipality, access=self.access
        )
        facilities = selectors.facility_list(
            municipality=self.municipality, filters=filter_form.to_filter()
        )
        kinds = choice_labels(Facility._meta.get_field("kind"))
        columns = (
            "name",
            "kind",
            "centre__name",
            "provider__name",
            "street",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "email",
            "phone",
            "website",
            "archived_at",
        )
        for name, kind, *rest in facilities.values_list(*columns).iterator(chunk_size=2000):
            yield (name, kinds.get(kind, kind), *rest)


class FacilityObjectMixin:
    def get_facility(self, pk: int) -> Facility:
        try:
            return selectors.facility_get(municipality=self.municipality, pk=pk)
        except Facility.DoesNotExist as exc:
            raise Http404 from exc


class FacilityDetailView(FacilityObjectMixin, TenantView):
    permission = perms.view_facility

    def get(self, request, municipality_slug, facility_id):
        facility = self.get_facility(facility_id)
        return render(
            request,
            "tenancy/facility_detail.html",
            {
                "facility": facility,
                "can_change": not facility.is_archived
                and self.access.can(perms.change_facility, facility),
                "can_archive": self.access.can(perms.archive_facility, facility),
                "links": facility_hooks.facility_links(facility, self.access),
                "history": history_for(facility, limit=20, access=self.access),
            },
        )


class FacilityCreateView(TenantView):
    permission = perms.create_facility

    def form(self, data=None):
        return FacilityForm(
            data, municipality=self.municipality, access=self.access, permission=self.permission
        )

    def get(self, request, municipality_slug):
        return self.render(self.form())

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if geocoding.requested(request):
            geocoding.fill_point(request, form, municipality=self.municipality)
            return self.render(form)
        if form.is_valid():
            candidate = Facility(municipality=self.municipality, **form.cleaned_data)
            self.require(self.permission, candidate)
            try:
                facility = services.facility_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Die Einrichtung wurde angelegt. Sie steht jetzt auch im Netzwerk "
                        "als Organisation."
                    ),
                )
                return redirect("tenancy:facility_detail", self.municipality.slug, facility.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(
            self.request,
            "tenancy/facility_form.html",
            {"form": form, "title": _("Einrichtung anlegen"), "geocoder": geocoding.enabled()},
            status=status,
        )


class FacilityUpdateView(FacilityObjectMixin, TenantView):
    permission = perms.change_facility

    def prepare(self, facility_id, data=None):
        facility = self.get_facility(facility_id)
        self.require(self.permission, facility)
        if facility.is_archived:
            messages.error(
                self.request, _("Archivierte Einrichtungen können nicht bearbeitet werden.")
            )
            return facility, None
        form = FacilityForm(
            data,
            instance=facility,
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
        )
        return facility, form

    def get(self, request, municipality_slug, facility_id):
        facility, form = self.prepare(facility_id)
        if form is None:
            return redirect("tenancy:facility_detail", self.municipality.slug, facility.pk)
        return self.render(facility, form)

    def post(self, request, municipality_slug, facility_id):
        facility, form = self.prepare(facility_id, request.POST)
        if form is None:
            return redirect("tenancy:facility_detail", self.municipality.slug, facility.pk)
        if geocoding.requested(request):
            geocoding.fill_point(request, form, municipality=self.municipality)
            return self.render(facility, form)
        original = selectors.facility_get(municipality=self.municipality, pk=facility.pk)
        if form.is_valid():
            # The new centre must be within reach, too (moving a facility out of one's centre).
            self.require(self.permission, form.instance)
            try:
                services.facility_update(
                    actor=request.user, facility=original, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("tenancy:facility_detail", self.municipality.slug, facility.pk)
        return self.render(original, form, status=400)

    def render(self, facility, form, status=200):
        return render(
            self.request,
            "tenancy/facility_form.html",
            {
                "form": form,
                "facility": facility,
                "title": _("Einrichtung bearbeiten"),
                "geocoder": geocoding.enabled(),
            },
            status=status,
        )


class FacilityArchiveView(FacilityObjectMixin, TenantView):
    permission = perms.archive_facility

    def get(self, request, municipality_slug, facility_id):
        facility = self.get_facility(facility_id)
        self.require(self.permission, facility)
        return render(request, "tenancy/facility_confirm_archive.html", {"facility": facility})

    def post(self, request, municipality_slug, facility_id):
        facility = self.get_facility(facility_id)
        self.require(self.permission, facility)
        if facility.is_archived:
            try:
                services.facility_restore(actor=request.user, facility=facility)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Die Einrichtung ist wieder aktiv."))
        else:
            services.facility_archive(actor=request.user, facility=facility)
            messages.success(request, _("Die Einrichtung wurde archiviert."))
        return redirect("tenancy:facility_detail", self.municipality.slug, facility.pk)


class AuditLogView(TenantView):
    permission = perms.view_audit

    def get(self, request, municipality_slug):
        form = AuditFilterForm(
            request.GET or None,
            people=selectors.audit_people(municipality=self.municipality),
            kinds=selectors.audit_kinds(),
        )
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        entries = selectors.audit_entries(
            municipality=self.municipality,
            person=filters.get("person"),
            kind=filters.get("kind", ""),
            since=filters.get("von"),
            until=filters.get("bis"),
        )
        page = Paginator(entries, 100).get_page(request.GET.get("seite"))
        page.object_list = describe(page.object_list)
        return render(
            request,
            "tenancy/audit_log.html",
            {"page": page, "form": form, "filtered": bool(filters and any(filters.values()))},
        )


class GlossaryView(TenantView):
    permission = perms.view_municipality

    def get(self, request, municipality_slug):
        return render(request, "tenancy/glossary.html", {"terms": GLOSSARY})
