from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors
from verbund.core.models import AuditEntry
from verbund.core.params import int_param
from verbund.core.tenant_views import TenantView
from verbund.tenancy.models import FamilyCentre
from verbund.tenancy.selectors import centre_list

from . import permissions as perms
from . import selectors, services
from .forms import (
    AreaForm,
    ImportOptionsForm,
    ImportUploadForm,
    ObservationForm,
    SozialraumForm,
    WalkForm,
)
from .models import (
    Area,
    AreaImport,
    ImportStatus,
    Observation,
    ObservationCategory,
    ObservationPhoto,
    Walk,
)

PAGE_SIZE = 100
PREVIEW_ROWS = 500
OBSERVATION_ROWS = 50


def tile_url() -> str:
    return getattr(settings, "VERBUND_MAP_TILE_URL", "") or ""


def tile_attribution() -> str:
    return getattr(settings, "VERBUND_MAP_TILE_ATTRIBUTION", "") or ""


def geojson_response(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"separators": (",", ":")})
    response["Content-Type"] = "application/geo+json"
    return response


class ReadOnlyView(TenantView):
    """GET-only endpoints answer other methods with 405 before any permission check, as
    Django's own views do: the method is wrong whoever asks."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class AreaMixin:
    def get_area(self, pk: int) -> Area:
        try:
            return selectors.area_get(municipality=self.municipality, pk=pk)
        except Area.DoesNotExist as exc:
            raise Http404 from exc


# --- Areas -------------------------------------------------------------------------------


class AreaListView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug):
        level = request.GET.get("ebene", "")[:60]
        query = request.GET.get("q", "").strip()[:100]
        order = selectors.area_tree_order(municipality=self.municipality, level=level, query=query)
        page = Paginator(order, PAGE_SIZE).get_page(request.GET.get("seite"))
        by_id = selectors.areas_by_id(
            municipality=self.municipality, ids=[row.id for row in page.object_list]
        )
        rows = [(by_id[row.id], row.depth) for row in page.object_list if row.id in by_id]
        return render(
            request,
            "areas/area_list.html",
            {
                "rows": rows,
                "page": page,
                "levels": selectors.area_levels(municipality=self.municipality),
                "level": level,
                "query": query,
                "can_manage": self.access.can(perms.manage_area),
                "centres": [
                    (centre, self.access.can(perms.change_sozialraum, centre))
                    for centre in selectors.centres_with_areas(municipality=self.municipality)
                ],
                "imports": selectors.import_list(municipality=self.municipality).filter(
                    status=ImportStatus.PREVIEW
                )[:5]
                if self.access.can(perms.manage_area)
                else [],
            },
        )


class AreaExportView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug, fmt):
        areas = selectors.area_list(municipality=self.municipality).prefetch_related("centres")
        header = [
            _("Schlüssel"),
            _("Name"),
            _("Ebene"),
            _("Art"),
            _("Übergeordnet (Schlüssel)"),
            _("Übergeordnet (Name)"),
            _("Fläche in km²"),
            _("Mittelpunkt Breite"),
            _("Mittelpunkt Länge"),
            _("Familienzentren"),
        ]
        rows = (
            [
                a.code,
                a.name,
                a.level,
                a.get_kind_display(),
                a.parent.code if a.parent else "",
                a.parent.name if a.parent else "",
                a.area_km2,
                a.centroid_lat,
                a.centroid_lon,
                ", ".join(c.name for c in a.centres.all()),
            ]
            for a in areas
        )
        return export_response(fmt, _("gebiete"), header, rows)


class MapView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug):
        levels = selectors.area_levels(municipality=self.municipality)
        level = request.GET.get("ebene", "")[:60]
        if not level and levels:
            level = levels[-1]["level"] if len(levels) > 1 else levels[0]["level"]
        areas = selectors.area_list(municipality=self.municipality, level=level)
        page = Paginator(areas, PAGE_SIZE).get_page(request.GET.get("seite"))
        geojson_url = reverse("areas:map_geojson", args=[self.municipality.slug])
        return render(
            request,
            "areas/map.html",
            {
                "levels": levels,
                "level": level,
                "page": page,
                "geojson_url": f"{geojson_url}?{urlencode({'ebene': level})}"
                if level
                else geojson_url,
                "observations_url": reverse(
                    "areas:observations_geojson", args=[self.municipality.slug]
                ),
                "tile_url": tile_url(),
                "tile_attribution": tile_attribution(),
                "observations": selectors.located_observations(municipality=self.municipality)[
                    :OBSERVATION_ROWS
                ],
                "observation_count": Observation.objects.filter(
                    municipality=self.municipality, latitude__isnull=False
                ).count(),
            },
        )


class MapGeoJSONView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug):
        qs = Area.objects.all()
        level = request.GET.get("ebene", "")
        if level:
            qs = qs.filter(level=level)
        return geojson_response(selectors.area_geojson(municipality=self.municipality, areas_qs=qs))


class ObservationsGeoJSONView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug):
        area_id = int_param(request.GET, "gebiet")
        return geojson_response(
            selectors.observations_geojson(municipality=self.municipality, area_id=area_id)
        )


class AreaDetailView(AreaMixin, TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug, area_id):
        area = self.get_area(area_id)
        ancestors = []
        node = area.parent
        while node is not None and len(ancestors) < 10:
            ancestors.insert(0, node)
            node = node.parent
        return render(
            request,
            "areas/area_detail.html",
            {
                "area": area,
                "ancestors": ancestors,
                "children": selectors.area_children(area=area),
                "walks": selectors.walk_list(municipality=self.municipality, area_id=area.pk)[:20],
                "geojson_url": reverse(
                    "areas:area_geojson", args=[self.municipality.slug, area.pk]
                ),
                "observations_url": reverse(
                    "areas:observations_geojson", args=[self.municipality.slug]
                )
                + f"?gebiet={area.pk}",
                "tile_url": tile_url(),
                "tile_attribution": tile_attribution(),
                "can_manage": self.access.can(perms.manage_area),
                "history": AuditEntry.objects.filter(
                    content_type__model="area", object_id=str(area.pk)
                ).select_related("actor")[:20],
            },
        )


class AreaGeoJSONView(AreaMixin, TenantView):
    """The area with its children (or, without children, alone) for the detail map."""

    permission = perms.view_area

    def get(self, request, municipality_slug, area_id):
        area = self.get_area(area_id)
        qs = Area.objects.filter(pk=area.pk) | Area.objects.filter(parent=area)
        return geojson_response(selectors.area_geojson(municipality=self.municipality, areas_qs=qs))


class AreaUpdateView(AreaMixin, TenantView):
    permission = perms.manage_area

    def get(self, request, municipality_slug, area_id):
        area = self.get_area(area_id)
        return self.render(area, AreaForm(instance=area, municipality=self.municipality))

    def post(self, request, municipality_slug, area_id):
        area = self.get_area(area_id)
        original = self.get_area(area_id)
        form = AreaForm(request.POST, instance=area, municipality=self.municipality)
        if form.is_valid():
            try:
                services.area_update(actor=request.user, area=original, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("areas:area_detail", self.municipality.slug, area.pk)
        return self.render(original, form, status=400)

    def render(self, area, form, status=200):
        return render(
            self.request, "areas/area_form.html", {"area": area, "form": form}, status=status
        )


class AreaDeleteView(AreaMixin, TenantView):
    permission = perms.manage_area

    def get(self, request, municipality_slug, area_id):
        area = self.get_area(area_id)
        return render(request, "areas/area_confirm_delete.html", {"area": area})

    def post(self, request, municipality_slug, area_id):
        area = self.get_area(area_id)
        try:
            services.area_delete(actor=request.user, area=area)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("areas:area_detail", self.municipality.slug, area.pk)
        messages.success(request, _("Das Gebiet wurde gelöscht."))
        return redirect("areas:area_list", self.municipality.slug)


# --- Import wizard -------------------------------------------------------------------------


class ImportUploadView(TenantView):
    permission = perms.manage_area

    def get(self, request, municipality_slug):
        return self.render(ImportUploadForm(municipality=self.municipality))

    def post(self, request, municipality_slug):
        form = ImportUploadForm(request.POST, request.FILES, municipality=self.municipality)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        options = services.ImportOptions.from_dict(form.cleaned_data)
        draft = services.area_import_prepare(
            actor=request.user,
            municipality=self.municipality,
            content=upload.read(),
            filename=upload.name,
            options=options,
        )
        return redirect("areas:import_preview", self.municipality.slug, draft.pk)

    def render(self, form, status=200):
        return render(
            self.request,
            "areas/import_upload.html",
            {
                "form": form,
                "imports": selectors.import_list(municipality=self.municipality)[:10],
            },
            status=status,
        )


class ImportDraftMixin:
    def get_draft(self, pk: int) -> AreaImport:
        try:
            return selectors.import_get(municipality=self.municipality, pk=pk)
        except AreaImport.DoesNotExist as exc:
            raise Http404 from exc


class ImportPreviewGeoJSONView(ImportDraftMixin, ReadOnlyView):
    """The boundaries of a file under review, simplified, so the preview shows where they land."""

    permission = perms.manage_area

    def get(self, request, municipality_slug, import_id):
        draft = self.get_draft(import_id)
        return geojson_response(selectors.import_preview_geojson(draft=draft))


class ImportPreviewView(ImportDraftMixin, TenantView):
    permission = perms.manage_area

    def get(self, request, municipality_slug, import_id):
        draft = self.get_draft(import_id)
        form = ImportOptionsForm(initial=draft.options, municipality=self.municipality)
        return self.render(draft, form)

    def post(self, request, municipality_slug, import_id):
        draft = self.get_draft(import_id)
        action = request.POST.get("action", "")
        if draft.status != ImportStatus.PREVIEW:
            messages.error(request, _("Dieser Import ist schon abgeschlossen."))
            return redirect("areas:import_preview", self.municipality.slug, draft.pk)
        if action == "commit":
            try:
                report = services.area_import_commit(actor=request.user, draft=draft)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("areas:import_preview", self.municipality.slug, draft.pk)
            messages.success(
                request,
                _(
                    "Import abgeschlossen: %(created)s neu, %(updated)s geändert, "
                    "%(same)s unverändert."
                )
                % {"created": report.created, "updated": report.updated, "same": report.unchanged},
            )
            return redirect("areas:area_list", self.municipality.slug)
        if action == "discard":
            services.area_import_discard(actor=request.user, draft=draft)
            messages.success(request, _("Der Import wurde verworfen; es wurde nichts geändert."))
            return redirect("areas:import_upload", self.municipality.slug)
        if action == "reconfigure":
            form = ImportOptionsForm(request.POST, municipality=self.municipality)
            if form.is_valid():
                services.area_import_reconfigure(
                    actor=request.user,
                    draft=draft,
                    options=services.ImportOptions.from_dict(form.cleaned_data),
                )
                return redirect("areas:import_preview", self.municipality.slug, draft.pk)
            return self.render(draft, form, status=400)
        return redirect("areas:import_preview", self.municipality.slug, draft.pk)

    def render(self, draft, form, status=200):
        report = draft.report or {}
        problems_by_feature: dict[int, list[str]] = {}
        for problem in draft.problems:
            if problem.get("feature"):
                problems_by_feature.setdefault(problem["feature"], []).append(problem["message"])
        features = [
            {**f, "problems": problems_by_feature.get(f["number"], [])}
            for f in draft.features[:PREVIEW_ROWS]
        ]
        return render(
            self.request,
            "areas/import_preview.html",
            {
                "draft": draft,
                "report": report,
                "features": features,
                "more_features": max(0, len(draft.features) - PREVIEW_ROWS),
                "errors": draft.errors,
                "warnings": draft.warnings,
                "form": form,
                "geojson_url": reverse(
                    "areas:import_geojson", args=[self.municipality.slug, draft.pk]
                ),
                "tile_url": tile_url(),
                "tile_attribution": tile_attribution(),
                "new_count": sum(1 for f in draft.features if not f.get("exists")),
                "existing_count": sum(1 for f in draft.features if f.get("exists")),
            },
            status=status,
        )


# --- A centre's Sozialraum ---------------------------------------------------------------


class SozialraumView(TenantView):
    permission = perms.change_sozialraum

    def get_centre(self, pk: int) -> FamilyCentre:
        try:
            centre = centre_list(municipality=self.municipality).get(pk=pk)
        except FamilyCentre.DoesNotExist as exc:
            raise Http404 from exc
        self.require(self.permission, centre)
        return centre

    def get(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        form = SozialraumForm(
            initial={"areas": list(selectors.centre_areas(centre=centre))},
            municipality=self.municipality,
        )
        return self.render(centre, form)

    def post(self, request, municipality_slug, centre_id):
        centre = self.get_centre(centre_id)
        form = SozialraumForm(request.POST, municipality=self.municipality)
        if form.is_valid():
            try:
                services.centre_areas_set(
                    actor=request.user, centre=centre, areas=form.cleaned_data["areas"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Sozialraum wurde gespeichert."))
                return redirect("areas:sozialraum", self.municipality.slug, centre.pk)
        return self.render(centre, form, status=400)

    def render(self, centre, form, status=200):
        selected = {str(v) for v in (form["areas"].value() or [])}
        groups: dict[str, list] = {}
        for area in form.fields["areas"].queryset:
            groups.setdefault(area.level, []).append((area, str(area.pk) in selected))
        current = list(selectors.centre_areas(centre=centre))
        geojson_url = reverse("areas:map_geojson", args=[self.municipality.slug])
        levels = Counter(area.level for area in current)
        if levels:
            # Show the level the Sozialraum is made of, not overlapping polygons of all levels.
            geojson_url += "?" + urlencode({"ebene": levels.most_common(1)[0][0]})
        return render(
            self.request,
            "areas/sozialraum_form.html",
            {
                "centre": centre,
                "form": form,
                "groups": groups,
                "current": current,
                "geojson_url": geojson_url,
                "tile_url": tile_url(),
                "tile_attribution": tile_attribution(),
                "highlight": ",".join(str(a.pk) for a in current),
            },
            status=status,
        )


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


class ObservationFormMixin:
    def render_form(self, walk, form, observation=None, status=200):
        slug = self.municipality.slug
        geojson_url = reverse("areas:map_geojson", args=[slug])
        if walk.area_id:
            geojson_url = reverse("areas:area_geojson", args=[slug, walk.area_id])
        return render(
            self.request,
            "areas/observation_form.html",
            {
                "walk": walk,
                "form": form,
                "observation": observation,
                "categories": ObservationCategory.choices,
                "geojson_url": geojson_url,
                "tile_url": tile_url(),
                "tile_attribution": tile_attribution(),
            },
            status=status,
        )


class ObservationCreateView(WalkMixin, ObservationFormMixin, TenantView):
    permission = perms.manage_walk

    def get(self, request, municipality_slug, walk_id):
        walk = self.get_walk(walk_id)
        self.require(self.permission, walk)
        return self.render_form(walk, ObservationForm())

    def post(self, request, municipality_slug, walk_id):
        walk = self.get_walk(walk_id)
        self.require(self.permission, walk)
        form = ObservationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.observation_create(
                    actor=request.user,
                    walk=walk,
                    data=form.service_data(),
                    photos=form.cleaned_data["photos"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Beobachtung wurde gespeichert."))
                if "another" in request.POST:
                    return redirect("areas:observation_create", self.municipality.slug, walk.pk)
                return redirect("areas:walk_detail", self.municipality.slug, walk.pk)
        return self.render_form(walk, form, status=400)


class ObservationMixin:
    def get_observation(self, pk: int) -> Observation:
        try:
            observation = selectors.observation_get(municipality=self.municipality, pk=pk)
        except Observation.DoesNotExist as exc:
            raise Http404 from exc
        self.require(self.permission, observation)
        return observation


class ObservationUpdateView(ObservationMixin, ObservationFormMixin, TenantView):
    permission = perms.manage_walk

    def get(self, request, municipality_slug, observation_id):
        observation = self.get_observation(observation_id)
        return self.render_form(
            observation.walk, ObservationForm(instance=observation), observation
        )

    def post(self, request, municipality_slug, observation_id):
        observation = self.get_observation(observation_id)
        form = ObservationForm(request.POST, request.FILES, instance=observation)
        if form.is_valid():
            original = self.get_observation(observation_id)
            try:
                services.observation_update(
                    actor=request.user,
                    observation=original,
                    data=form.service_data(),
                    photos=form.cleaned_data["photos"],
                    remove_photo_ids=[int(pk) for pk in form.cleaned_data["remove_photos"]],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Beobachtung wurde gespeichert."))
                return redirect("areas:walk_detail", self.municipality.slug, observation.walk_id)
        return self.render_form(observation.walk, form, observation, status=400)


class ObservationDeleteView(ObservationMixin, TenantView):
    permission = perms.manage_walk

    def get(self, request, municipality_slug, observation_id):
        observation = self.get_observation(observation_id)
        return render(
            request, "areas/observation_confirm_delete.html", {"observation": observation}
        )

    def post(self, request, municipality_slug, observation_id):
        observation = self.get_observation(observation_id)
        walk_id = observation.walk_id
        services.observation_delete(actor=request.user, observation=observation)
        messages.success(request, _("Die Beobachtung wurde gelöscht."))
        return redirect("areas:walk_detail", self.municipality.slug, walk_id)


class PhotoView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug, photo_id):
        try:
            photo = selectors.photo_get(municipality=self.municipality, pk=photo_id)
        except ObservationPhoto.DoesNotExist as exc:
            raise Http404 from exc
        response = HttpResponse(bytes(photo.image), content_type="image/jpeg")
        response["Content-Disposition"] = (
            f'inline; filename="beobachtung-{photo.observation_id}-{photo.pk}.jpg"'
        )
        return response
