"""Paths to the real data in ../shared/data and small hand-made boundary files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from verbund.core.testing import SHARED_DATA, shared_data

DATA = SHARED_DATA
BERLIN = DATA / "berlin-mss" / "data" / "berlin-lor-monitoring-social-urban-development-2019-00"
BERLIN_PLANNING = (
    BERLIN / "berlin-lor-monitoring-social-urban-development-2019-00-planning-areas.geojson"
)
BERLIN_REGIONS = (
    BERLIN / "berlin-lor-monitoring-social-urban-development-2019-00-district-regions.geojson"
)
KOELN = DATA / "koeln"
KOELN_STADTTEILE = KOELN / "stadtteile_shp" / "Stadtteil.shp"
KOELN_BEZIRKE = KOELN / "stadtbezirke.geojson"
GEOJSONHINT_BAD = DATA / "geojsonhint" / "test" / "data" / "bad"


def need(path: Path) -> Path:
    return shared_data(str(path.relative_to(SHARED_DATA)))


def bad_geojson_files() -> list[Path]:
    if not GEOJSONHINT_BAD.exists():
        return []
    return sorted(GEOJSONHINT_BAD.glob("*.geojson"))


def zip_shapefile(shp: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            part = shp.with_suffix(f".{ext}")
            if part.exists():
                archive.write(part, f"{shp.stem}.{ext}")
    return buffer.getvalue()


def square_coords(lon: float, lat: float, size: float = 0.01) -> list:
    return [
        [
            [lon, lat],
            [lon + size, lat],
            [lon + size, lat + size],
            [lon, lat + size],
            [lon, lat],
        ]
    ]


def feature_collection(*features: tuple[str, str, list], crs: str | None = None) -> bytes:
    """features: (code, name, polygon coordinates)."""
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": code, "name": name},
                "geometry": {"type": "Polygon", "coordinates": coords},
            }
            for code, name, coords in features
        ],
    }
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc).encode()


def lindenhagen_districts() -> bytes:
    return feature_collection(
        ("01", "Altstadt", square_coords(7.00, 50.95)),
        ("02", "Nordviertel", square_coords(7.01, 50.96)),
        ("03", "Am Mühlenbach", square_coords(7.02, 50.95)),
    )
