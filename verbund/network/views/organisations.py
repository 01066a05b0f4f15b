from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from verbund.areas.tree_cache import version_key as areas_key
from verbund.core import page_cache
from verbund.core.exports import choice_labels, export_response, grouped, value_batches
from verbund.core.forms import add_service_errors
from verbund.core.paging import in_key_order, keyed_page
from verbund.core.search_choice import SearchChoiceJsonView
from verbund.tenancy import permissions as tenancy_perms

from .. import metrics_cache, rows_cache, selectors, services
from .. import permissions as perms
from ..duplicates import find_similar
from ..forms import OrganisationFilterForm, OrganisationForm, PartnerForms
from ..imports import EXPORT_HEADER
from ..list_import.views import OrganisationImportView  # noqa: F401  (one import flow)
from ..models import Organisation
from . import geocode
from .base import TenantView, history, lookup

PAGE_SIZE = 50


class OrganisationMixin:
    def get_organisation(self, pk) -> Organisation:
        return lookup(selectors.organisation_get, municipality=self.municipality, pk=pk)


class OrganisationChoicesView(SearchChoiceJsonView):
    """Names for the organisation and partner search fields (autocomplete)."""

    permission = perms.view_organisation

    def base_queryset(self):
        return Organisation.objects.filter(municipality=self.municipality)


class OrganisationListView(TenantView):
    permission = perms.view_organisation

    def get(self, request, municipality_slug):
        # Kept whole: the list shows organisations and their relationships (the network
        # version), areas (filter and rows), the viewer's reach and the query string.
        mid = self.municipality.pk
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:network:organisations:{mid}",
            version_keys=[metrics_cache.version_key(mid), areas_key(mid)],
            template="network/_organisation_list_content.html",
            context=self.content_context,
        )
        return page_cache.render_kept(request, title=_("Akteure"), content=content)

    def content_context(self) -> dict:
        request = self.request
        form = OrganisationFilterForm(
            request.GET or None, municipality=self.municipality, access=self.access
        )
        orgs = selectors.organisation_list(
            municipality=self.municipality,
            filters=form.to_filter(),
            access=self.access,
            permission=self.permission,
        )
        # The sorted keys come from the cache while no organisation changed (their SQL holds
        # the filter and the viewer's reach); the page's rows from rows_html.
        keys = metrics_cache.sorted_keys(
            "organisation-list", municipality_id=self.municipality.pk, queryset=orgs
        )
        # The page holds keys: its rows are read by key only when rows_html renders them.
        page = keyed_page(orgs, request.GET.get("seite"), PAGE_SIZE, keys=keys, load_rows=False)
        return {
            "filter_form": form,
            "page": page,
            "rows_html": self.rows_html(list(page)),
            "can_create": self.access.can(perms.create_organisation),
            "can_import": self.access.can(perms.import_organisation),
            "can_review": self.access.can(perms.view_contact),
            "can_register": self.access.can(perms.view_register),
            "export_query": request.GET.urlencode(),
        }

    def rows_html(self, ids: list[int]) -> str:
        """The page's rows as HTML, from the cache while none of the organisations shown
        changed (``rows_cache``). ``ids`` come from the viewer's own list."""

        def render_rows():
            listed = Organisation.objects.filter(municipality=self.municipality)
            return render_to_string(
                "network/_organisation_rows.html",
                {
                    "organisations": in_key_order(selectors.organisation_list_rows(listed), ids),
                    "municipality": self.municipality,
                },
            )

        return rows_cache.organisation_rows_html(
            municipality_id=self.municipality.pk, ids=ids, render=render_rows
        )


class OrganisationExportView(TenantView):
    permission = perms.view_organisation

    def get(self, request, municipality_slug, fmt):
        form = OrganisationFilterForm(
            request.GET or None, municipality=self.municipality, access=self.access
        )
        orgs = selectors.organisation_list(
            municipality=self.municipality,
            filters=form.to_filter(),
            access=self.access,
            permission=self.permission,
        )
        return export_response(fmt, _("organisationen"), EXPORT_HEADER, organisation_rows(orgs))


EXPORT_FIELDS = (
    "pk",
    "name",
    "sector",
    "org_type",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "email",
    "phone",
    "website",
    "languages",
    "accessibility",
    "preferred_channel",
    "description",
)


