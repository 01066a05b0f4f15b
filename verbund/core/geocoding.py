"""Address → point through a geocoder the municipality configures (its own Nominatim or Photon);
off by default, so no address leaves the server unless an operator sets one up.

``VERBUND_GEOCODER_URL`` is the search endpoint (``https://nominatim.example.org/search`` or
``https://photon.example.org/api``), ``VERBUND_GEOCODER_KIND`` ``nominatim`` or ``photon``.
The lookup runs server-side with a short timeout; a point outside the given extent (the
municipality's) is not offered. Every failure is a ``GeocodingError`` with a German message.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.forms.utils import ErrorDict, ErrorList
from django.utils.translation import gettext as _

KINDS = ("nominatim", "photon")
MAX_RESPONSE_BYTES = 512 * 1024
MAX_RESULTS = 5

Extent = tuple[float, float, float, float]  # (min_lon, min_lat, max_lon, max_lat)


ACTION = "geocode"  # the value of the "Adresse suchen" submit button (name "action")

_extent_provider = None


def register_extent(provider) -> None:
    """``provider(municipality=...) -> Extent | None``: the app that knows the municipality's
    areas registers it (core knows no app)."""
    global _extent_provider
    _extent_provider = provider


def municipality_extent(municipality) -> Extent | None:
    return _extent_provider(municipality=municipality) if _extent_provider else None


class GeocodingError(Exception):
    """A German message for the person who asked (nothing found, outside, unreachable)."""


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str


def geocoder_url() -> str:
    return (getattr(settings, "VERBUND_GEOCODER_URL", "") or "").strip()


def enabled() -> bool:
    return geocoder_url().startswith(("https://", "http://"))


def _kind() -> str:
    kind = (getattr(settings, "VERBUND_GEOCODER_KIND", "") or "nominatim").strip().lower()
    return kind if kind in KINDS else "nominatim"


def _request_url(address: str, extent: Extent | None) -> str:
    params: dict[str, str | int] = {"q": address, "limit": MAX_RESULTS}
    if _kind() == "nominatim":
        params.update({"format": "jsonv2", "addressdetails": 0})
        if extent:
            min_lon, min_lat, max_lon, max_lat = extent
            params["viewbox"] = f"{min_lon},{max_lat},{max_lon},{min_lat}"
    elif extent:
        params["bbox"] = ",".join(str(value) for value in extent)
    base = geocoder_url()
    return f"{base}{'&' if '?' in base else '?'}{urllib.parse.urlencode(params)}"


def _places(payload) -> list[Place]:
    places = []
    if _kind() == "nominatim":
        for row in payload if isinstance(payload, list) else []:
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (KeyError, TypeError, ValueError):
                continue
            places.append(Place(lat, lon, str(row.get("display_name", ""))[:300]))
        return places
    features = payload.get("features", []) if isinstance(payload, dict) else []
    for feature in features if isinstance(features, list) else []:
        try:
            lon, lat = (float(v) for v in feature["geometry"]["coordinates"][:2])
        except (KeyError, TypeError, ValueError):
            continue
        props = feature.get("properties") or {}
        street = " ".join(str(props[k]) for k in ("street", "housenumber") if props.get(k))
        town = " ".join(str(props[k]) for k in ("postcode", "city") if props.get(k))
        label = ", ".join(part for part in (str(props.get("name") or ""), street, town) if part)
        places.append(Place(lat, lon, label[:300]))
    return places


def _inside(place: Place, extent: Extent | None) -> bool:
    if not extent:
        return True
    min_lon, min_lat, max_lon, max_lat = extent
    return min_lat <= place.latitude <= max_lat and min_lon <= place.longitude <= max_lon


def geocode(address: str, *, extent: Extent | None = None, timeout: float | None = None) -> Place:
    """The first place the geocoder finds for ``address`` inside ``extent``."""
    address = " ".join(address.split())[:300]
    if not enabled():
        raise GeocodingError(_("Die Adresssuche ist nicht eingerichtet."))
    if not address:
        raise GeocodingError(_("Bitte geben Sie zuerst Straße, Postleitzahl oder Ort ein."))
    request = urllib.request.Request(  # noqa: S310 (enabled() allows http(s) only)
        _request_url(address, extent),
        headers={"User-Agent": "Verbund (Adresssuche)", "Accept": "application/json"},
    )
    seconds = timeout or float(getattr(settings, "VERBUND_GEOCODER_TIMEOUT", 5))
    unreachable = _(
        "Die Adresssuche antwortet gerade nicht. Bitte tragen Sie Breiten- und Längengrad "
        "selbst ein oder versuchen Sie es später noch einmal."
    )
    try:
        with urllib.request.urlopen(request, timeout=seconds) as response:  # noqa: S310
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        raise GeocodingError(unreachable) from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise GeocodingError(unreachable)
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise GeocodingError(unreachable) from None
    places = _places(payload)
    if not places:
        raise GeocodingError(
            _(
                "Zu dieser Adresse wurde nichts gefunden. Prüfen Sie die Schreibweise oder "
                "tragen Sie Breiten- und Längengrad selbst ein."
            )
        )
    for place in places:
        if _inside(place, extent):
            return place
    raise GeocodingError(
        _(
            "Die Adresse wurde nur außerhalb Ihrer Kommune gefunden. Prüfen Sie Straße und Ort "
            "oder tragen Sie Breiten- und Längengrad selbst ein."
        )
    )


# The "Adresse suchen" button of a form -----------------------------------------------------


def requested(request) -> bool:
    return request.POST.get("action") == ACTION and enabled()


def _decimal(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def fill_point(request, form, *, municipality) -> None:
    """Look up the address typed into the bound ``form`` (fields ``street``, ``postcode``,
    ``city``) and put the point into its ``latitude``/``longitude``, or an error at the street.
    The form's other input is shown as typed, without judging it yet; nothing is saved."""
    data = form.data.copy()
    name = form.add_prefix
    street = data.get(name("street"), "").strip()
    town = " ".join(
        part.strip() for part in (data.get(name("postcode"), ""), data.get(name("city"), ""))
    ).strip()
    errors = ErrorDict()
    try:
        place = geocode(
            ", ".join(part for part in (street, town) if part),
            extent=municipality_extent(municipality),
        )
    except GeocodingError as error:
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
