"""The overview, indicator and need-index maps, their GeoJSON and exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from verbund.core.audit import VERSION_FIELD
from verbund.core.exports import export_response
from verbund.core.forms import add_service_errors
from verbund.core.history import describe
from verbund.core.models import AuditEntry
from verbund.core.params import int_param
from verbund.statistics.models import ValueStatus

from ... import map_cache, maps, selectors, services, stats
from ... import permissions as perms
from ...forms import NeedIndexForm
from ..base import AnalysisView
from .common import SORTS, AreaMixin, _legend


class OverviewView(AreaMixin, AnalysisView):
    permission = perms.view_profiles

    def get(self, request, municipality_slug):
        version = map_cache.versions(self.municipality.pk)
        index = map_cache.need_index(municipality=self.municipality, version=version)
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
            rows = map_cache.index_rows(
                municipality=self.municipality, index=index, parent_id=parent_id, version=version
            )
            context.update(
                self.map_context(
                    rows, level=index.config.level, parent_id=parent_id, rows_key=("index",)
                )
            )
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
            context.update(
                self.map_context(
                    rows, level=level, parent_id=parent_id, rows_key=(indicator.pk, year)
                )
            )
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
        def geometries():
            found = maps.area_geometries(
                selectors.map_areas(
                    municipality=self.municipality, level=level, parent_id=parent_id
                ),
                municipality=self.municipality,
            )
            return maps.simplified_for_view(found)

        # The geometry changes only with the areas: simplified once per area version.
        cached = map_cache.cached(
            map_cache.key("geojson-geometry", self.municipality.pk, level, parent_id),
            geometries,
        )
        prefix = self.profile_prefix()
        data = maps.feature_collection(rows, cached, url_for=lambda pk: f"{prefix}{pk}/")
        response = JsonResponse(data, json_dumps_params={"separators": (",", ":")})
        response["Content-Type"] = "application/geo+json"
        return response


class IndexGeoJsonView(IndicatorGeoJsonView):
    def get(self, request, municipality_slug):
        version = map_cache.versions(self.municipality.pk)
        index = map_cache.need_index(municipality=self.municipality, version=version)
        if not index.is_configured:
            return JsonResponse({"type": "FeatureCollection", "features": []})
        parent_id = self.parent_id()
        rows = map_cache.index_rows(
            municipality=self.municipality, index=index, parent_id=parent_id, version=version
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
        version = map_cache.versions(self.municipality.pk)
        index = map_cache.need_index(municipality=self.municipality, version=version)
        rows = (
            map_cache.index_rows(municipality=self.municipality, index=index, version=version)
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
            data[VERSION_FIELD] = form.cleaned_data.get(VERSION_FIELD)
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
        history = describe(
            AuditEntry.objects.filter(
                municipality=self.municipality, action__startswith="analysis.need_index."
            ).select_related("actor", "content_type")[:10]
        )
        return render(
            self.request,
            "analysis/need_index_form.html",
            {"form": form, "history": history},
            status=status,
        )