def organisation_rows(orgs):
    """The export's rows from ``values_list`` in batches; labels from dicts built once, the
    codes of the areas served by one query per batch (never the areas' boundaries)."""
    sectors = choice_labels(Organisation._meta.get_field("sector"))
    channels = choice_labels(Organisation._meta.get_field("preferred_channel"))
    through = Organisation.areas_served.through
    for batch in value_batches(orgs, *EXPORT_FIELDS):
        codes = grouped(
            through.objects.filter(organisation_id__in=[row[0] for row in batch])
            .order_by("area__level", "area__name")
            .values_list("organisation_id", "area__code")
        )
        for pk, name, sector, *middle, languages, accessibility, channel, description in batch:
            yield [
                name,
                sectors.get(sector, sector),
                *middle,
                ", ".join(languages or []),
                accessibility,
                ", ".join(codes.get(pk, ())),
                channels.get(channel, channel),
                description,
            ]


class OrganisationDetailView(OrganisationMixin, TenantView):
    permission = perms.view_organisation

    def get(self, request, municipality_slug, organisation_id):
        organisation = self.get_organisation(organisation_id)
        self.require(self.permission, organisation)
        can_contacts = self.access.can(perms.view_contact, organisation)
        contacts = selectors.organisation_contacts(organisation) if can_contacts else []
        relationships = (
            selectors.organisation_relationships(organisation, self.access)
            if self.access.can(perms.view_relationship)
            else []
        )
        return render(
            request,
            "network/organisation_detail.html",
            {
                "organisation": organisation,
                "areas": selectors.organisation_areas(organisation),
                "contacts": contacts,
                "can_contacts": can_contacts,
                "review_cutoff": selectors.review_cutoff(),
                "relationships": relationships,
                "seats": selectors.organisation_seats(organisation),
                "can_change": not organisation.is_archived
                and self.access.can(perms.change_organisation, organisation),
                "can_archive": self.access.can(perms.import_organisation, organisation),
                "can_add_contact": self.access.can(perms.change_contact, organisation),
                "can_assess": self.access.can(perms.change_relationship),
                "can_view_facility": organisation.facility is not None
                and self.access.can(tenancy_perms.view_facility, organisation.facility),
                "history": history(organisation, self.access),
            },
        )


class OrganisationFormMixin:
    template = "network/organisation_form.html"

    def render_form(self, form, organisation=None, duplicates=(), status=200):
        return render(
            self.request,
            self.template,
            {
                "form": form,
                "organisation": organisation,
                "duplicates": duplicates,
                **geocode.point_context(self),
                "title": _("Organisation bearbeiten")
                if organisation
                else _("Organisation anlegen"),
            },
            status=status,
        )


