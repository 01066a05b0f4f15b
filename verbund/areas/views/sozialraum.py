"""A centre's Sozialraum: the areas it serves."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.core.forms import add_service_errors
from verbund.core.tenant_views import TenantView
from verbund.tenancy.models import FamilyCentre
from verbund.tenancy.selectors import centre_list

from .. import permissions as perms
from .. import selectors, services
from ..forms import SozialraumForm
from .base import tile_attribution, tile_url

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
        if not form.fields["areas"].widget.searchable:  # a few areas: ticked by level
            for area in form.fields["areas"].queryset.only("pk", "name", "code", "level"):
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
