"""Area profiles, choropleth maps and the need index."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from verbund.areas.models import Area
from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors
from verbund.core.models import AuditEntry
from verbund.core.params import int_param
from verbund.statistics.models import Indicator, ValueStatus

from .. import maps, selectors, services, stats
from .. import permissions as perms
from ..formatting import de
from ..forms import MapForm, NeedIndexForm
from .base import AnalysisView

PAGE_SIZE = 100
MAX_MAP_AREAS = 2500
LOCATOR_AREAS = 500
SORTS = {
    "name": lambda row: (row.name.casefold(), row.pk),
    "rang": lambda row: (row.rank is None, row.rank or 0, row.name.casefold()),
}


class AreaMixin:
    def get_area(self, pk: int) -> Area:
        try:
            return selectors.area_get(municipality=self.municipality, pk=pk)
        except Area.DoesNotExist as exc:
            raise Http404 from exc

    def get_indicator(self, key: str) -> Indicator:
        try:
            return selectors.indicator_get(municipality=self.municipality, key=key)
        except Indicator.DoesNotExist as exc:
            raise Http404 from exc

    def area_needs(self, area) -> list | None:
        """Needs reported for the area, as far as the user may read needs (None: not at all)."""
        if not self.access.can(perms.view_needs):
            return None
        centre_ids = selectors.centre_scope(access=self.access, permission=perms.view_needs)
        return list(
            selectors.need_list(
                municipality=self.municipality,
                centre_ids=centre_ids,
                filters=selectors.NeedFilter(area_id=area.pk),
            )[:50]
        )

    def profile_prefix(self) -> str:
        """``…/gebiete/`` so that templates build links without one reverse() per area."""
        url = reverse("analysis:area_profile", args=[self.municipality.slug, 0])
        return url[: -len("0/")]

    def map_form(self, *, levels, level, years=(), default_year=None):
        parents = list(
            Area.objects.filter(municipality=self.municipality, children__level=level)
            .distinct()
            .order_by("name")
        )
        form = MapForm(
            self.request.GET or None,
            levels=levels,
            years=years,
            parents=parents,
            initial={"ebene": level, "jahr": default_year},
        )
        parent_id = None
        if form.is_bound and form.is_valid():
            parent_id = form.cleaned_data.get("innerhalb") or None
        return form, parent_id

    def chosen_level(self, levels: list[str], default: str | None) -> str | None:
        requested = self.request.GET.get("ebene")
        if requested in levels:
            return requested
        return default if default in levels else (levels[-1] if levels else None)

    def map_context(self, rows, *, level, parent_id) -> dict:
        # A map of thousands of areas is neither readable nor light: above MAX_MAP_AREAS the
        # page asks for a section ("innerhalb von …") and keeps the table.
        areas = selectors.map_areas(
            municipality=self.municipality, level=level, parent_id=parent_id
        )
        geometries = maps.area_geometries(
            selectors.first_areas(areas, MAX_MAP_AREAS + 1), municipality=self.municipality
        )
        too_many = len(rows) > MAX_MAP_AREAS
        svg = None if too_many else maps.svg_map(geometries)
        shapes = []
        if svg:
            shapes = [(row, svg.shapes[row.pk]) for row in rows if row.pk in svg.shapes]
        sort = self.request.GET.get("sortierung", "name")
        ordered = sorted(rows, key=SORTS.get(sort, SORTS["name"]))
        page = Paginator(ordered, PAGE_SIZE).get_page(self.request.GET.get("seite"))
        return {
            "svg": svg,
            "shapes": shapes,
            "tile_url": getattr(settings, "VERBUND_MAP_TILE_URL", "") or "",
            "page": page,
            "sort": sort if sort in SORTS else "name",
            "profile_prefix": self.profile_prefix(),
            "area_count": len(rows),
            "too_many_for_map": too_many,
            "max_map_areas": MAX_MAP_AREAS,
            "query": self.request.GET.urlencode(),
        }


def _legend(breaks: list[float], dist: stats.Distribution, unit: str) -> list[tuple[str, str]]:
    legend = []
    lower = dist.values[0] if dist.count else None
    for index, upper in enumerate(breaks):
        colour = stats.colour_for(upper, breaks)
        if index == 0:
            label = f"{de(lower)} – {de(upper)}{unit}"
        else:
            label = _("über {lower} bis {upper}{unit}").format(
                lower=de(breaks[index - 1]), upper=de(upper), unit=unit
            )
        legend.append((colour, label))
    return legend


class OverviewView(AreaMixin, AnalysisView):
    permission = perms.view_profiles

    def get(self, request, municipality_slug):
        index = selectors.need_index(municipality=self.municipality)
        indicators = list(selectors.indicator_list(municipality=self.municipality))
        context = {
            "index": index,
            "indicators": indicators,
            "can_configure": self.access.can(perms.configure_index),
            "class_colours": stats.NEED_CLASS_COLOURS,
            "no_data_colour": stats.NO_DATA_COLOUR,
        }
        if index.is_configured:
            levels = selectors.area_levels(municipality=self.municipality)
            form, parent_id = self.map_form(levels=[index.config.level], level=index.config.level)
            rows = selectors.index_rows(
                municipality=self.municipality, index=index, parent_id=parent_id
            )
            context.update(self.map_context(rows, level=index.config.level, parent_id=parent_id))
            geojson = reverse("analysis:index_geojson", args=[self.municipality.slug])
            if parent_id:
                geojson += f"?innerhalb={parent_id}"
            context.update({"map_form": form, "levels": levels, "geojson_url": geojson})
        return render(request, "analysis/overview.html", context)


class IndicatorMapView(AreaMixin, AnalysisView):
    permission = perms.view_profiles

    def get(self, request, municipality_slug, indicator_key):
        indicator = self.get_indicator(indicator_key)
        levels = selectors.area_levels(municipality=self.municipality)
        config = selectors.need_index_config(municipality=self.municipality)
        level = self.chosen_level(levels, config.level if config else None)
        context = {
            "indicator": indicator,
            "levels": levels,
            "level": level,
            "digits": 0 if indicator.kind == "count" else 1,
        }
        if level is not None:
            years = selectors.indicator_years(
                municipality=self.municipality, indicator=indicator, level=level
            )
            form, parent_id = self.map_form(
                levels=levels, level=level, years=years, default_year=years[0] if years else None
            )
            year = years[0] if years else None
            if form.is_bound and form.is_valid() and form.cleaned_data.get("jahr"):
                year = form.cleaned_data["jahr"]
            rows, breaks, dist = selectors.indicator_rows(
                municipality=self.municipality,
                indicator=indicator,
                level=level,
                year=year,
                parent_id=parent_id,
            )
            unit = f" {indicator.unit}" if indicator.unit else ""
            context.update(self.map_context(rows, level=level, parent_id=parent_id))
            context.update(
                {
                    "map_form": form,
                    "year": year,
                    "legend": _legend(breaks, dist, unit),
                    "dist": dist,
                    "no_data_colour": stats.NO_DATA_COLOUR,
                    "geojson_query": f"ebene={level}&jahr={year or ''}",
                    "geojson_url": reverse(
                        "analysis:indicator_geojson", args=[self.municipality.slug, indicator.key]
                    )
                    + f"?ebene={level}&jahr={year or ''}"
                    + (f"&innerhalb={parent_id}" if parent_id else ""),
                }
            )
        return render(request, "analysis/indicator_map.html", context)


class IndicatorGeoJsonView(AreaMixin, AnalysisView):
    """The map's data for Leaflet or a GIS: simplified boundaries with value, rank, colour."""

    permission = perms.view_profiles

    def get(self, request, municipality_slug, indicator_key):
        indicator = self.get_indicator(indicator_key)
        levels = selectors.area_levels(municipality=self.municipality)
        config = selectors.need_index_config(municipality=self.municipality)
        level = self.chosen_level(levels, config.level if config else None)
        if level is None:
            return JsonResponse({"type": "FeatureCollection", "features": []})
        years = selectors.indicator_years(
            municipality=self.municipality, indicator=indicator, level=level
        )
        year = years[0] if years else None
        if int_param(request.GET, "jahr", max_value=9999) in years:
            year = int_param(request.GET, "jahr", max_value=9999)
        parent_id = self.parent_id()
        rows, _breaks, _dist = selectors.indicator_rows(
            municipality=self.municipality,
            indicator=indicator,
            level=level,
            year=year,
            parent_id=parent_id,
        )
        return self.respond(rows, level, parent_id)

    def parent_id(self) -> int | None:
        return int_param(self.request.GET, "innerhalb")

    def respond(self, rows, level, parent_id=None):
        geometries = maps.area_geometries(
            selectors.map_areas(municipality=self.municipality, level=level, parent_id=parent_id),
            municipality=self.municipality,
        )
        prefix = self.profile_prefix()
        data = maps.feature_collection(rows, geometries, url_for=lambda pk: f"{prefix}{pk}/")
        response = JsonResponse(data, json_dumps_params={"separators": (",", ":")})
        response["Content-Type"] = "application/geo+json"
        return response


