"""Sozialraumanalyse figures: area profile, need-index and indicator maps whose query count does
not grow with the number of areas (100 vs 10,000 areas, measured in the same run), and the size
of the choropleth GeoJSON for 500 areas (target: under 1 MB).

Run: ``.venv/bin/python -m bench.analysis_pages``
"""

import math
import random
import sys

from bench.harness import count_queries, report, setup_django, temp_database, timed

PAYLOAD_TARGET_BYTES = 1_000_000
INDICATORS = [
    "sgb2_share",
    "child_poverty_share",
    "unemployment_share",
    "single_parent_households_share",
    "school_entry_language_support_share",
]
YEARS = [2023, 2024]


def polygon(cx: float, cy: float, radius: float, vertices: int, rng) -> dict:
    """An irregular ring around (cx, cy), like a real Planungsraum after simplification."""
    ring = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        r = radius * (0.8 + 0.2 * rng.random())
        ring.append([round(cx + r * math.cos(angle), 6), round(cy + r * 0.63 * math.sin(angle), 6)])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def build(slug: str, areas: int, vertices: int, seed: int):
    from django_scopes import scopes_disabled

    from verbund.accounts.models import Membership, User
    from verbund.analysis import services
    from verbund.areas.models import Area
    from verbund.core.roles import Role
    from verbund.statistics.models import Indicator, IndicatorValue
    from verbund.tenancy.models import FamilyCentre, Municipality

    rng = random.Random(seed)
    with scopes_disabled():
        town = Municipality.objects.create(name=f"Bench {slug}", slug=slug)
        centre = FamilyCentre.objects.create(municipality=town, name="FZ", slug="fz")
        per_district = 100
        districts = Area.objects.bulk_create(
            [
                Area(municipality=town, code=f"B{d:04d}", name=f"Bezirk {d}", level="Bezirk")
                for d in range(max(1, areas // per_district))
            ]
        )
        side = math.ceil(math.sqrt(areas))
        step = 0.004
        rows = []
        for n in range(areas):
            cx, cy = 6.8 + (n % side) * step, 50.7 + (n // side) * step * 0.63
            rows.append(
                Area(
                    municipality=town,
                    parent=districts[min(n // per_district, len(districts) - 1)],
                    code=f"P{n:06d}",
                    name=f"Planungsraum {n}",
                    level="Planungsraum",
                    geometry_simplified=polygon(cx, cy, step / 2, vertices, rng),
                    centroid_lat=cy,
                    centroid_lon=cx,
                )
            )
        planning = Area.objects.bulk_create(rows, batch_size=2000)
        planning[0].centres.add(centre)
        indicators = {
            i.key: i for i in Indicator.objects.filter(municipality=town, key__in=INDICATORS)
        }
        values = [
            IndicatorValue(
                municipality=town,
                indicator=indicator,
                area=area,
                year=year,
                value=round(rng.uniform(1, 40), 1),
            )
            for indicator in indicators.values()
            for area in planning
            for year in YEARS
        ]
        IndicatorValue.objects.bulk_create(values, batch_size=5000)
        user = User.objects.create_user(username=f"planung-{slug}", password="x")  # noqa: S106
        Membership.unscoped.create(user=user, municipality=town, role=Role.PLANNER)
        services.need_index_configure(
            actor=user,
            municipality=town,
            data={
                "level": "Planungsraum",
                "year": None,
                "method": "thresholds",
                "boundary_1": 1.5,
                "boundary_2": 1.0,
                "boundary_3": -1.0,
            },
            weights={i.pk: 1.0 for i in indicators.values()},
        )
        return town, user, planning[0], districts[0]


def main() -> int:
    setup_django()
    from django.test import Client
    from django.urls import reverse

    ok = True
    with temp_database():
        client = Client()
        figures = {}
        sizes = {"klein": 100, "gross": 10_000}
        for label, count in sizes.items():
            town, user, area, district = build(label, count, vertices=12, seed=count)
            client.force_login(user)
            slug = town.slug
            map_url = reverse("analysis:indicator_map", args=[slug, "child_poverty_share"])
            pages = {
                "overview_whole_level": reverse("analysis:overview", args=[slug]),
                "indicator_map_whole_level": map_url,
                "indicator_map_one_district": (
                    f"{map_url}?ebene=Planungsraum&innerhalb={district.pk}"
                ),
                "area_profile": reverse("analysis:area_profile", args=[slug, area.pk]),
            }
            for page, url in pages.items():
                sizes_seen = []

                def fetch(url=url, sizes_seen=sizes_seen):
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    sizes_seen.append(len(response.content))

                figures[(label, page)] = {
                    "queries": count_queries(fetch),
                    **timed(fetch, repeat=3),
                    "bytes": sizes_seen[-1],
                }
        for page in (
            "overview_whole_level",
            "indicator_map_whole_level",
            "indicator_map_one_district",
            "area_profile",
        ):
            small, large = figures[("klein", page)], figures[("gross", page)]
            same = small["queries"] == large["queries"]
            if page.endswith("_whole_level"):
                # 10,000 areas are too many for one map (MAX_MAP_AREAS): the page shows the
                # table alone and skips the map's queries, so it may need fewer, never more.
                same = large["queries"] <= small["queries"]
            ok &= same
            report(
                f"analysis.page.{page}",
                areas_small=sizes["klein"],
                areas_large=sizes["gross"],
                queries_small=small["queries"],
                queries_large=large["queries"],
                median_ms_small=round(small["median_s"] * 1000, 1),
                median_ms_large=round(large["median_s"] * 1000, 1),
                time_ratio=round(large["median_s"] / small["median_s"], 2),
                html_kb_small=round(small["bytes"] / 1024, 1),
                html_kb_large=round(large["bytes"] / 1024, 1),
                queries_independent=same,
            )

        # Choropleth payload: 500 areas with 40 vertices each after simplification.
        town, user, _area, _district = build("mittel", 500, vertices=40, seed=500)
        client.force_login(user)
        for name, url in (
            (
                "indicator",
                reverse("analysis:indicator_geojson", args=[town.slug, "child_poverty_share"]),
            ),
            ("need_index", reverse("analysis:index_geojson", args=[town.slug])),
        ):
            response = client.get(url)
            size = len(response.content)
            features = len(response.json()["features"])
            within = size < PAYLOAD_TARGET_BYTES and features == 500
            ok &= within
            report(
                f"analysis.choropleth_payload.{name}",
                areas=features,
                vertices_per_area=40,
                bytes=size,
                target_bytes=PAYLOAD_TARGET_BYTES,
                within_target=within,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
