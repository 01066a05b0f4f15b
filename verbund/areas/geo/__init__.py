"""Reading boundary files (GeoJSON, zipped shapefiles) into WGS84 areas, without GDAL.

``read_boundaries`` never raises on bad input: every problem becomes a German ``Problem`` that
says what is wrong and where. It touches no database; parent matching and writing happen in
``services``.
"""

from .base import (
    CODE_CANDIDATES,
    COORD_DECIMALS,
    GEOD,
    GERMANY,
    MAP_DECIMALS,
    MAP_TOLERANCE,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    NAME_CANDIDATES,
    WGS84_NAMES,
    Boundaries,
    ReadOptions,
    sniff_format,
)
from .fields import _choose_fields, _detect, _text, _transformer
from .geometry import (
    VALIDITY_REASONS,
    _feature,
    _in_germany,
    _orient,
    _polygonal,
    _round,
    explain,
    geometry_shape,
    simplify,
    to_geojson,
)
from .reader import _guess_dbf_encoding, _read_geojson, _read_shapefile, _summarise, read_boundaries

__all__ = [
    "CODE_CANDIDATES",
    "COORD_DECIMALS",
    "GEOD",
    "GERMANY",
    "MAP_DECIMALS",
    "MAP_TOLERANCE",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_MEMBERS",
    "NAME_CANDIDATES",
    "VALIDITY_REASONS",
    "WGS84_NAMES",
    "Boundaries",
    "ReadOptions",
    "_choose_fields",
    "_detect",
    "_feature",
    "_guess_dbf_encoding",
    "_in_germany",
    "_orient",
    "_polygonal",
    "_read_geojson",
    "_read_shapefile",
    "_round",
    "_summarise",
    "_text",
    "_transformer",
    "explain",
    "geometry_shape",
    "read_boundaries",
    "simplify",
    "sniff_format",
    "to_geojson",
]
