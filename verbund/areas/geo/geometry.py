"""Checking, repairing, projecting and simplifying one area's geometry."""

from __future__ import annotations

import json
import re

import numpy as np
import pyproj
import shapely
from shapely.geometry import shape
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

from verbund.core.numbers import format_decimal

from .base import COORD_DECIMALS, GEOD, GERMANY, MAP_DECIMALS, MAP_TOLERANCE, Boundaries
from .fields import _text


def to_geojson(geometry) -> dict:
    return json.loads(shapely.to_geojson(geometry))


def _round(geometry, decimals: int):
    return shapely.transform(geometry, lambda coords: np.round(coords, decimals))


VALIDITY_REASONS = {
    "Self-intersection": "Die Grenze überschneidet sich selbst",
    "Ring Self-intersection": "Ein Ring berührt oder kreuzt sich selbst",
    "Too few points": "Zu wenige Punkte für eine Fläche",
    "Hole lies outside shell": "Ein Loch liegt außerhalb der Außengrenze",
    "Nested holes": "Löcher liegen ineinander",
    "Interior is disconnected": "Löcher zerteilen die Fläche",
    "Nested shells": "Teilflächen liegen ineinander",
    "Duplicate Rings": "Ein Ring kommt doppelt vor",
    "Invalid Coordinate": "Ungültige Koordinate",
    "Ring not closed": "Ein Ring ist nicht geschlossen",
}


def explain(geometry, transformer=None) -> str:
    reason = explain_validity(geometry)
    match = re.match(r"^(.*?)\[(-?[\d.e+-]+) (-?[\d.e+-]+)\]$", reason)
    if not match:
        return VALIDITY_REASONS.get(reason, reason)
    text, x, y = match.group(1), float(match.group(2)), float(match.group(3))
    if transformer is not None:
        x, y = transformer.transform(x, y)
    german = VALIDITY_REASONS.get(text, text)
    lat, lon = format_decimal(y, 5, grouping=False), format_decimal(x, 5, grouping=False)
    return f"{german} bei {lat}° N, {lon}° O"


