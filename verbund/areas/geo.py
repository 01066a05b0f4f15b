"""Reading boundary files (GeoJSON, zipped shapefiles) into WGS84 areas, without GDAL.

``read_boundaries`` never raises on bad input: every problem becomes a German ``Problem`` that
says what is wrong and where. It touches no database; parent matching and writing happen in
``services``.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pyproj
import shapefile
import shapely
from shapely.geometry import shape
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

from .geojson_check import ERROR, WARNING, Problem, parse_geojson

WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
    "epsg:4326",
    "CRS84",
}
COORD_DECIMALS = 6  # about 0.1 m: more than any boundary is accurate to
MAP_DECIMALS = 5  # about 1 m: enough for a map, a third less text
MAP_TOLERANCE = 0.0001  # degrees, about 7–11 m in Germany
MAX_ZIP_MEMBERS = 50
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
GERMANY = (5.5, 47.0, 15.5, 55.2)
GEOD = pyproj.Geod(ellps="WGS84")

CODE_CANDIDATES = ("code", "schluessel", "schlüssel", "key", "id", "ags", "nr", "nummer")
NAME_CANDIDATES = ("name", "bezeichnung", "bez", "titel", "label")


@dataclass
class ReadOptions:
    code_field: str = ""
    name_field: str = ""
    source_crs: str = ""
    encoding: str = ""


@dataclass
class Boundaries:
    file_format: str = ""
    crs_label: str = ""
    encoding: str = ""
    properties: list[str] = field(default_factory=list)
    code_field: str = ""
    name_field: str = ""
    features: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.level == ERROR for p in self.problems)

    def error(self, message: str, where: str = "", feature: int | None = None) -> None:
        self.problems.append(Problem(ERROR, message, where, feature))

    def warn(self, message: str, where: str = "", feature: int | None = None) -> None:
        self.problems.append(Problem(WARNING, message, where, feature))


def sniff_format(content: bytes) -> str | None:
    """``geojson``, ``shapefile`` (a ZIP) or None: by content, not by the file's name."""
    if content[:4] == b"PK\x03\x04":
        return "shapefile"
    head = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] and head[:1] in b'{["-0123456789ntf':
        return "geojson"
    return None


def read_boundaries(content: bytes, options: ReadOptions | None = None) -> Boundaries:
    options = options or ReadOptions()
    result = Boundaries()
    fmt = sniff_format(content)
    if fmt is None:
        result.error(
            "Die Datei ist weder GeoJSON noch ein ZIP-Archiv mit einem Shapefile. Bitte "
            "laden Sie eine .geojson-Datei oder eine .zip-Datei mit .shp, .shx, .dbf und .prj "
            "hoch."
        )
        return result
    result.file_format = fmt
    try:
        if fmt == "geojson":
            raw = _read_geojson(content, options, result)
        else:
            raw = _read_shapefile(content, options, result)
    except Exception as error:
        result.error(f"Die Datei konnte nicht gelesen werden ({type(error).__name__}).")
        return result
    if raw is None or result.has_errors:
        return result
    crs, transformer = _transformer(options.source_crs or result.crs_label, result)
    if result.has_errors:
        return result
    _choose_fields(raw, options, result)
    if result.has_errors:
        return result
    seen: dict[str, int] = {}
    for number, properties, geometry in raw:
        feature = _feature(number, properties, geometry, transformer, crs, result)
        if feature is None:
            continue
        code = feature["code"]
        if code in seen:
            # Real files have this (Berlin 2019 has "06010102" twice). Refusing the whole file
            # helps nobody; a stable suffix keeps both and the preview says so.
            suffix = 2
            while f"{code}-{suffix}" in seen:
                suffix += 1
            feature["code"] = f"{code}-{suffix}"
            result.warn(
                f"Der Schlüssel „{code}“ kommt mehrfach vor (Feature {seen[code]} und "
                f"{number}); Feature {number} ({feature['name']}) wird unter dem Schlüssel "
                f"„{feature['code']}“ angelegt. Bitte prüfen Sie die Quelldatei.",
                f"Feature {number}",
                number,
            )
        seen[feature["code"]] = number
        result.features.append(feature)
    if not raw:
        result.error("Die Datei enthält keine Gebiete (keine Features).")
    return result


