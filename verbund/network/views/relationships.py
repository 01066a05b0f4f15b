from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from verbund.accounts.names_cache import version_key as account_names_key
from verbund.core import page_cache
from verbund.core.forms import add_service_errors
from verbund.core.paging import in_key_order, keyed_page
from verbund.core.params import int_param
from verbund.core.rows_cache import render_page_rows

from .. import metrics_cache, rows_cache, selectors, services
from .. import permissions as perms
from ..forms import (
    CentreChoiceForm,
    InteractionForm,
    RelationshipFilterForm,
    RelationshipForm,
)
from ..models import Relationship, Sector, Status
from .base import TenantView, history, lookup


class CentreScopeMixin:
    def visible_centres(self, permission):
        return selectors.centres_for(
            municipality=self.municipality, access=self.access, permission=permission
        )

    def chosen_centre(self, permission):
        centres = list(self.visible_centres(permission))
        form = CentreChoiceForm(self.request.GET or None, centres=centres)
        chosen = None
        if form.is_valid() and form.cleaned_data.get("zentrum"):
            chosen = next((c for c in centres if c.pk == form.cleaned_data["zentrum"]), None)
        if chosen is None and centres:
            own = [c for c in centres if c.pk in self.access.centre_ids]
            chosen = (own or centres)[0]
        if chosen is not None:
            form = CentreChoiceForm(initial={"zentrum": chosen.pk}, centres=centres)
        return chosen, centres, form


PAGE_SIZE = 50


class RelationshipListView(CentreScopeMixin, TenantView):
    permission = perms.view_relationship

    def get(self, request, municipality_slug):
        # Kept whole: the list shows relationships, their centres and organisations (the
        # network version), next steps' owners (account names), the viewer's reach and the
        # query string.
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:network:relationships:{self.municipality.pk}",
            version_keys=[metrics_cache.version_key(self.municipality.pk), account_names_key()],
            template="network/_relationship_list_content.html",
            context=self.content_context,
        )
        return page_cache.render_kept(
            request, title=_("Stakeholder-Einschätzungen"), content=content
        )

    def content_context(self) -> dict:
        request = self.request
        filter_form = RelationshipFilterForm(
            request.GET or None,
            centres=self.visible_centres(self.permission),
            municipality=self.municipality,
        )
        status, centre_id = filter_form.to_filter()
        relationships = selectors.relationship_list(
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
            status=status,
            centre_id=centre_id,
        )
        keys = metrics_cache.sorted_keys(
            "relationship-list", municipality_id=self.municipality.pk, queryset=relationships
        )
        # The page holds keys: its rows are read by key only when rows_html renders them.
        page = keyed_page(
            relationships, request.GET.get("seite"), PAGE_SIZE, keys=keys, load_rows=False
        )
        return {
            "relationships": page,
            "rows_html": self.rows_html(list(page)),
            "filter_form": filter_form,
            "can_create": self.access.can(perms.change_relationship),
        }

    def rows_html(self, ids: list[int]) -> str:
        """The page's rows as HTML, from the cache while nothing they show changed
        (``rows_cache``). ``ids`` come from the viewer's own list."""

        def render_rows():
            listed = Relationship.objects.filter(municipality=self.municipality)
            rows = in_key_order(selectors.relationship_list_rows(listed), ids)
            return render_page_rows("network/_relationship_rows.html", rows, self.municipality)

        return rows_cache.relationship_rows_html(
            municipality_id=self.municipality.pk, ids=ids, render=render_rows
        )


class RelationshipMixin:
    def get_relationship(self, pk) -> Relationship:
        return lookup(selectors.relationship_get, municipality=self.municipality, pk=pk)


class RelationshipDetailView(RelationshipMixin, TenantView):
    permission = perms.view_relationship

    def get(self, request, municipality_slug, relationship_id):
        relationship = self.get_relationship(relationship_id)
        self.require(self.permission, relationship)
        return self.render(relationship, InteractionForm(relationship=relationship))

    def render(self, relationship, form, status=200):
        return render(
            self.request,
            "network/relationship_detail.html",
            {
                "relationship": relationship,
                "interactions": selectors.interaction_list(relationship=relationship),
                "form": form,
                "can_change": self.access.can(perms.change_relationship, relationship),
                "history": history(relationship, self.access),
            },
            status=status,
        )


