"""Choropleth maps: a server-rendered SVG (works without JavaScript) and a compact GeoJSON.

Geometry comes from ``Area.geometry_simplified``; areas without it fall back to their full
boundary, simplified here. Coordinates are WGS84 and rounded to five decimals (about 1 m).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import shapely
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
    # (area id, x, y, name): the names that fit on the map without overlapping
    labels: list[tuple[int, float, float, str]] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


# Simplified to the drawing: vertices closer than half a pixel of the SVG's 800-unit width are
# dropped (Douglas–Peucker in projected units), parts smaller than a pixel are left out.
PIXEL_TOLERANCE = 0.5
MIN_PART_AREA = 1.0
# Names on the map: in SVG units (the map is drawn 800 units wide; at 600–830 px on screen a
# name is 11–14 px high); a name is placed only where it fits its area and overlaps no other.
LABEL_FONT_SIZE = 14.0
LABEL_CHAR_WIDTH = 0.55  # average glyph width per font size (sans-serif)
LABEL_MAX = 200


def _project(geometries: dict[int, dict]):
    """Extent, scale and the projection function (equirectangular, scaled by the mean
    latitude, y downwards); ``None`` for an empty or degenerate extent."""
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

    def project(coords: np.ndarray) -> np.ndarray:
        out = np.empty_like(coords)
        out[:, 0] = (coords[:, 0] - min_x) * kx * scale
        out[:, 1] = (max_y - coords[:, 1]) * scale
        return out

    return height, project


def _path(geom) -> str:
    parts = []
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.geom_type != "Polygon" or polygon.area < MIN_PART_AREA:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            coords = list(ring.coords)[:-1]
            if len(coords) >= 3:
                points = "L".join(f"{x:.1f} {y:.1f}" for x, y in coords)
                parts.append(f"M{points}Z")
    return "".join(parts)


def _place_labels(placed_geoms: dict[int, object], names: dict[int, str]) -> list[tuple]:
    """Greedy: the largest areas first; a name goes at the area's representative point if it
    is no wider than the area and overlaps no name placed before."""
    boxes: list[tuple[float, float, float, float]] = []
    labels = []
    height = LABEL_FONT_SIZE
    for area_id, geom in sorted(placed_geoms.items(), key=lambda kv: -kv[1].area):
        name = names.get(area_id)
        if not name or len(labels) >= LABEL_MAX:
            continue
        width = LABEL_CHAR_WIDTH * LABEL_FONT_SIZE * len(name)
        min_x, min_y, max_x, max_y = geom.bounds
        if width > (max_x - min_x) * 1.15 or height > (max_y - min_y):
            continue
        point = geom.representative_point()
        box = (point.x - width / 2, point.y - height / 2, point.x + width / 2, point.y + height / 2)
        if any(
            box[0] < b[2] + 2 and b[0] < box[2] + 2 and box[1] < b[3] + 1 and b[1] < box[3] + 1
            for b in boxes
        ):
            continue
        boxes.append(box)
        labels.append((area_id, round(point.x, 1), round(point.y, 1), name))
    return labels


def svg_map(geometries: dict[int, dict], *, names: dict[int, str] | None = None) -> SvgMap | None:
    """The areas projected onto the 800-unit-wide drawing and simplified to it (GEOS
    ``simplify`` with a tolerance of half a drawing unit, whatever the extent)."""
    projection = _project(geometries)
    if projection is None:
        return None
    height, project = projection
    shapes = {}
    placed = {}
    for area_id, geometry in geometries.items():
        try:
            geom = shapely.transform(shape(geometry), project)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            continue
        if geom.is_empty:
            continue
        geom = geom.simplify(PIXEL_TOLERANCE, preserve_topology=True)
        d = _path(geom)
        if d:
            shapes[area_id] = d
            placed[area_id] = geom
    labels = _place_labels(placed, names or {})
    return SvgMap(SVG_WIDTH, round(height, 1), shapes, labels)


# The web map (Leaflet) opens fitted to the extent, about 1,000 px wide: detail finer than
# about a third of a pixel at that zoom is dropped before sending.
WEB_MAP_PIXELS = 3000


def simplified_for_view(geometries: dict[int, dict]) -> dict[int, dict]:
    """The geometries simplified with a tolerance from their extent (never finer than the
    stored simplification); a small area keeps its detail, a whole city loses what no one sees
    at the opening zoom."""
    min_x = min_y = math.inf
    max_x = max_y = -math.inf
    for geometry in geometries.values():
        for ring in _rings(geometry):
            for lon, lat, *_rest in ring:
                min_x, max_x = min(min_x, lon), max(max_x, lon)
                min_y, max_y = min(min_y, lat), max(max_y, lat)
    if min_x == math.inf:
        return geometries
    tolerance = max(max_x - min_x, max_y - min_y) / WEB_MAP_PIXELS
    if tolerance <= SIMPLIFY_TOLERANCE:
        return geometries
    result = {}
    for area_id, geometry in geometries.items():
        try:
            geom = shape(geometry).simplify(tolerance, preserve_topology=True)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            continue
        if not geom.is_empty:
            result[area_id] = mapping(geom)
    return result


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