class IndexGeoJsonView(IndicatorGeoJsonView):
    def get(self, request, municipality_slug):
        index = selectors.need_index(municipality=self.municipality)
        if not index.is_configured:
            return JsonResponse({"type": "FeatureCollection", "features": []})
        parent_id = self.parent_id()
        rows = selectors.index_rows(
            municipality=self.municipality, index=index, parent_id=parent_id
        )
        return self.respond(rows, index.config.level, parent_id)


class IndicatorExportView(AreaMixin, AnalysisView):
    permission = perms.view_profiles

    def get(self, request, municipality_slug, indicator_key, fmt):
        indicator = self.get_indicator(indicator_key)
        levels = selectors.area_levels(municipality=self.municipality)
        config = selectors.need_index_config(municipality=self.municipality)
        level = self.chosen_level(levels, config.level if config else None)
        years = (
            selectors.indicator_years(
                municipality=self.municipality, indicator=indicator, level=level
            )
            if level
            else []
        )
        year = years[0] if years else None
        if int_param(request.GET, "jahr", max_value=9999) in years:
            year = int_param(request.GET, "jahr", max_value=9999)
        rows = []
        if level:
            rows, _b, _d = selectors.indicator_rows(
                municipality=self.municipality, indicator=indicator, level=level, year=year
            )
        header = [
            _("Schlüssel"),
            _("Gebiet"),
            _("Ebene"),
            _("Jahr"),
            indicator.name + (f" ({indicator.unit})" if indicator.unit else ""),
            _("Status"),
            _("Rang"),
        ]
        status_labels = dict(ValueStatus.choices)
        data = (
            [r.code, r.name, level, year, r.value, status_labels.get(r.status, r.status), r.rank]
            for r in rows
        )
        filename = slugify(f"{indicator.key}-{level or ''}-{year or ''}")
        return export_response(fmt, filename, header, data)


