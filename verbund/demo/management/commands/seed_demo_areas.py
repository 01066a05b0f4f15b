"""Demo Sozialräume for the invented town of Lindenhagen: two Stadtbezirke, eight Stadtteile,
the centres' Sozialräume and a walk with observations.

The Stadtteile are Voronoi cells around invented quarter centres, cut to an irregular town
boundary, so that neighbours share borders as real ones do. They go in through the same import
service as an uploaded file.
"""

from __future__ import annotations

import datetime
import io
import json
import math
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scope
from PIL import Image, ImageDraw
from shapely import MultiPoint, Polygon, union_all, voronoi_polygons
from shapely.geometry import mapping

from verbund.accounts.models import User
from verbund.areas import services
from verbund.areas.models import Area
from verbund.tenancy.models import FamilyCentre, Municipality

# code, name, lon, lat of the quarter's centre
STADTTEILE = [
    ("101", "Nordstadt", 7.003, 50.993),
    ("102", "Lerchenfeld", 7.030, 50.986),
    ("103", "Heidkamp", 7.042, 51.000),
    ("104", "Westerhöhe", 6.986, 50.978),
    ("201", "Altstadt", 7.007, 50.962),
    ("202", "Am Mühlbach", 7.024, 50.971),
    ("203", "Südfeld", 7.032, 50.948),
    ("204", "Bruchhausen", 6.999, 50.944),
]
BEZIRKE = [("1", "Lindenhagen-Nord"), ("2", "Lindenhagen-Süd")]
SOZIALRAEUME = {
    "nordstadt": ["101", "104"],
    "muehlbach": ["202", "102"],
    "altstadt": ["201"],
    "suedfeld": ["203", "204"],
}
OBSERVATIONS = [
    # categories, rating, note, lat, lon
    (["green"], 4, "Spielplatz Lerchenweg: Klettergerüst gesperrt, Sandkasten verschmutzt.",
     50.9938, 7.0061),
    (["transport", "barriers"], 4,
     "Bushaltestelle Nordring ohne Bordsteinabsenkung – mit Kinderwagen kaum erreichbar.",
     50.9902, 7.0012),
    (["shopping"], 2, "Neuer Discounter mit Drogerie, von der Siedlung zu Fuß 5 Minuten.",
     50.9964, 6.9987),
    (["meeting"], 1,
     "Stadtteilcafé im Gemeindehaus: offener Treff dienstags, viele Familien mit Kleinkindern.",
     50.9925, 7.0089),
    (["safety", "traffic"], 5,
     "Schulweg über die Kreuzung Nordring/Lerchenweg ohne Ampel, Autos fahren schnell.",
     50.9911, 7.0047),
    (["housing"], 3, "Hochhäuser am Nordring teils saniert, Hauseingänge dunkel, viele Klingeln "
     "mit mehrsprachigen Namen.", 50.9889, 7.0031),
]  # fmt: skip


def town_boundary() -> Polygon:
    """An irregular outline around the quarters (a wobbly ellipse)."""
    points = []
    for step in range(48):
        angle = 2 * math.pi * step / 48
        wobble = 1 + 0.08 * math.sin(3 * angle) + 0.05 * math.cos(5 * angle)
        points.append(
            (7.014 + 0.045 * wobble * math.cos(angle), 50.972 + 0.036 * wobble * math.sin(angle))
        )
    return Polygon(points)


def stadtteile_geojson() -> tuple[dict, dict]:
    boundary = town_boundary()
    seeds = MultiPoint([(lon, lat) for _code, _name, lon, lat in STADTTEILE])
    cells = voronoi_polygons(seeds, extend_to=boundary.buffer(0.05))
    features, by_code = [], {}
    for code, name, lon, lat in STADTTEILE:
        cell = next(c for c in cells.geoms if c.contains(MultiPoint([(lon, lat)]).geoms[0]))
        shape = cell.intersection(boundary)
        by_code[code] = shape
        features.append(
            {
                "type": "Feature",
                "properties": {"schluessel": code, "name": name},
                "geometry": mapping(shape),
            }
        )
    bezirke = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"schluessel": code, "name": name},
                "geometry": mapping(
                    union_all([s for c, s in by_code.items() if c.startswith(code)])
                ),
            }
            for code, name in BEZIRKE
        ],
    }
    return bezirke, {"type": "FeatureCollection", "features": features}


