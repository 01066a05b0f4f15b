"""The "Adresse suchen" button and the map picker of the organisation forms: the lookup is
``verbund.core.geocoding`` (off without a configured geocoder), the map the areas map."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from verbund.areas import permissions as area_perms
from verbund.core import geocoding
from verbund.core.geocoding import fill_point, requested

__all__ = ["fill_point", "point_context", "requested"]


def point_context(view, *, lat_input: str = "id_latitude", lon_input: str = "id_longitude"):
    """What the forms need for the address search button and the map picker (the areas map
    with ``pick``: a tap sets latitude and longitude; without JavaScript the fields stay)."""
    can_map = view.access.can(area_perms.view_area)
    return {
        "geocoder": geocoding.enabled(),
        "pick_map": can_map,
        "geojson_url": reverse("areas:map_geojson", args=[view.municipality.slug])
        if can_map
        else "",
        "tile_url": getattr(settings, "VERBUND_MAP_TILE_URL", "") or "",
        "tile_attribution": getattr(settings, "VERBUND_MAP_TILE_ATTRIBUTION", "") or "",
        "lat_input": lat_input,
        "lon_input": lon_input,
    }
