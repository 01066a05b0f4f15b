"""Choropleth maps: a server-rendered SVG (works without JavaScript) and a compact GeoJSON.

Geometry comes from ``Area.geometry_simplified``; areas without it fall back to their full
boundary, simplified here. Coordinates are WGS84 and rounded to five decimals (about 1 m).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from shapely.geometry import mapping, shape

SIMPLIFY_TOLERANCE = 0.0002  # degrees, ≈ 15–20 m
SVG_WIDTH = 800.0
COORD_DIGITS = 5


def _plain_geometry(geometry: dict | None) -> dict | None:
    if not geometry:
        return None
    if geometry.get("type") == "Feature":
        return geometry.get("geometry")
    if geometry.get("type") == "FeatureCollection":
        features = geometry.get("features") or []
        return features[0].get("geometry") if features else None
    return geometry


def _simplify(geometry: dict) -> dict | None:
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, KeyError):
        return None
    if geom.is_empty:
        return None
    return mapping(geom.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True))


def area_geometries(areas_qs, *, municipality=None) -> dict[int, dict]:
    """Map geometry per area for the areas of the queryset (two queries at most).

    Uses the areas app's ``area_geojson`` selector where it exists; areas that have only a
    full boundary are simplified here.
    """
    geometries: dict[int, dict] = {}
    try:
        from verbund.areas.selectors import area_geojson
    except ImportError:  # pragma: no cover – the areas app predates the selector
        area_geojson = None
    if area_geojson is not None and municipality is not None:
        collection = area_geojson(municipality=municipality, areas_qs=areas_qs, simplified=True)
        for feature in collection["features"]:
            plain = _plain_geometry(feature.get("geometry"))
            if plain:
                geometries[feature["id"]] = plain
    else:
        for pk, geometry in areas_qs.filter(geometry_simplified__isnull=False).values_list(
            "pk", "geometry_simplified"
        ):
            plain = _plain_geometry(geometry)
            if plain:
                geometries[pk] = plain
    fallback = areas_qs.filter(geometry_simplified__isnull=True, geometry__isnull=False)
    for pk, geometry in fallback.values_list("pk", "geometry"):
        plain = _plain_geometry(geometry)
        simplified = _simplify(plain) if plain else None
        if simplified:
            geometries[pk] = simplified
    return geometries


def _rings(geometry: dict) -> Iterable[list]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon


def _round_coords(coords, digits: int = COORD_DIGITS):
    if coords and isinstance(coords[0], int | float):
        return [round(coords[0], digits), round(coords[1], digits)]
    return [_round_coords(c, digits) for c in coords]


@dataclass
class SvgMap:
    width: float
    height: float
    shapes: dict[int, str]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


def svg_map(geometries: dict[int, dict]) -> SvgMap | None:
    """Project lon/lat onto a plane (equirectangular, scaled by the mean latitude)."""
    min_x = min_y = math.inf
    max_x = max_y = -math.inf
    for geometry in geometries.values():
        for ring in _rings(geometry):
            for lon, lat, *_rest in ring:
                min_x, max_x = min(min_x, lon), max(max_x, lon)
                min_y, max_y = min(min_y, lat), max(max_y, lat)
    if min_x == math.inf or max_x == min_x or max_y == min_y:
        return None
    kx = math.cos(math.radians((min_y + max_y) / 2))
    scale = SVG_WIDTH / ((max_x - min_x) * kx)
    height = (max_y - min_y) * scale
    shapes = {}
    for area_id, geometry in geometries.items():
        parts = []
        for ring in _rings(geometry):
            points = [
                f"{(lon - min_x) * kx * scale:.1f} {(max_y - lat) * scale:.1f}"
                for lon, lat, *_rest in ring
            ]
            if len(points) >= 3:
                parts.append("M" + "L".join(points) + "Z")
        if parts:
            shapes[area_id] = "".join(parts)
    return SvgMap(SVG_WIDTH, round(height, 1), shapes)


def feature_collection(rows, geometries: dict[int, dict], *, url_for) -> dict:
    """GeoJSON for Leaflet or GIS tools: one feature per row that has a geometry."""
    features = []
    for row in rows:
        geometry = geometries.get(row.pk)
        if not geometry:
            continue
        features.append(
            {
                "type": "Feature",
                "id": row.pk,
                "geometry": {
                    "type": geometry["type"],
                    "coordinates": _round_coords(geometry["coordinates"]),
                },
                "properties": {
                    "name": row.name,
                    "code": row.code,
                    "value": None if row.value is None else round(row.value, 3),
                    "rank": row.rank,
                    "class": row.need_class,
                    "colour": row.colour,
                    "url": url_for(row.pk),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