# --- GeoJSON -----------------------------------------------------------------------------


def _read_geojson(content: bytes, options: ReadOptions, result: Boundaries):
    obj, problems = parse_geojson(content)
    result.problems += _summarise(problems)
    if result.has_errors:
        return None
    kind = obj.get("type")
    if kind == "FeatureCollection":
        features = obj["features"]
    elif kind == "Feature":
        features = [obj]
    else:
        result.error(
            f"Die Datei enthält nur eine einzelne Geometrie (Typ „{kind}“) ohne Eigenschaften. "
            "Für Gebiete wird eine FeatureCollection gebraucht, in der jedes Feature einen "
            "Schlüssel und einen Namen hat."
        )
        return None
    crs = obj.get("crs")
    if isinstance(crs, dict) and isinstance(crs.get("properties"), dict):
        name = crs["properties"].get("name")
        if isinstance(name, str):
            result.crs_label = name
    raw = []
    for number, feature in enumerate(features, start=1):
        raw.append((number, feature.get("properties") or {}, feature.get("geometry")))
    return raw


def _summarise(problems: list[Problem]) -> list[Problem]:
    """The same warning for hundreds of features becomes one line with an example."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.level == WARNING:
            groups.setdefault(problem.message, []).append(problem)
    out = [p for p in problems if p.level != WARNING]
    for message, items in groups.items():
        if len(items) <= 3:
            out += items
        else:
            out.append(
                Problem(
                    WARNING,
                    f"{message.rstrip('.')} (betrifft {len(items)} Stellen, z. B. "
                    f"{items[0].where}).",
                )
            )
    return out


# --- Shapefile ---------------------------------------------------------------------------


def _read_shapefile(content: bytes, options: ReadOptions, result: Boundaries):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        result.error("Das ZIP-Archiv ist beschädigt und kann nicht geöffnet werden.")
        return None
    with archive:
        infos = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
        ]
        if len(infos) > MAX_ZIP_MEMBERS:
            result.error(
                f"Das ZIP-Archiv enthält {len(infos)} Dateien; erlaubt sind höchstens "
                f"{MAX_ZIP_MEMBERS}."
            )
            return None
        if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
            result.error("Das ZIP-Archiv ist entpackt zu groß (mehr als 200 MB).")
            return None
        by_ext: dict[str, list[zipfile.ZipInfo]] = {}
        for info in infos:
            _stem, dot, ext = info.filename.rpartition(".")
            if dot:
                by_ext.setdefault(ext.lower(), []).append(info)
        shps = by_ext.get("shp", [])
        if len(shps) != 1:
            result.error(
                "Das ZIP-Archiv muss genau eine .shp-Datei enthalten, enthält aber "
                f"{len(shps)}."
                + (" Bitte laden Sie jede Ebene einzeln hoch." if len(shps) > 1 else "")
            )
            return None
        base = shps[0].filename.rsplit(".", 1)[0]

        def member(ext: str) -> bytes | None:
            for info in by_ext.get(ext, []):
                if info.filename.rsplit(".", 1)[0] == base:
                    return archive.read(info)
            return None

        shp, shx, dbf, prj, cpg = (member(e) for e in ("shp", "shx", "dbf", "prj", "cpg"))
    if dbf is None:
        result.error(
            f"Zur Datei „{base}.shp“ fehlt die Sachdaten-Datei „{base}.dbf“ mit Schlüsseln "
            "und Namen."
        )
        return None
    if prj is not None:
        result.crs_label = prj.decode("latin-1").strip()
    elif not options.source_crs:
        result.warn(
            f"Zur Datei „{base}.shp“ fehlt die .prj-Datei mit dem Koordinatensystem; "
            "angenommen wird WGS84 (Länge/Breite)."
        )
    encoding = options.encoding
    if not encoding and cpg:
        encoding = cpg.decode("ascii", "ignore").strip()
        if encoding.isdigit():
            encoding = f"cp{encoding}"
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            result.warn(f"Die Zeichenkodierung „{encoding}“ ist unbekannt; sie wird erkannt.")
            encoding = ""
    if not encoding:
        encoding = _guess_dbf_encoding(shp, shx, dbf)
    result.encoding = encoding
    reader = shapefile.Reader(
        shp=io.BytesIO(shp),
        shx=io.BytesIO(shx) if shx else None,
        dbf=io.BytesIO(dbf),
        encoding=encoding,
        encodingErrors="replace",
    )
    with reader:
        if reader.shapeType not in (
            shapefile.POLYGON,
            shapefile.POLYGONZ,
            shapefile.POLYGONM,
            shapefile.NULL,
        ):
            result.error(
                f"Das Shapefile enthält {reader.shapeTypeName}-Geometrien; für Gebiete werden "
                "Flächen (Polygone) gebraucht."
            )
            return None
        fields = [f[0] for f in reader.fields[1:]]
        raw = []
        for number, item in enumerate(reader.iterShapeRecords(), start=1):
            properties = dict(zip(fields, item.record, strict=False))
            geometry = (
                item.shape.__geo_interface__ if item.shape.shapeType != shapefile.NULL else None
            )
            raw.append((number, properties, geometry))
    return raw


def _guess_dbf_encoding(shp, shx, dbf) -> str:
    """UTF-8 if every text decodes as UTF-8, otherwise Latin-1 (older German DBF files)."""
    try:
        with shapefile.Reader(
            shp=io.BytesIO(shp) if shp else None,
            shx=io.BytesIO(shx) if shx else None,
            dbf=io.BytesIO(dbf),
            encoding="utf-8",
            encodingErrors="strict",
        ) as reader:
            for _record in reader.iterRecords():
                pass
    except (UnicodeDecodeError, shapefile.ShapefileException):
        return "latin-1"
    return "utf-8"


# --- Fields, coordinates, geometry -------------------------------------------------------


def _choose_fields(raw, options: ReadOptions, result: Boundaries) -> None:
    keys: dict[str, None] = {}
    for _number, properties, _geometry in raw[:200]:
        if isinstance(properties, dict):
            keys.update(dict.fromkeys(properties))
    result.properties = list(keys)
    for attr, candidates, label in (
        ("code_field", CODE_CANDIDATES, "Schlüssel"),
        ("name_field", NAME_CANDIDATES, "Namen"),
    ):
        chosen = getattr(options, attr)
        if chosen:
            if chosen not in keys:
                listed = ", ".join(f"„{k}“" for k in keys) or "keine"
                result.error(
                    f"Das Feld „{chosen}“ für den {label} gibt es in der Datei nicht. "
                    f"Vorhandene Felder: {listed}."
                )
                continue
        else:
            chosen = _detect(list(keys), candidates)
            if not chosen:
                listed = ", ".join(f"„{k}“" for k in keys) or "keine"
                result.error(
                    f"Kein Feld für den {label} erkannt. Bitte wählen Sie es aus; vorhandene "
                    f"Felder: {listed}."
                )
                continue
        setattr(result, attr, chosen)


def _detect(keys: list[str], candidates: tuple[str, ...]) -> str:
    lowered = {k.lower(): k for k in keys}
    for candidate in candidates:
        if candidate in lowered:
            return lowered[candidate]
    suffixes = ("_nr", "nr", "_id", "_code", "_key") if "code" in candidates else ("_name", "name")
    for key in keys:
        if key.lower().endswith(suffixes):
            return key
    return ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _transformer(label: str, result: Boundaries):
    if not label or label in WGS84_NAMES:
        return None, None
    try:
        crs = pyproj.CRS.from_user_input(label)
    except pyproj.exceptions.CRSError:
        short = label if len(label) < 80 else label[:77] + "…"
        result.error(
            f"Das Koordinatensystem „{short}“ ist unbekannt. Bitte geben Sie es als EPSG-Code "
            "an, z. B. EPSG:25832 (UTM Zone 32N)."
        )
        return None, None
    if crs.is_compound:
        crs = crs.sub_crs_list[0]
    if crs.is_geographic and crs.equals(pyproj.CRS.from_epsg(4326), ignore_axis_order=True):
        return None, None
    result.crs_label = crs.name
    return crs, pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)


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
    return f"{german} bei {y:.5f}° N, {x:.5f}° O".replace(".", ",")


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
        from .geojson_check import GEOMETRY_NAMES

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
            f"Gebiet {label} liegt außerhalb Deutschlands ({centroid.y:.3f}° N, "
            f"{centroid.x:.3f}° O) – stimmt das Koordinatensystem?".replace(".", ","),
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
