"""The profile of one area: page, table export and PDF."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from verbund.core.exports import export_response
from verbund.core.pdf import html_to_pdf

from ... import maps, selectors, stats
from ... import permissions as perms
from ...profile_hooks import profile_sections
from ..base import AnalysisView
from .common import LOCATOR_AREAS, AreaMixin

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
            "sections": profile_sections(area, self.access),
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
        # Only the app's own static files may be read while rendering (no file://, no http).
        pdf = html_to_pdf(html)
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = slugify(f"profil-{area.code}-{area.name}")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