class IndexExportView(AreaMixin, AnalysisView):
    permission = perms.view_profiles

    def get(self, request, municipality_slug, fmt):
        index = selectors.need_index(municipality=self.municipality)
        rows = (
            selectors.index_rows(municipality=self.municipality, index=index)
            if index.is_configured
            else []
        )
        header = [
            _("Schlüssel"),
            _("Gebiet"),
            _("Bedarfsindex (standardisiert)"),
            _("Klasse"),
            _("Bedarf"),
            _("Rang"),
        ]
        data = (
            [
                r.code,
                r.name,
                None if r.value is None else round(r.value, 3),
                r.need_class,
                stats.NEED_CLASSES.get(r.need_class, _("keine Angabe (Werte fehlen)")),
                r.rank,
            ]
            for r in sorted(rows, key=SORTS["rang"])
        )
        return export_response(fmt, _("bedarfsindex"), header, data)


class NeedIndexConfigView(AnalysisView):
    permission = perms.configure_index

    def form(self, data=None):
        config = selectors.need_index_config(municipality=self.municipality)
        return NeedIndexForm(data, instance=config, municipality=self.municipality)

    def get(self, request, municipality_slug):
        return self.render(self.form())

    def post(self, request, municipality_slug):
        form = self.form(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.INDEX_FIELDS}
            try:
                services.need_index_configure(
                    actor=request.user,
                    municipality=self.municipality,
                    data=data,
                    weights=form.weights(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Bedarfsindex wurde gespeichert."))
                return redirect("analysis:overview", self.municipality.slug)
        return self.render(form, status=400)

    def render(self, form, status=200):
        history = AuditEntry.objects.filter(
            municipality=self.municipality, action__startswith="analysis.need_index."
        ).select_related("actor")[:10]
        return render(
            self.request,
            "analysis/need_index_form.html",
            {"form": form, "history": history},
            status=status,
        )


# ----------------------------------------------------------------------------- profiles


def profile_table(profile) -> tuple[list[str], list[list]]:
    years = sorted({y for row in profile.rows for y, _v, _s in row.series})
    header = [
        _("Indikator"),
        _("Einheit"),
        _("Jahr"),
        _("Wert"),
        _("Veränderung zum Vorjahr"),
        _("Rang"),
        _("von Gebieten"),
        _("Median der Ebene"),
        _("Differenz zum Median"),
        _("Mittelwert der Ebene"),
        _("Differenz zum Mittelwert"),
        *[str(y) for y in years],
    ]
    data = []
    for row in profile.rows:
        by_year = {y: v for y, v, _s in row.series}
        data.append(
            [
                row.indicator.name,
                row.indicator.unit,
                row.year,
                row.value,
                _round(row.change_previous),
                row.rank,
                row.rank_of or None,
                _round(row.median),
                _round(row.diff_median),
                _round(row.mean),
                _round(row.diff_mean),
                *[by_year.get(y) for y in years],
            ]
        )
    if profile.index_applies:
        data.append(
            [
                _("Bedarfsindex (standardisiert)"),
                "",
                None,
                _round(profile.index_value),
                None,
                profile.index_rank,
                len(profile.index.values) or None,
                None,
                None,
                None,
                None,
                *[None for _y in years],
            ]
        )
    return header, data


def _round(value, digits: int = 3):
    return None if value is None else round(value, digits)


class AreaProfileView(AreaMixin, AnalysisView):
    permission = perms.view_profiles

    def get(self, request, municipality_slug, area_id):
        area = self.get_area(area_id)
        profile = selectors.area_profile(municipality=self.municipality, area=area)
        context = {
            "profile": profile,
            "area": area,
            "class_colours": stats.NEED_CLASS_COLOURS,
            "needs": self.area_needs(area),
        }
        # A small locator map: the area among its level (or, on a fine level, among the areas
        # of the same parent), coloured by need class if possible.
        parent_id = area.parent_id if profile.level_area_count > LOCATOR_AREAS else None
        locator_areas = selectors.map_areas(
            municipality=self.municipality, level=area.level, parent_id=parent_id
        )
        geometries = maps.area_geometries(
            selectors.first_areas(locator_areas, LOCATOR_AREAS + 1),
            municipality=self.municipality,
        )
        svg = maps.svg_map(geometries)
        if svg:
            context["locator"] = [
                (
                    pk,
                    d,
                    stats.NEED_CLASS_COLOURS.get(profile.index.classes.get(pk), "#f3f4f7")
                    if profile.index_applies
                    else "#f3f4f7",
                )
                for pk, d in svg.shapes.items()
            ]
            context["svg"] = svg
            context["profile_prefix"] = self.profile_prefix()
        return render(request, "analysis/area_profile.html", context)


class AreaProfileExportView(AreaMixin, AnalysisView):
    permission = perms.view_profiles

    def get(self, request, municipality_slug, area_id, fmt):
        area = self.get_area(area_id)
        profile = selectors.area_profile(municipality=self.municipality, area=area)
        header, data = profile_table(profile)
        return export_response(fmt, slugify(f"profil-{area.code}-{area.name}"), header, data)


class AreaProfilePdfView(AreaMixin, AnalysisView):
    permission = perms.view_profiles

    def get(self, request, municipality_slug, area_id):
        from weasyprint import HTML

        area = self.get_area(area_id)
        profile = selectors.area_profile(municipality=self.municipality, area=area)
        html = render_to_string(
            "analysis/area_profile_pdf.html",
            {
                "profile": profile,
                "area": area,
                "municipality": self.municipality,
                "needs": self.area_needs(area),
            },
            request=request,
        )
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = slugify(f"profil-{area.code}-{area.name}")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
