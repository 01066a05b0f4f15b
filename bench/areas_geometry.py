"""Sozialraum geometry: how big is the map's GeoJSON for 500 areas (target: under 1 MB when
simplified), and do the map and list pages run a fixed number of queries whatever the number of
areas (100 vs 10,000, measured in the same run)?

Boundaries are synthetic but realistic in detail: ~400 vertices per area, about what the Köln
Stadtteile shapefile has. If ../shared/data is there, the real Berlin 2019 Planungsräume (448)
are measured as well, through the import service.

Run: ``.venv/bin/python -m bench.areas_geometry``
"""

from __future__ import annotations

import json
import math
import random
import sys
import time
from pathlib import Path

from bench.harness import CI_SCALE, count_queries, report, setup_django, temp_database, timed

PAYLOAD_TARGET_BYTES = 1_000_000
BERLIN = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "berlin-mss"
    / "data"
    / "berlin-lor-monitoring-social-urban-development-2019-00"
    / "berlin-lor-monitoring-social-urban-development-2019-00-planning-areas.geojson"
)


def wobbly_polygon(cx: float, cy: float, radius: float, vertices: int, rng) -> dict:
    ring = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        r = radius * (0.85 + 0.1 * math.sin(7 * angle) + 0.05 * rng.random())
        ring.append([round(cx + r * math.cos(angle), 6), round(cy + r * 0.63 * math.sin(angle), 6)])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def build(slug: str, count: int, vertices: int, seed: int):
    """A municipality with ``count`` Stadtteile under ``count // 100`` Bezirke, one user."""
    from django_scopes import scopes_disabled
    from shapely.geometry import shape

    from verbund.accounts.models import Membership, User
    from verbund.areas import geo
    from verbund.areas.models import Area
    from verbund.core.roles import Role
    from verbund.tenancy.models import FamilyCentre, Municipality

    rng = random.Random(seed)
    with scopes_disabled():
        town = Municipality.objects.create(name=f"Bench {slug}", slug=slug)
        centre = FamilyCentre.objects.create(municipality=town, name="FZ", slug="fz")
        parents = Area.objects.bulk_create(
            Area(municipality=town, code=f"B{d:03d}", name=f"Bezirk {d}", level="Bezirk")
            for d in range(max(1, count // 100))
        )
        side = math.ceil(math.sqrt(count))
        step = 0.006
        areas = []
        for n in range(count):
            cx = 6.9 + (n % side) * step
            cy = 50.9 + (n // side) * step * 0.63
            geometry = wobbly_polygon(cx, cy, step / 2, vertices, rng)
            shp = shape(geometry)
            areas.append(
                Area(
                    municipality=town,
                    parent=parents[n % len(parents)],
                    code=f"{n:05d}",
                    name=f"Stadtteil {n}",
                    level="Stadtteil",
                    geometry=geometry,
                    geometry_simplified=geo.simplify(geometry),
                    bbox=list(shp.bounds),
                    centroid_lon=shp.centroid.x,
                    centroid_lat=shp.centroid.y,
                    area_km2=1.0,
                )
            )
        Area.objects.bulk_create(areas, batch_size=1000)
        centre.areas.set(areas[:5])
        user = User.objects.create_user(username=f"bench-{slug}", password="x" * 16)
        Membership.unscoped.create(user=user, municipality=town, role=Role.PLANNER)
    return town, user


def payload_sizes(town) -> dict:
    from django_scopes import scope

    from verbund.areas.selectors import area_geojson

    with scope(municipality=town.pk):
        simplified = json.dumps(area_geojson(municipality=town), separators=(",", ":"))
        full = json.dumps(area_geojson(municipality=town, simplified=False), separators=(",", ":"))
    return {"simplified_bytes": len(simplified.encode()), "full_bytes": len(full.encode())}


def page_queries(client, town, user) -> dict:
    from django.urls import reverse

    client.force_login(user)
    pages = {
        "area_list": reverse("areas:area_list", args=[town.slug]),
        "map": reverse("areas:map", args=[town.slug]),
        "map_geojson": reverse("areas:map_geojson", args=[town.slug]) + "?ebene=Stadtteil",
    }
    out = {}
    for name, url in pages.items():

        def fetch(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        out[name] = {"queries": count_queries(fetch), **timed(fetch, repeat=3)}
    return out


def berlin(client) -> dict | None:
    if not BERLIN.exists():
        return None
    from django_scopes import scope

    from verbund.areas.services import ImportOptions, areas_import
    from verbund.tenancy.models import Municipality

    town = Municipality.objects.create(name="Berlin (Bench)", slug="bench-berlin")
    content = BERLIN.read_bytes()
    with scope(municipality=town.pk):
        if CI_SCALE:  # CI: one import, not a check run before it
            started = time.perf_counter()
            result = areas_import(
                actor=None,
                municipality=town,
                content=content,
                filename=BERLIN.name,
                options=ImportOptions(level="Planungsraum"),
            )
            seconds = {"median_s": time.perf_counter() - started}
            return {"areas": result.created, "import_s": seconds["median_s"], **payload_sizes(town)}
        seconds = timed(
            lambda: areas_import(
                actor=None,
                municipality=town,
                content=content,
                filename=BERLIN.name,
                options=ImportOptions(level="Planungsraum"),
                dry_run=True,
            ),
            repeat=1,
            warmup=0,
        )
        result = areas_import(
            actor=None,
            municipality=town,
            content=content,
            filename=BERLIN.name,
            options=ImportOptions(level="Planungsraum"),
        )
    return {"areas": result.created, "import_check_s": seconds["median_s"], **payload_sizes(town)}


def main() -> int:
    setup_django()
    from django.test import Client

    with temp_database():
        client = Client()
        town500, _user = build("b500", 500, 400, seed=1)
        sizes = payload_sizes(town500)
        small_town, small_user = build("b100", 100, 40, seed=2)
        big_town, big_user = build("b10000", 10_000, 40, seed=3)
        small = page_queries(client, small_town, small_user)
        big = page_queries(client, big_town, big_user)
        berlin_figures = berlin(client)
        ratios = {name: big[name]["queries"] / small[name]["queries"] for name in small}
        ok = sizes["simplified_bytes"] < PAYLOAD_TARGET_BYTES and all(
            r <= 1.0 for r in ratios.values()
        )
        report(
            "areas_geometry",
            payload_500_areas=sizes,
            payload_target_bytes=PAYLOAD_TARGET_BYTES,
            simplification_ratio=round(sizes["simplified_bytes"] / sizes["full_bytes"], 3),
            queries_100=small,
            queries_10000=big,
            query_ratio_10000_vs_100=ratios,
            geojson_time_ratio=round(
                big["map_geojson"]["median_s"] / small["map_geojson"]["median_s"], 1
            ),
            berlin_2019=berlin_figures,
            ok=ok,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