def _polygonal(geometry):
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    if geometry.geom_type == "GeometryCollection":
        parts = [g for g in geometry.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if parts:
            return shapely.union_all(parts)
    return None


def _feature(number, properties, geometry, transformer, crs, result: Boundaries) -> dict | None:
    where = f"Feature {number}"
    properties = properties if isinstance(properties, dict) else {}
    code = _text(properties.get(result.code_field))
    name = _text(properties.get(result.name_field))
    label = f"„{name or code}“" if (name or code) else f"Nr. {number}"
    where = f"Feature {number} ({name or code})" if (name or code) else where
    ok = True
    if not code:
        result.error(
            f"Gebiet {label} hat keinen Schlüssel im Feld „{result.code_field}“.", where, number
        )
        ok = False
    elif len(code) > 40:
        result.error(f"Der Schlüssel „{code[:40]}…“ ist länger als 40 Zeichen.", where, number)
        ok = False
    if not name:
        result.warn(
            f"Gebiet {label} hat keinen Namen im Feld „{result.name_field}“; der Schlüssel wird "
            "als Name verwendet.",
            where,
            number,
        )
        name = code
    elif len(name) > 200:
        result.error("Der Name ist länger als 200 Zeichen.", where, number)
        ok = False
    if geometry is None:
        result.error(f"Gebiet {label} hat keine Grenze (Geometrie fehlt).", where, number)
        return None
    try:
        shp = shapely.force_2d(shape(geometry))
    except Exception:
        result.error(f"Die Grenze von Gebiet {label} ist nicht lesbar.", where, number)
        return None
    if shp.is_empty:
        result.error(f"Die Grenze von Gebiet {label} ist leer.", where, number)
        return None
    polygonal = _polygonal(shp)
    if polygonal is None:
        from ..geojson_check import GEOMETRY_NAMES

        result.error(
            f"Gebiet {label} ist ein {GEOMETRY_NAMES.get(shp.geom_type, shp.geom_type)}, "
            "keine Fläche. Gebiete brauchen Polygone.",
            where,
            number,
        )
        return None
    shp = polygonal
    minx, miny, maxx, maxy = shp.bounds
    if transformer is None and not (
        -180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= 90 and -90 <= maxy <= 90
    ):
        result.error(
            f"Die Koordinaten von Gebiet {label} (z. B. {minx:.0f}, {miny:.0f}) sind keine "
            "geografischen Längen und Breiten. Die Datei nennt kein Koordinatensystem; bitte "
            "geben Sie es beim Hochladen an (z. B. EPSG:25832 für UTM Zone 32N).",
            where,
            number,
        )
        return None
    if not shp.is_valid:
        reason = explain(shp, transformer)
        repaired = _polygonal(shapely.make_valid(shp))
        before = abs(shp.area) or 1.0
        if repaired is None or repaired.is_empty or abs(repaired.area - before) / before > 0.01:
            result.error(
                f"Die Grenze von Gebiet {label} ist ungültig: {reason}. Bitte korrigieren Sie "
                "sie im GIS.",
                where,
                number,
            )
            return None
        result.warn(
            f"Die Grenze von Gebiet {label} war ungültig ({reason}) und wurde automatisch "
            "bereinigt; die Fläche ändert sich um weniger als 1 %.",
            where,
            number,
        )
        shp = repaired
    if transformer is not None:
        try:
            shp = shapely.transform(
                shp, lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1]))
            )
        except pyproj.exceptions.ProjError:
            result.error(f"Gebiet {label} lässt sich nicht nach WGS84 umrechnen.", where, number)
            return None
        if not np.isfinite(shapely.get_coordinates(shp)).all():
            result.error(
                f"Gebiet {label} lässt sich nicht nach WGS84 umrechnen (stimmt das "
                "Koordinatensystem?).",
                where,
                number,
            )
            return None
    shp = _orient(_round(shp, COORD_DECIMALS))
    if not shp.is_valid:
        shp = _polygonal(shapely.make_valid(shp)) or shp
    centroid = shp.centroid
    if transformer is None and _in_germany(centroid.y, centroid.x):
        result.error(
            f"Bei Gebiet {label} scheinen Länge und Breite vertauscht zu sein (GeoJSON verlangt "
            f"zuerst die Länge, dann die Breite; gefunden {centroid.x:.3f}, {centroid.y:.3f}).",
            where,
            number,
        )
        return None
    if not _in_germany(centroid.x, centroid.y):
        result.warn(
            f"Gebiet {label} liegt außerhalb Deutschlands "
            f"({format_decimal(centroid.y, 3, grouping=False)}° N, "
            f"{format_decimal(centroid.x, 3, grouping=False)}° O) – stimmt das "
            "Koordinatensystem?",
            where,
            number,
        )
    area_m2, _perimeter = GEOD.geometry_area_perimeter(shp)
    if not ok:
        return None
    return {
        "number": number,
        "code": code,
        "name": name,
        "geometry": to_geojson(shp),
        "bbox": [round(v, COORD_DECIMALS) for v in shp.bounds],
        "centroid": [round(centroid.x, COORD_DECIMALS), round(centroid.y, COORD_DECIMALS)],
        "area_km2": round(abs(area_m2) / 1e6, 4),
    }


def _in_germany(lon: float, lat: float) -> bool:
    return GERMANY[0] <= lon <= GERMANY[2] and GERMANY[1] <= lat <= GERMANY[3]


def _orient(geometry):
    if geometry.geom_type == "Polygon":
        return orient(geometry, 1.0)
    if geometry.geom_type == "MultiPolygon":
        return shapely.MultiPolygon([orient(p, 1.0) for p in geometry.geoms])
    return geometry


def simplify(geometry: dict | None, tolerance: float = MAP_TOLERANCE) -> dict | None:
    """What maps receive: fewer vertices, coordinates to five decimals, never empty."""
    if not geometry:
        return None
    shp = shape(geometry)
    simple = shp.simplify(tolerance, preserve_topology=True)
    if simple.is_empty:
        simple = shp
    return to_geojson(_round(simple, MAP_DECIMALS))


def geometry_shape(geometry: dict):
    return shape(geometry)
