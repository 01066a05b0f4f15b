"""Areas: list, export, maps and the edit pages of one area."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.core import page_cache
from verbund.core.exports import choice_labels, export_response, grouped, value_batches
from verbund.core.forms import add_service_errors
from verbund.core.history import history_for
from verbund.core.paging import counted_page, in_key_order, sorted_keys, window_counted
from verbund.core.params import int_param
from verbund.core.prepared import PreparedQuery
from verbund.core.search_choice import SearchChoiceJsonView
from verbund.core.tenant_views import TenantView

from .. import permissions as perms
from .. import rows_cache, selectors, services
from ..forms import AreaForm
from ..models import Area, ImportStatus, Observation
from .base import (
    LIST_PAGE_SIZE,
    OBSERVATION_ROWS,
    PAGE_SIZE,
    AreaMixin,
    detail_urls,
    geojson_response,
    tile_attribution,
    tile_url,
)

# --- Areas -------------------------------------------------------------------------------


class AreaChoicesView(SearchChoiceJsonView):
    """Names for the area search field (autocomplete)."""

    permission = perms.view_area

    def base_queryset(self):
        return Area.objects.filter(municipality=self.municipality)


# The area list's side parts, compiled once per process (``core.prepared``): a page of the
# Sozialraum table's centres (a page is a LIMIT and an OFFSET in the SQL) and the imports
# waiting for their preview.
_CENTRES_PAGE = PreparedQuery(
    lambda number, municipality_id: window_counted(
        selectors.centres_with_areas(municipality=municipality_id), number, LIST_PAGE_SIZE
    )
)
_PREVIEW_IMPORTS = PreparedQuery(
    lambda municipality_id: selectors.import_list(municipality=municipality_id).filter(
        status=ImportStatus.PREVIEW
    )[:5]
)


class AreaListView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug):
        level = request.GET.get("ebene", "")[:60]
        query = request.GET.get("q", "").strip()[:100]
        order = selectors.area_tree_order(municipality=self.municipality, level=level, query=query)
        page = Paginator(order, LIST_PAGE_SIZE).get_page(request.GET.get("seite"))
        area_url = detail_urls("areas:area_detail", self.municipality.slug)
        shown = [(row.id, row.depth) for row in page.object_list]

        def render_rows():
            by_id = selectors.areas_by_id(
                municipality=self.municipality, ids=[pk for pk, _depth in shown]
            )
            rows = [(by_id[pk], depth, area_url(pk)) for pk, depth in shown if pk in by_id]
            return render_to_string("areas/_area_rows.html", {"rows": rows})

        centre_page = counted_page(
            lambda number: _CENTRES_PAGE.objects(
                variant=number, given={"number": number}, municipality_id=self.municipality.pk
            ),
            int_param(request.GET, "zentren_seite", max_value=10_000, default=1),
            LIST_PAGE_SIZE,
            beyond_last="last",
        )
        return render(
            request,
            "areas/area_list.html",
            {
                "rows_html": rows_cache.area_rows_html(
                    municipality_id=self.municipality.pk, shown=shown, render=render_rows
                ),
                "page": page,
                "levels": selectors.area_levels(municipality=self.municipality),
                "level": level,
                "query": query,
                "can_manage": self.access.can(perms.manage_area),
                "centre_page": centre_page,
                "centre_rows_html": self.centre_rows_html(list(centre_page.object_list), area_url),
                "imports": _PREVIEW_IMPORTS.objects(municipality_id=self.municipality.pk)
                if self.access.can(perms.manage_area)
                else [],
            },
        )

    def centre_rows_html(self, centres, area_url) -> str:
        """The Sozialraum table's rows, rendered once per change of what they show."""
        shown = [
            (centre.pk, self.access.can(perms.change_sozialraum, centre)) for centre in centres
        ]
        can_edit = dict(shown)

        def render_rows():
            rows = [
                (
                    centre,
                    can_edit[centre.pk],
                    [(area_url(pk), name) for pk, name in centre.area_links],
                )
                for centre in selectors.attach_areas(centres)
            ]
            return render_to_string(
                "areas/_centre_area_rows.html",
                {"centres": rows, "municipality": self.municipality},
            )

        return rows_cache.centre_rows_html(
            municipality_id=self.municipality.pk, shown=shown, render=render_rows
        )


class AreaExportView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug, fmt):
        areas = selectors.area_list(municipality=self.municipality)
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
        return export_response(fmt, _("gebiete"), header, area_rows(areas))


def area_rows(areas):
    """The export's rows from ``values_list`` in batches (never the boundaries), kind labels
    from a dict built once, the centres' names by one query per batch."""
    kinds = choice_labels(Area._meta.get_field("kind"))
    fields = ("pk", "code", "name", "level", "kind", "parent__code", "parent__name")
    through = Area.centres.through
    for batch in value_batches(areas, *fields, "area_km2", "centroid_lat", "centroid_lon"):
        centres = grouped(
            through.objects.filter(area_id__in=[row[0] for row in batch])
            .order_by("familycentre__name")
            .values_list("area_id", "familycentre__name")
        )
        for pk, code, name, level, kind, parent_code, parent_name, *numbers in batch:
            yield [
                code,
                name,
                level,
                kinds.get(kind, kind),
                parent_code or "",
                parent_name or "",
                *numbers,
                ", ".join(centres.get(pk, ())),
            ]


class MapView(TenantView):
    permission = perms.view_area

    def get(self, request, municipality_slug):
        content = page_cache.kept_content(
            request,
            prefix=f"verbund:areas:map:{self.municipality.pk}",
            version_keys=rows_cache.map_page_versions(self.municipality.pk),
            template="areas/_map_content.html",
            context=self.content_context,
            parts=(tile_url(), tile_attribution()),  # settings, changed without a restart in tests
        )
        return page_cache.render_kept(request, title=_("Karte der Sozialräume"), content=content)

    def content_context(self) -> dict:
        request = self.request
        levels = selectors.area_levels(municipality=self.municipality)
        level = request.GET.get("ebene", "")[:60]
        if not level and levels:
            level = levels[-1]["level"] if len(levels) > 1 else levels[0]["level"]
        areas = selectors.area_list(municipality=self.municipality, level=level)
        page = Paginator(sorted_keys(areas), PAGE_SIZE).get_page(request.GET.get("seite"))
        ids = list(page.object_list)
        geojson_url = reverse("areas:map_geojson", args=[self.municipality.slug])
        return {
            "levels": levels,
            "level": level,
            "page": page,
            "rows_html": rows_cache.map_rows_html(
                municipality_id=self.municipality.pk,
                ids=ids,
                render=lambda: render_to_string(
                    "areas/_map_rows.html",
                    {"areas": in_key_order(areas, ids), "municipality": self.municipality},
                ),
            ),
            "geojson_url": f"{geojson_url}?{urlencode({'ebene': level})}" if level else geojson_url,
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
        }


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
                "history": history_for(area, limit=20, access=self.access),
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
