"""The "Adresse suchen" button of the organisation forms: look the typed address up with the
configured geocoder (``verbund.core.geocoding``) and show the form again with the point filled
in, saving nothing. Without a geocoder the button is not shown."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.forms.utils import ErrorDict, ErrorList
from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.areas import permissions as area_perms
from verbund.areas.selectors import municipality_extent
from verbund.core import geocoding

ACTION = "geocode"


def requested(request) -> bool:
    return request.POST.get("action") == ACTION and geocoding.enabled()


def _decimal(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def fill_point(request, form, *, municipality) -> None:
    """Put the found point into the bound ``form`` (its data), or an error at the street; the
    form's other input is shown as typed, without judging it yet."""
    data = form.data.copy()
    name = form.add_prefix
    street = data.get(name("street"), "").strip()
    town = " ".join(
        part for part in (data.get(name("postcode"), ""), data.get(name("city"), "")) if part
    ).strip()
    errors = ErrorDict()
    try:
        place = geocoding.geocode(
            ", ".join(part for part in (street, town) if part),
            extent=municipality_extent(municipality=municipality),
        )
    except geocoding.GeocodingError as error:
        errors["street"] = ErrorList([str(error)])
    else:
        data[name("latitude")] = _decimal(place.latitude)
        data[name("longitude")] = _decimal(place.longitude)
        messages.info(
            request,
            _("Gefunden: %(place)s. Bitte prüfen Sie den Punkt; gespeichert ist noch nichts.")
            % {"place": place.label or _("ein Punkt in Ihrer Kommune")},
        )
    form.data = data
    form._errors = errors


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
