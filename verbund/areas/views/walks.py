"""Walks (Begehungen): list, create, detail, export and edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors
from verbund.core.params import int_param
from verbund.core.tenant_views import TenantView
from verbund.tenancy.selectors import centre_list

from .. import permissions as perms
from .. import selectors, services
from ..forms import WalkForm
from ..models import Walk
from .base import ReadOnlyView, geojson_response, tile_attribution, tile_url

# --- Walks -------------------------------------------------------------------------------


class WalkMixin:
    def get_walk(self, pk: int) -> Walk:
        try:
            return selectors.walk_get(municipality=self.municipality, pk=pk)
        except Walk.DoesNotExist as exc:
            raise Http404 from exc


class WalkListView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug):
        centres = list(centre_list(municipality=self.municipality))
        centre_id = int_param(request.GET, "zentrum")
        walks = selectors.walk_list(municipality=self.municipality, centre_id=centre_id or None)
        page = Paginator(walks, 50).get_page(request.GET.get("seite"))
        return render(
            request,
            "areas/walk_list.html",
            {
                "page": page,
                "centres": centres,
                "centre_id": centre_id,
                "can_create": self.access.can(perms.manage_walk),
            },
        )


class WalkCreateView(TenantView):
    permission = perms.manage_walk

    def form(self, data=None):
        initial = {"date": timezone.localdate()}
        if len(self.access.centre_ids) == 1:
            initial["centre"] = next(iter(self.access.centre_ids))
        return WalkForm(
            data,
            initial=initial,
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
        )

    def get(self, request, municipality_slug):
        return self.render(self.form())

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if form.is_valid():
            self.require(self.permission, Walk(centre=form.cleaned_data["centre"]))
            try:
                walk = services.walk_create(
                    actor=request.user, municipality=self.municipality, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Begehung wurde angelegt."))
                return redirect("areas:walk_detail", self.municipality.slug, walk.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(
            self.request,
            "areas/walk_form.html",
            {"form": form, "title": _("Begehung anlegen")},
            status=status,
        )


class WalkDetailView(WalkMixin, TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug, walk_id):
        walk = self.get_walk(walk_id)
        slug = self.municipality.slug
        geojson_url = reverse("areas:map_geojson", args=[slug])
        if walk.area_id:
            geojson_url = reverse("areas:area_geojson", args=[slug, walk.area_id])
        return render(
            request,
            "areas/walk_detail.html",
            {
                "walk": walk,
                "observations": walk.observations.all(),
                "can_change": self.access.can(perms.manage_walk, walk),
                "geojson_url": geojson_url,
                "observations_url": reverse("areas:walk_geojson", args=[slug, walk.pk]),
                "tile_url": tile_url(),
                "tile_attribution": tile_attribution(),
            },
        )


class WalkExportView(WalkMixin, ReadOnlyView):
    """The observations of a walk as CSV/XLSX, e.g. for the Sozialraumanalyse report."""

    permission = perms.view_area

    def get(self, request, municipality_slug, walk_id, fmt):
        walk = self.get_walk(walk_id)
        header = [
            _("Nr."),
            _("Begehung"),
            _("Datum"),
            _("Familienzentrum"),
            _("Gebiet"),
            _("Beobachtung"),
            _("Themen"),
            _("Bewertung"),
            _("Breitengrad"),
            _("Längengrad"),
            _("Fotos"),
        ]
        rows = (
            [
                number,
                walk.title,
                walk.date,
                walk.centre.name,
                walk.area.name if walk.area else "",
                obs.note,
                ", ".join(obs.category_labels),
                obs.get_rating_display() if obs.rating else "",
                obs.latitude,
                obs.longitude,
                len(obs.photos.all()),
            ]
            for number, obs in enumerate(walk.observations.all(), start=1)
        )
        return export_response(fmt, _("begehung-%(id)s") % {"id": walk.pk}, header, rows)


class WalkGeoJSONView(WalkMixin, TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug, walk_id):
        walk = self.get_walk(walk_id)
        return geojson_response(
            selectors.observations_geojson(municipality=self.municipality, walk=walk)
        )


class WalkUpdateView(WalkMixin, TenantView):
    permission = perms.manage_walk

    def form(self, walk, data=None):
        return WalkForm(
            data,
            instance=walk,
            municipality=self.municipality,
            access=self.access,
            permission=self.permission,
        )

    def get(self, request, municipality_slug, walk_id):
        walk = self.get_walk(walk_id)
        self.require(self.permission, walk)
        return self.render(walk, self.form(walk))

    def post(self, request, municipality_slug, walk_id):
        walk = self.get_walk(walk_id)
        self.require(self.permission, walk)
        original = self.get_walk(walk_id)
        form = self.form(walk, request.POST)
        if form.is_valid():
            self.require(self.permission, form.instance)
            try:
                services.walk_update(actor=request.user, walk=original, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("areas:walk_detail", self.municipality.slug, walk.pk)
        return self.render(original, form, status=400)

    def render(self, walk, form, status=200):
        return render(
            self.request,
            "areas/walk_form.html",
            {"form": form, "walk": walk, "title": _("Begehung bearbeiten")},
            status=status,
        )


class WalkDeleteView(WalkMixin, TenantView):
    permission = perms.manage_walk

    def get(self, request, municipality_slug, walk_id):
        walk = self.get_walk(walk_id)
        self.require(self.permission, walk)
        return render(request, "areas/walk_confirm_delete.html", {"walk": walk})

    def post(self, request, municipality_slug, walk_id):
        walk = self.get_walk(walk_id)
        self.require(self.permission, walk)
        services.walk_delete(actor=request.user, walk=walk)
        messages.success(request, _("Die Begehung wurde gelöscht."))
        return redirect("areas:walk_list", self.municipality.slug)