class OrganisationCreateView(OrganisationFormMixin, TenantView):
    permission = perms.create_organisation

    def form(self, data=None):
        return OrganisationForm(data, municipality=self.municipality, access=self.access)

    def get(self, request, municipality_slug):
        return self.render_form(self.form())

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if geocode.requested(request):
            geocode.fill_point(request, form, municipality=self.municipality)
            return self.render_form(form)
        if form.is_valid():
            data = form.service_data()
            duplicates = find_similar(
                name=data["name"],
                street=data.get("street", ""),
                postcode=data.get("postcode", ""),
                existing=selectors.organisation_rows_for_duplicates(municipality=self.municipality),
            )
            if duplicates and not form.cleaned_data.get("confirm_duplicate"):
                return self.render_form(form, duplicates=duplicates, status=409)
            try:
                organisation = services.organisation_create(
                    actor=request.user,
                    municipality=self.municipality,
                    data=data,
                    areas=form.cleaned_data["areas_served"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Organisation wurde angelegt."))
                return redirect(
                    "network:organisation_detail", self.municipality.slug, organisation.pk
                )
        return self.render_form(form, status=400)


class PartnerAddView(TenantView):
    """ "Partner aufnehmen": organisation, first contact and assessment in one submission."""

    permission = perms.create_organisation

    def forms(self, data=None) -> PartnerForms:
        return PartnerForms(
            data,
            municipality=self.municipality,
            access=self.access,
            can_contact=self.access.can(perms.change_contact),
            can_assess=self.access.can(perms.change_relationship),
        )

    def get(self, request, municipality_slug):
        return self.render(self.forms())

    def post(self, request, municipality_slug):
        parts = self.forms(request.POST)
        if geocode.requested(request):
            geocode.fill_point(request, parts.organisation, municipality=self.municipality)
            for part in parts.forms[1:]:
                part._errors = ErrorDict()
            return self.render(parts)
        if not parts.is_valid():
            return self.render(parts, status=400)
        organisation_form = parts.organisation
        data = organisation_form.service_data()
        relationship = parts.relationship_data()
        if relationship is not None:
            self.require(perms.change_relationship, parts.relationship.instance)
        duplicates = find_similar(
            name=data["name"],
            street=data.get("street", ""),
            postcode=data.get("postcode", ""),
            existing=selectors.organisation_rows_for_duplicates(municipality=self.municipality),
        )
        if duplicates and not organisation_form.cleaned_data.get("confirm_duplicate"):
            return self.render(parts, duplicates=duplicates, status=409)
        try:
            organisation, contact, assessment = services.partner_add(
                actor=request.user,
                municipality=self.municipality,
                organisation=data,
                areas=organisation_form.cleaned_data["areas_served"],
                contact=parts.contact_data(),
                relationship=relationship,
            )
        except services.PartnerPartError as error:
            add_service_errors(getattr(parts, error.part), error)
            return self.render(parts, status=400)
        saved = [_("Die Organisation wurde angelegt.")]
        if contact is not None:
            saved.append(_("Die Ansprechperson wurde angelegt."))
        if assessment is not None:
            saved.append(_("Die Einschätzung wurde angelegt."))
        messages.success(request, " ".join(saved))
        return redirect("network:organisation_detail", self.municipality.slug, organisation.pk)

    def render(self, parts, duplicates=(), status=200):
        return render(
            self.request,
            "network/partner_form.html",
            {
                "parts": parts,
                "form": parts.organisation,
                "duplicates": duplicates,
                **geocode.point_context(
                    self, lat_input="id_org-latitude", lon_input="id_org-longitude"
                ),
                "title": _("Partner aufnehmen"),
            },
            status=status,
        )


class OrganisationUpdateView(OrganisationMixin, OrganisationFormMixin, TenantView):
    permission = perms.change_organisation

    def prepare(self, pk, data=None):
        organisation = self.get_organisation(pk)
        self.require(self.permission, organisation)
        form = OrganisationForm(
            data, instance=organisation, municipality=self.municipality, access=self.access
        )
        return organisation, form

    def get(self, request, municipality_slug, organisation_id):
        organisation, form = self.prepare(organisation_id)
        if organisation.is_archived:
            messages.error(request, _("Archivierte Organisationen können nicht bearbeitet werden."))
            return redirect("network:organisation_detail", self.municipality.slug, organisation.pk)
        return self.render_form(form, organisation)

    def post(self, request, municipality_slug, organisation_id):
        organisation, form = self.prepare(organisation_id, request.POST)
        if geocode.requested(request):
            geocode.fill_point(request, form, municipality=self.municipality)
            return self.render_form(form, organisation)
        original = self.get_organisation(organisation.pk)
        if form.is_valid():
            try:
                services.organisation_update(
                    actor=request.user,
                    organisation=original,
                    data=form.service_data(),
                    areas=form.cleaned_data["areas_served"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect(
                    "network:organisation_detail", self.municipality.slug, organisation.pk
                )
        return self.render_form(form, original, status=400)


class OrganisationArchiveView(OrganisationMixin, TenantView):
    permission = perms.import_organisation

    def get(self, request, municipality_slug, organisation_id):
        organisation = self.get_organisation(organisation_id)
        self.require(self.permission, organisation)
        return render(
            request, "network/organisation_confirm_archive.html", {"organisation": organisation}
        )

    def post(self, request, municipality_slug, organisation_id):
        organisation = self.get_organisation(organisation_id)
        self.require(self.permission, organisation)
        was_archived = organisation.is_archived
        services.organisation_archive(actor=request.user, organisation=organisation)
        messages.success(
            request,
            _("Die Organisation ist wieder aktiv.")
            if was_archived
            else _("Die Organisation wurde archiviert."),
        )
        return redirect("network:organisation_detail", self.municipality.slug, organisation.pk)
