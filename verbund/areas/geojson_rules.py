"""The rules of RFC 7946 that ``geojson_check.check_geojson`` applies to a parsed document:
types, nesting, positions, rings and their winding, each problem with its path."""

from __future__ import annotations

import math
from itertools import pairwise

from .geojson_check import (
    ALL_TYPES,
    DEPTH,
    ERROR,
    GEOMETRY_TYPES,
    WARNING,
    Problem,
    _type_name,
)


def _join(where: str, part: str) -> str:
    return f"{where} › {part}" if where else part


class _Checker:
    def __init__(self):
        self.problems: list[Problem] = []
        self.feature: int | None = None

    def add(self, message: str, where: str, level: str = ERROR) -> None:
        self.problems.append(Problem(level, message, where, self.feature))

    def root(self, obj) -> None:
        if not isinstance(obj, dict):
            self.add(
                f"Die oberste Ebene einer GeoJSON-Datei muss ein Objekt sein, ist aber "
                f"{_type_name(obj)}.",
                "",
            )
            return
        self.any_object(obj, "")

    def type_of(self, obj: dict, where: str, expected: tuple[str, ...]) -> str | None:
        if "type" not in obj:
            self.add("Der Eintrag „type“ fehlt.", where)
            return None
        kind = obj["type"]
        if not isinstance(kind, str):
            self.add(f"„type“ muss ein Text sein, ist aber {_type_name(kind)}.", where)
            return None
        if kind not in expected:
            match = next((t for t in expected if t.lower() == kind.lower()), None)
            if match:
                self.add(
                    f"Erwartet wird „{match}“, gefunden „{kind}“ (Groß- und Kleinschreibung "
                    "zählt).",
                    where,
                )
            else:
                allowed = ", ".join(f"„{t}“" for t in expected)
                self.add(f"Der Typ „{kind}“ ist unbekannt; erlaubt: {allowed}.", where)
            return None
        return kind

    def any_object(self, obj: dict, where: str) -> None:
        kind = self.type_of(obj, where, ALL_TYPES)
        if kind is None:
            return
        self.bbox(obj, where)
        if kind == "FeatureCollection":
            self.feature_collection(obj, where)
        elif kind == "Feature":
            self.feature_object(obj, where)
        else:
            self.geometry(obj, where)

    def forbid(self, obj: dict, members: tuple[str, ...], what: str, where: str) -> None:
        for member in members:
            if member in obj:
                self.add(f"{what} darf keinen Eintrag „{member}“ enthalten.", where)

    def bbox(self, obj: dict, where: str) -> None:
        if "bbox" not in obj:
            return
        bbox = obj["bbox"]
        if not isinstance(bbox, list):
            self.add(f"„bbox“ muss eine Liste von Zahlen sein, ist aber {_type_name(bbox)}.", where)
            return
        if len(bbox) not in (4, 6):
            self.add(
                f"„bbox“ muss 4 Zahlen (2D) oder 6 Zahlen (3D) enthalten, enthält aber "
                f"{len(bbox)}.",
                _join(where, "bbox"),
            )
        if not all(_is_number(v) for v in bbox):
            self.add("Jeder Wert in „bbox“ muss eine Zahl sein.", _join(where, "bbox"))

    def feature_collection(self, obj: dict, where: str) -> None:
        self.forbid(
            obj,
            ("properties", "coordinates", "geometry", "geometries"),
            "Eine FeatureCollection",
            where,
        )
        if "features" not in obj:
            self.add("Der Eintrag „features“ fehlt.", where)
            return
        features = obj["features"]
        if not isinstance(features, list):
            self.add(f"„features“ muss eine Liste sein, ist aber {_type_name(features)}.", where)
            return
        for index, feature in enumerate(features, start=1):
            self.feature = index
            here = _join(where, f"Feature {index}")
            if not isinstance(feature, dict):
                self.add(
                    f"Jedes Feature muss ein Objekt sein, ist aber {_type_name(feature)}.", here
                )
                continue
            kind = self.type_of(feature, here, ("Feature",))
            if kind is None:
                continue
            self.bbox(feature, here)
            self.feature_object(feature, here)
        self.feature = None

    def feature_object(self, obj: dict, where: str) -> None:
        self.forbid(obj, ("features", "coordinates", "geometries"), "Ein Feature", where)
        if "id" in obj and not (isinstance(obj["id"], str) or _is_number(obj["id"])):
            self.add(
                f"Die „id“ eines Features muss Text oder Zahl sein, ist aber "
                f"{_type_name(obj['id'])}.",
                where,
            )
        if "properties" not in obj:
            self.add("Der Eintrag „properties“ fehlt (er darf null sein).", where)
        elif obj["properties"] is not None and not isinstance(obj["properties"], dict):
            self.add(
                f"„properties“ muss ein Objekt sein, ist aber {_type_name(obj['properties'])}.",
                where,
            )
        if "geometry" not in obj:
            self.add("Der Eintrag „geometry“ fehlt (er darf null sein).", where)
        elif obj["geometry"] is not None:
            geometry = obj["geometry"]
            here = _join(where, "Geometrie")
            if not isinstance(geometry, dict):
                self.add(
                    f"„geometry“ muss ein Objekt oder null sein, ist aber {_type_name(geometry)}.",
                    here,
                )
                return
            if self.type_of(geometry, here, GEOMETRY_TYPES) is None:
                return
            self.bbox(geometry, here)
            self.geometry(geometry, here)

    def geometry(self, obj: dict, where: str, nested: bool = False) -> None:
        kind = obj["type"]
        self.forbid(obj, ("properties", "geometry", "features"), "Ein Geometrieobjekt", where)
        if kind == "GeometryCollection":
            if "geometries" not in obj:
                self.add("Der Eintrag „geometries“ fehlt.", where)
                return
            geometries = obj["geometries"]
            if not isinstance(geometries, list):
                self.add(
                    f"„geometries“ muss eine Liste sein, ist aber {_type_name(geometries)}.",
                    where,
                )
                return
            if nested:
                self.add(
                    "Geometriesammlungen sollten nicht ineinander verschachtelt sein.",
                    where,
                    WARNING,
                )
            if len(geometries) == 1:
                self.add(
                    "Eine Geometriesammlung mit nur einer Geometrie sollte durch diese "
                    "Geometrie ersetzt werden.",
                    where,
                    WARNING,
                )
            for index, geometry in enumerate(geometries, start=1):
                here = _join(where, f"Geometrie {index}")
                if not isinstance(geometry, dict):
                    self.add(
                        "Eine Geometriesammlung darf nur Geometrieobjekte enthalten, gefunden: "
                        f"{_type_name(geometry)}.",
                        here,
                    )
                    continue
                if self.type_of(geometry, here, GEOMETRY_TYPES) is None:
                    continue
                self.geometry(geometry, here, nested=True)
            return
        self.forbid(obj, ("geometries",), "Ein Geometrieobjekt", where)
        if "coordinates" not in obj:
            self.add("Der Eintrag „coordinates“ fehlt.", where)
            return
        coordinates = obj["coordinates"]
        here = _join(where, "Koordinaten")
        if not isinstance(coordinates, list):
            self.add(
                f"„coordinates“ muss eine Liste sein, ist aber {_type_name(coordinates)}.", here
            )
            return
        if not self.nesting(coordinates, DEPTH[kind], here, kind):
            return
        if kind == "LineString":
            self.line(coordinates, here)
        elif kind == "MultiLineString":
            for index, line in enumerate(coordinates):
                self.line(line, f"{here} [{index}]")
        elif kind == "Polygon":
            self.polygon(coordinates, here)
        elif kind == "MultiPolygon":
            for index, polygon in enumerate(coordinates):
                self.polygon(polygon, f"{here} [{index}]")

    def nesting(self, value, depth: int, where: str, kind: str) -> bool:
        """Check that positions sit exactly ``depth`` lists deep and are valid."""
        if depth == 0:
            return self.position(value, where)
        if not isinstance(value, list):
            self.add(f"Hier wird eine Liste erwartet, gefunden {_type_name(value)}.", where)
            return False
        ok = True
        for index, item in enumerate(value):
            here = f"{where} [{index}]"
            if _is_number(item):
                self.add(
                    f"Hier steht eine Zahl, wo eine Koordinatenliste stehen müsste: die "
                    f"Koordinaten sind für den Typ „{kind}“ zu flach verschachtelt.",
                    here,
                )
                return False
            if not self.nesting(item, depth - 1, here, kind):
                ok = False
                break
        return ok

    def position(self, value, where: str) -> bool:
        if not isinstance(value, list):
            self.add(
                f"Eine Position muss eine Liste von Zahlen sein, ist aber {_type_name(value)}.",
                where,
            )
            return False
        if len(value) < 2:
            self.add(
                "Eine Position braucht mindestens zwei Zahlen (Länge, Breite), hat aber "
                f"{len(value)}.",
                where,
            )
            return False
        if not all(_is_number(v) for v in value):
            self.add("Jeder Wert einer Position muss eine Zahl sein.", where)
            return False
        if len(value) > 3:
            self.add(
                f"Eine Position sollte höchstens drei Zahlen haben, hat aber {len(value)}.",
                where,
                WARNING,
            )
        return True

    def line(self, line: list, where: str) -> None:
        if len(line) < 2:
            self.add("Eine Linie braucht mindestens zwei Positionen.", where)

    def polygon(self, rings: list, where: str) -> None:
        for index, ring in enumerate(rings):
            here = f"{where} [{index}]"
            if len(ring) < 4:
                self.add(
                    "Ein Ring einer Fläche braucht mindestens vier Positionen (die erste am "
                    f"Ende wiederholt), hat aber {len(ring)}.",
                    here,
                )
                continue
            if ring[0][:2] != ring[-1][:2] or len(ring[0]) != len(ring[-1]):
                self.add(
                    "Ein Ring einer Fläche muss geschlossen sein: erste und letzte Position "
                    "müssen gleich sein.",
                    here,
                )
                continue
            area = _signed_area(ring)
            outer = index == 0
            if (outer and area < 0) or (not outer and area > 0):
                self.add(
                    "Die Umlaufrichtung folgt nicht der Rechte-Hand-Regel (außen gegen, innen "
                    "im Uhrzeigersinn); sie wird beim Import korrigiert.",
                    here,
                    WARNING,
                )


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


def _signed_area(ring: list) -> float:
    total = 0.0
    for (x1, y1, *_), (x2, y2, *_) in pairwise(ring):
        total += x1 * y2 - x2 * y1
    return total / 2
