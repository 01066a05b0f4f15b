"""Limits, sorting, the area lookup and map legends shared by the profile views."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.areas.models import Area
from verbund.statistics.models import Indicator

from ... import map_cache, selectors, stats
from ... import permissions as perms
from ...formatting import de
from ...forms import MapForm

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
        return list(
            selectors.need_list(
                municipality=self.municipality,
                access=self.access,
                permission=perms.view_needs,
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

    def map_context(self, rows, *, level, parent_id, rows_key=()) -> dict:
        """``rows_key`` names what the rows' values and colours come from (with the
        municipality's versions it identifies the rendered map, cached in ``_map.html``)."""
        # A map of thousands of areas is neither readable nor light: above MAX_MAP_AREAS the
        # page asks for a section ("innerhalb von …") and keeps the table.
        too_many = len(rows) > MAX_MAP_AREAS
        svg = None
        if not too_many:
            # Projected, simplified to the drawing and labelled once per area version.
            svg = map_cache.svg_map(
                municipality=self.municipality,
                level=level,
                parent_id=parent_id,
                names={row.pk: row.name for row in rows},
                limit=MAX_MAP_AREAS + 1,
            )
        shapes = []
        if svg:
            shapes = [(row, svg.shapes[row.pk]) for row in rows if row.pk in svg.shapes]
        sort = self.request.GET.get("sortierung", "name")
        ordered = sorted(rows, key=SORTS.get(sort, SORTS["name"]))
        page = Paginator(ordered, PAGE_SIZE).get_page(self.request.GET.get("seite"))
        return {
            "svg": svg,
            "shapes": shapes,
            "labels": svg.labels if svg else [],
            "map_key": map_cache.key("svg-html", self.municipality.pk, level, parent_id, rows_key),
            "map_seconds": map_cache.seconds(),
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