class InteractionCreateView(RelationshipDetailView):
    permission = perms.change_relationship

    def get(self, request, municipality_slug, relationship_id):
        relationship = self.get_relationship(relationship_id)
        self.require(self.permission, relationship)
        return redirect("network:relationship_detail", self.municipality.slug, relationship.pk)

    def post(self, request, municipality_slug, relationship_id):
        relationship = self.get_relationship(relationship_id)
        self.require(self.permission, relationship)
        form = InteractionForm(request.POST, relationship=relationship)
        if form.is_valid():
            try:
                services.interaction_create(
                    actor=request.user,
                    relationship=relationship,
                    data=form.cleaned_data,
                    contacts=form.cleaned_data["contacts"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Kontakt wurde im Verlauf vermerkt."))
                return redirect(
                    "network:relationship_detail", self.municipality.slug, relationship.pk
                )
        return self.render(relationship, form, status=400)


class RelationshipCreateView(CentreScopeMixin, TenantView):
    permission = perms.change_relationship

    def form(self, data=None, initial=None):
        return RelationshipForm(
            data,
            initial=initial,
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
        )

    def get(self, request, municipality_slug):
        initial = {}
        for field, name in (("organisation", "organisation"), ("centre", "zentrum")):
            if (pk := int_param(request.GET, name)) is not None:
                initial[field] = pk
        return self.render(self.form(initial=initial))

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if form.is_valid():
            self.require(self.permission, form.instance)
            try:
                relationship = services.relationship_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Einschätzung wurde angelegt."))
                return redirect(
                    "network:relationship_detail", self.municipality.slug, relationship.pk
                )
        return self.render(form, status=400)

    def render(self, form, relationship=None, status=200):
        return render(
            self.request,
            "network/relationship_form.html",
            {
                "form": form,
                "relationship": relationship,
                "title": _("Einschätzung bearbeiten")
                if relationship
                else _("Organisation einschätzen"),
            },
            status=status,
        )


class RelationshipUpdateView(RelationshipMixin, RelationshipCreateView):
    def get(self, request, municipality_slug, relationship_id):
        relationship = self.get_relationship(relationship_id)
        self.require(self.permission, relationship)
        return self.render(self.bound(relationship), relationship)

    def bound(self, relationship, data=None):
        return RelationshipForm(
            data,
            instance=relationship,
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
        )

    def post(self, request, municipality_slug, relationship_id):
        relationship = self.get_relationship(relationship_id)
        self.require(self.permission, relationship)
        form = self.bound(relationship, request.POST)
        original = self.get_relationship(relationship.pk)
        if form.is_valid():
            try:
                services.relationship_update(
                    actor=request.user, relationship=original, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect(
                    "network:relationship_detail", self.municipality.slug, relationship.pk
                )
        return self.render(form, original, status=400)


class StakeholderMatrixView(CentreScopeMixin, TenantView):
    permission = perms.view_relationship

    def get(self, request, municipality_slug):
        centre, _centres, form = self.chosen_centre(self.permission)
        relationships = (
            selectors.relationship_list(
                municipality=self.municipality, centre_id=centre.pk
            ).exclude(status=Status.ENDED)
            if centre
            else []
        )
        return render(
            request,
            "network/matrix.html",
            {
                "centre": centre,
                "form": form,
                "matrix": selectors.stakeholder_matrix(relationships=relationships),
            },
        )


class SuggestionView(CentreScopeMixin, TenantView):
    permission = perms.view_relationship

    def get(self, request, municipality_slug):
        centre, _centres, form = self.chosen_centre(self.permission)
        result = (
            selectors.suggestions(municipality=self.municipality, centre=centre)
            if centre
            else {"missing": [], "candidates": [], "area_ids": []}
        )
        labels = dict(Sector.choices)
        return render(
            request,
            "network/suggestions.html",
            {
                "centre": centre,
                "form": form,
                "missing": [labels[s] for s in result["missing"]],
                "candidates": result["candidates"],
                "has_areas": bool(result["area_ids"]),
                "can_create": self.access.can(perms.change_relationship, centre)
                if centre
                else False,
            },
        )