def demo_photo() -> bytes:
    """A drawn 'photo' of a fenced playground, so that the demo shows the photo feature."""
    image = Image.new("RGB", (960, 640), (186, 214, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 400, 960, 640), fill=(122, 168, 92))
    draw.rectangle((120, 330, 520, 560), outline=(120, 84, 50), width=10)
    draw.line((180, 330, 320, 190, 460, 330), fill=(200, 60, 40), width=14)
    draw.ellipse((650, 300, 860, 510), fill=(232, 208, 140))
    for x in range(40, 960, 60):
        draw.line((x, 560, x, 620), fill=(90, 90, 90), width=6)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


class NamedBytes(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name
        self.size = len(data)


class Command(BaseCommand):
    help = "Legt Demo-Sozialräume, Sozialräume der Familienzentren und eine Begehung an."

    def handle(self, *args, **options):
        town = Municipality.objects.filter(slug="lindenhagen").first()
        if town is None:
            self.stdout.write("Keine Demo-Kommune Lindenhagen; bitte zuerst seed_demo.")
            return
        with scope(municipality=town.pk):
            if Area.objects.filter(municipality=town).exists():
                self.stdout.write("Demo-Sozialräume sind schon vorhanden.")
                return
            with transaction.atomic():
                self._seed(town)
        self.stdout.write(self.style.SUCCESS("Demo-Sozialräume und Begehung angelegt."))

    def _seed(self, town) -> None:
        planner = User.objects.filter(username="planung").first()
        coordinator = User.objects.filter(username="koordination").first()
        bezirke, stadtteile = stadtteile_geojson()
        for content, level, parent in (
            (bezirke, "Stadtbezirk", ""),
            (stadtteile, "Stadtteil", "Stadtbezirk"),
        ):
            report = services.areas_import(
                actor=planner,
                municipality=town,
                content=json.dumps(content).encode(),
                filename=f"{level.lower()}e-lindenhagen.geojson",
                options=services.ImportOptions(
                    level=level, parent_level=parent, parent_method=services.PARENT_PREFIX
                ),
            )
            if not report.ok:
                raise RuntimeError(report.errors)
        areas = {a.code: a for a in Area.objects.filter(municipality=town, level="Stadtteil")}
        centres = {c.slug: c for c in FamilyCentre.objects.filter(municipality=town)}
        for slug, codes in SOZIALRAEUME.items():
            if slug in centres:
                services.centre_areas_set(
                    actor=coordinator, centre=centres[slug], areas=[areas[c] for c in codes]
                )
        if "nordstadt" not in centres:
            return
        walk = services.walk_create(
            actor=coordinator,
            municipality=town,
            data={
                "centre": centres["nordstadt"],
                "area": areas["101"],
                "title": "Frühjahrsbegehung Nordstadt",
                "date": datetime.date(2026, 4, 18),
                "participants": "Koordination Familienzentrum Nordstadt\nKita Lerchenweg\n"
                "Quartiersmanagement Nordring\nElternbeirat Grundschule Nord\n"
                "Jugendamt, Allgemeiner Sozialer Dienst",
                "notes": "Rundgang ab Familienzentrum über Nordring, Spielplatz Lerchenweg und "
                "Einkaufszeile, ca. 2 Stunden. Treffpunkte und Barrieren für Familien mit "
                "kleinen Kindern im Blick.",
            },
        )
        for number, (categories, rating, note, lat, lon) in enumerate(OBSERVATIONS):
            services.observation_create(
                actor=coordinator,
                walk=walk,
                data={
                    "categories": categories,
                    "rating": rating,
                    "note": note,
                    "latitude": Decimal(str(lat)),
                    "longitude": Decimal(str(lon)),
                },
                photos=[NamedBytes(demo_photo(), "spielplatz.jpg")] if number == 0 else [],
            )
