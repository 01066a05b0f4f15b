"""Reading GeoJSON and zipped shapefiles into raw features."""

from __future__ import annotations

import codecs
import io
import zipfile

import shapefile

from verbund.core.numbers import format_decimal

from .. import geojson_check
from ..geojson_check import WARNING, Problem, parse_geojson
from .base import MAX_UNZIPPED_BYTES, MAX_ZIP_MEMBERS, Boundaries, ReadOptions, sniff_format
from .fields import _choose_fields, _transformer
from .geometry import _feature


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


POLYGON_TYPES = (shapefile.POLYGON, shapefile.POLYGONZ, shapefile.POLYGONM, shapefile.NULL)
POINT_TYPES = (
    shapefile.POINT,
    shapefile.POINTZ,
    shapefile.POINTM,
    shapefile.MULTIPOINT,
    shapefile.MULTIPOINTZ,
    shapefile.MULTIPOINTM,
)


def _read_shapefile(
    content: bytes, options: ReadOptions, result: Boundaries, *, with_points: bool = False
):
    """Raw ``(number, properties, geometry)`` of a zipped shapefile; polygons for areas, or
    (``with_points``, for lists of places) points as well."""
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
        allowed = POLYGON_TYPES + (POINT_TYPES if with_points else ())
        if reader.shapeType not in allowed:
            result.error(
                f"Das Shapefile enthält {reader.shapeTypeName}-Geometrien; für Gebiete werden "
                "Flächen (Polygone) gebraucht."
            )
            return None
        fields = [f[0] for f in reader.fields[1:]]
        raw = []
        points = 0
        for number, item in enumerate(reader.iterShapeRecords(), start=1):
            points += len(item.shape.points)
            if number > geojson_check.MAX_FEATURES or 2 * points > geojson_check.MAX_COORDINATES:
                result.error(
                    "Das Shapefile ist zu groß: höchstens "
                    f"{format_decimal(geojson_check.MAX_FEATURES, 0)} Gebiete und "
                    f"{format_decimal(geojson_check.MAX_COORDINATES // 2, 0)} Punkte. Bitte "
                    "vereinfachen Sie die Geometrien im GIS oder teilen Sie die Datei auf."
                )
                return None
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
