"""Limits, options and the result of reading a boundary file."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyproj

from ..geojson_check import ERROR, WARNING, Problem

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
NAME_CANDIDATES = ("name", "bezeichnung", "titel", "label", "bez")
FULL_NAME_CANDIDATES = ("name", "bezeichnung", "titel", "label", "gebietsname")


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
    name_examples: list[str] = field(default_factory=list)
    name_notes: list[str] = field(default_factory=list)  # why other name fields were not taken
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
