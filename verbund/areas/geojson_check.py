"""Structural checks of GeoJSON (RFC 7946) with German messages, after mapbox/geojsonhint.

``parse_geojson`` never raises: whatever the bytes, it returns the parsed object (or None) and
a list of problems, each naming what is wrong and where (line and column for syntax errors, the
path inside the document otherwise, e.g. ``Feature 3 › Geometrie › Koordinaten [0][2]``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from verbund.core.numbers import format_decimal

ERROR = "error"
WARNING = "warning"

GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)
ALL_TYPES = (*GEOMETRY_TYPES, "Feature", "FeatureCollection")
# How deeply coordinates nest for each type: Point 0 (a position), LineString 1, Polygon 2 …
DEPTH = {
    "Point": 0,
    "MultiPoint": 1,
    "LineString": 1,
    "MultiLineString": 2,
    "Polygon": 2,
    "MultiPolygon": 3,
}
GEOMETRY_NAMES = {
    "Point": "Punkt",
    "MultiPoint": "Mehrfachpunkt",
    "LineString": "Linie",
    "MultiLineString": "Mehrfachlinie",
    "Polygon": "Fläche (Polygon)",
    "MultiPolygon": "Mehrfachfläche (MultiPolygon)",
    "GeometryCollection": "Geometriesammlung",
}
MAX_NESTING = 200
# What one boundary file may hold (a 20 MB file of short coordinates took 920 MB). Checked
# before parsing from the raw bytes where that is certain, and counted exactly while the JSON
# is parsed, so that parsing stops at the limit. Reading costs about 1 kB per point; Berlin's
# 448 Planungsräume have 72,000 points, 50,000 square areas 250,000.
MAX_FEATURES = 100_000
MAX_COORDINATES = 600_000  # numbers, two per point: 300,000 points


@dataclass
class Problem:
    level: str
    message: str
    where: str = ""
    feature: int | None = None  # 1-based feature number, if the problem belongs to one

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def _type_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "ein Wahrheitswert"
    if isinstance(value, int | float):
        return "eine Zahl"
    if isinstance(value, str):
        return "ein Text"
    if isinstance(value, list):
        return "eine Liste"
    if isinstance(value, dict):
        return "ein Objekt"
    return type(value).__name__


def _json_message(error: json.JSONDecodeError) -> str:
    msg = error.msg
    translations = {
        "Expecting value": "Hier wird ein Wert erwartet",
        "Expecting ',' delimiter": "Hier fehlt ein Komma",
        "Expecting ':' delimiter": "Hier fehlt ein Doppelpunkt",
        "Expecting property name enclosed in double quotes": (
            "Hier wird ein Name in doppelten Anführungszeichen erwartet"
        ),
        "Extra data": "Nach dem Ende des JSON-Dokuments folgen weitere Zeichen",
        "Unterminated string starting at": 'Ein Text wird nicht mit " abgeschlossen',
        "Invalid control character at": "Unerlaubtes Steuerzeichen in einem Text",
        "Invalid \\escape": "Ungültige Escape-Sequenz (\\) in einem Text",
        "Illegal trailing comma before end of object": "Überzähliges Komma vor }",
        "Illegal trailing comma before end of array": "Überzähliges Komma vor ]",
    }
    for english, german in translations.items():
        if msg.startswith(english):
            return german
    return "Syntaxfehler"


class TooLarge(Exception):
    """Raised from inside the parser as soon as a limit is passed; the message is German."""


class _Duplicates:
    """Object hook: notes repeated keys and counts features; number hooks count coordinates."""

    def __init__(self):
        self.found: list[str] = []
        self.features = 0
        self.numbers = 0

    def hook(self, pairs):
        seen = set()
        for key, value in pairs:
            if key in seen:
                self.found.append(key)
            seen.add(key)
            if key == "type" and value == "Feature":
                self.features += 1
                if self.features > MAX_FEATURES:
                    raise TooLarge(
                        f"Die Datei enthält mehr als {format_decimal(MAX_FEATURES, 0)} Gebiete "
                        "(Features); bitte teilen Sie sie auf."
                    )
        return dict(pairs)

    def prescan(self, data: bytes) -> None:
        """Refuse files that are certainly over a limit without parsing them. Every point
        opens one ``[``, and rings (of at least four points) and polygons add fewer than one
        per point, so more than two ``[`` per allowed point is surely too many."""
        if data.count(b'"Feature"') > MAX_FEATURES:
            self.features = MAX_FEATURES
            self.hook([("type", "Feature")])
        if data.count(b"[") > MAX_COORDINATES:
            self.numbers = MAX_COORDINATES
            self.number("0")

    def number(self, text: str, kind=float):
        self.numbers += 1
        if self.numbers > MAX_COORDINATES:
            raise TooLarge(
                f"Die Datei enthält mehr als {format_decimal(MAX_COORDINATES, 0)} Zahlen "
                "(Koordinaten); so genaue Grenzen braucht keine Karte. Bitte vereinfachen Sie die "
                "Geometrien im GIS (z. B. auf 1 m Genauigkeit) oder teilen Sie die Datei auf."
            )
        return kind(text)

    def integer(self, text: str):
        return self.number(text, int)


def _reject_constant(name: str):
    raise ValueError(name)


def parse_geojson(data: bytes) -> tuple[object, list[Problem]]:
    """Decode and parse; on failure the object is None and the problems say why."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    duplicates = _Duplicates()
    try:
        duplicates.prescan(data)
    except TooLarge as error:
        return None, [Problem(ERROR, str(error))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                ERROR,
                f"Die Datei ist nicht UTF-8-kodiert (unlesbares Byte an Position {error.start}). "
                "GeoJSON muss UTF-8 sein.",
            )
        ]
    if not text.strip():
        return None, [Problem(ERROR, "Die Datei ist leer.")]
    try:
        obj = json.loads(
            text,
            object_pairs_hook=duplicates.hook,
            parse_constant=_reject_constant,
            parse_float=duplicates.number,
            parse_int=duplicates.integer,
        )
    except TooLarge as error:
        return None, [Problem(ERROR, str(error))]
    except json.JSONDecodeError as error:
        return None, [
            Problem(
                ERROR,
                f"Die Datei ist kein gültiges JSON: {_json_message(error)}.",
                f"Zeile {error.lineno}, Spalte {error.colno}",
            )
        ]
    except ValueError as error:  # NaN, Infinity
        return None, [
            Problem(ERROR, f"Die Datei enthält „{error}“, das ist in JSON keine gültige Zahl.")
        ]
    except RecursionError:
        return None, [Problem(ERROR, "Die Datei ist zu tief verschachtelt.")]
    problems = []
    for key in dict.fromkeys(duplicates.found):
        problems.append(
            Problem(
                ERROR,
                f"Ein Objekt enthält den Eintrag „{key}“ mehrfach; das ist mehrdeutig.",
            )
        )
    try:
        problems += check_geojson(obj)
    except RecursionError:
        problems.append(Problem(ERROR, "Die Datei ist zu tief verschachtelt."))
    return obj, problems


def check_geojson(obj) -> list[Problem]:
    from .geojson_rules import _Checker  # the rules use the names above

    checker = _Checker()
    checker.root(obj)
    return checker.problems
