"""Choropleth maps: a server-rendered SVG (works without JavaScript) and a compact GeoJSON.

Geometry comes from ``Area.geometry_simplified``; areas without it fall back to their full
boundary, simplified here. Coordinates are WGS84 and rounded to five decimals (about 1 m).
"""

from __future__ import annotations

import json
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


# Simplified to the drawing: vertices within three quarters of a unit of the SVG's 800-unit
# width are dropped (Douglas–Peucker in projected units) and the rest rounded to whole units;
# parts smaller than a unit are left out.
PIXEL_TOLERANCE = 0.75
MIN_PART_AREA = 1.0
# Names on the map: in SVG units (the map is drawn 800 units wide; at 600–830 px on screen a
# name is 11–14 px high); a name is placed only where it fits its area and overlaps no other.
LABEL_FONT_SIZE = 14.0
LABEL_CHAR_WIDTH = 0.55  # average glyph width per font size (sans-serif)
LABEL_MAX = 200


def _projection(bounds):
    """Height and the projection function (equirectangular, scaled by the mean latitude, y
    downwards) for the extent ``(min_x, min_y, max_x, max_y)``; ``None`` if it is empty or
    degenerate."""
    min_x, min_y, max_x, max_y = (float(b) for b in bounds)
    if not all(map(math.isfinite, (min_x, min_y, max_x, max_y))):
        return None
    if max_x == min_x or max_y == min_y:
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


def _paths(geoms: np.ndarray) -> list[str]:
    """SVG path data per geometry of the array, in whole drawing units (vectorised: one pass
    over every part, ring and coordinate of the map)."""
    paths = [""] * len(geoms)
    parts, part_owner = shapely.get_parts(geoms, return_index=True)
    if not len(parts):
        return paths
    keep = (shapely.get_type_id(parts) == 3) & (shapely.area(parts) >= MIN_PART_AREA)
    parts, part_owner = parts[keep], part_owner[keep]
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    coords = np.rint(coords).astype(np.int64)
    bounds = np.flatnonzero(np.diff(coord_ring)) + 1
    pieces: dict[int, list[str]] = {}
    for ring_index, ring in zip(np.unique(coord_ring), np.split(coords, bounds), strict=True):
        points = []
        for x, y in ring[:-1].tolist():
            point = f"{x} {y}"
            if not points or points[-1] != point:
                points.append(point)
        if len(points) >= 3:
            owner = int(part_owner[ring_part[ring_index]])
            pieces.setdefault(owner, []).append("M" + "L".join(points) + "Z")
    for owner, chunks in pieces.items():
        paths[owner] = "".join(chunks)
    return paths


def _place_labels(ids: list[int], geoms: np.ndarray, names: dict[int, str]) -> list[tuple]:
    """Greedy: the largest areas first; a name goes at the area's representative point if it
    is no wider than the area and overlaps no name placed before."""
    if not names or not len(geoms):
        return []
    height = LABEL_FONT_SIZE
    areas = shapely.area(geoms)
    bounds = shapely.bounds(geoms)
    candidates = []
    for i in np.argsort(-areas):
        name = names.get(ids[i])
        if not name:
            continue
        width = LABEL_CHAR_WIDTH * LABEL_FONT_SIZE * len(name)
        min_x, min_y, max_x, max_y = bounds[i]
        if width <= (max_x - min_x) * 1.15 and height <= (max_y - min_y):
            candidates.append((int(i), name, width))
    if not candidates:
        return []
    points = shapely.point_on_surface(geoms[[i for i, _n, _w in candidates]])
    xy = shapely.get_coordinates(points)
    boxes: list[tuple[float, float, float, float]] = []
    labels = []
    for (i, name, width), (x, y) in zip(candidates, xy.tolist(), strict=True):
        if len(labels) >= LABEL_MAX:
            break
        box = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
        if any(
            box[0] < b[2] + 2 and b[0] < box[2] + 2 and box[1] < b[3] + 1 and b[1] < box[3] + 1
            for b in boxes
        ):
            continue
        boxes.append(box)
        labels.append((ids[i], round(x, 1), round(y, 1), name))
    return labels


def svg_map(geometries: dict[int, dict], *, names: dict[int, str] | None = None) -> SvgMap | None:
    """The areas projected onto the 800-unit-wide drawing and simplified to it (GEOS
    ``simplify`` with a tolerance of under a drawing unit, whatever the extent), all areas at
    once through shapely's array functions."""
    ids = list(geometries)
    geoms = shapely.from_geojson([json.dumps(geometries[pk]) for pk in ids], on_invalid="ignore")
    valid = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    ids = [pk for pk, ok in zip(ids, valid.tolist(), strict=True) if ok]
    geoms = geoms[valid]
    projection = _projection(shapely.total_bounds(geoms)) if len(geoms) else None
    if projection is None:
        return None
    height, project = projection
    geoms = shapely.simplify(
        shapely.transform(geoms, project), PIXEL_TOLERANCE, preserve_topology=True
    )
    shapes = {pk: d for pk, d in zip(ids, _paths(geoms), strict=True) if d}
    drawn = [i for i, pk in enumerate(ids) if pk in shapes]
    labels = _place_labels([ids[i] for i in drawn], geoms[drawn], names or {})
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
