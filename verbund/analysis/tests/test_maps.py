"""Thematic maps people can read and that stay light: colour scales told apart also by
colour-blind eyes, area names that fit and do not overlap, geometry simplified to the drawing,
and the need index computed once per change."""

import itertools
import math
import re

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.analysis import maps, stats
from verbund.core import cache_versions
from verbund.core.roles import Role
from verbund.statistics.models import IndicatorValue

from .test_profiles import city, configure  # noqa: F401  (fixture)

# --------------------------------------------------------------------------- colours

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
CVD = {
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
MIN_NEIGHBOUR_CONTRAST = 1.5


def _linear(colour: str) -> np.ndarray:
    c = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _contrast(a: np.ndarray, b: np.ndarray) -> float:
    la, lb = (float(np.clip(x, 0, 1) @ [0.2126, 0.7152, 0.0722]) for x in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


@pytest.mark.parametrize(
    "palette",
    [
        [stats.NEED_CLASS_COLOURS[c] for c in sorted(stats.NEED_CLASS_COLOURS)],
        stats.SEQUENTIAL,
    ],
    ids=["need_classes", "indicator_classes"],
)
@pytest.mark.parametrize("vision", [None, *CVD])
def test_neighbouring_classes_differ_in_lightness(palette, vision):
    colours = [_linear(c) for c in palette]
    if vision:
        matrix = np.array(CVD[vision])
        colours = [matrix @ c for c in colours]
    for darker, lighter in itertools.pairwise(colours):
        assert _contrast(darker, lighter) >= MIN_NEIGHBOUR_CONTRAST, (palette, vision)


def test_classes_run_from_dark_to_light():
    need = [stats.NEED_CLASS_COLOURS[c] for c in sorted(stats.NEED_CLASS_COLOURS)]
    weights = [0.2126, 0.7152, 0.0722]
    lightness = [float(_linear(c) @ weights) for c in need]
    assert lightness == sorted(lightness)  # class 1 (most need) darkest
    blues = [float(_linear(c) @ weights) for c in stats.SEQUENTIAL]
    assert blues == sorted(blues, reverse=True)  # higher value darker


# ------------------------------------------------------------------------------ geometry


def _circle(cx, cy, r, vertices):
    ring = [
        [
            cx + r * math.cos(2 * math.pi * i / vertices),
            cy + r * 0.63 * math.sin(2 * math.pi * i / vertices),
        ]
        for i in range(vertices)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _points(d: str) -> int:
    return len(re.findall(r"[ML]", d))


def test_svg_is_simplified_to_the_drawing():
    # A whole city of 400 areas with 400 vertices each: detail far below a pixel.
    geometries = {
        n: _circle(7 + (n % 20) * 0.01, 50 + (n // 20) * 0.0063, 0.005, 400) for n in range(400)
    }
    svg = maps.svg_map(geometries)
    assert len(svg.shapes) == 400
    city_wide = max(_points(d) for d in svg.shapes.values())
    assert city_wide < 40
    # One area alone fills the drawing and keeps more of its detail (still far below 400).
    alone = maps.svg_map({1: geometries[0]})
    assert 2 * city_wide < _points(alone.shapes[1]) < 200


def _overlap(a, b, font=maps.LABEL_FONT_SIZE):
    def box(label):
        _pk, x, y, name = label
        w = maps.LABEL_CHAR_WIDTH * font * len(name)
        return x - w / 2, y - font / 2, x + w / 2, y + font / 2

    (a0, a1, a2, a3), (b0, b1, b2, b3) = box(a), box(b)
    return a0 < b2 and b0 < a2 and a1 < b3 and b1 < a3


def test_area_names_fit_and_do_not_overlap():
    geometries = {
        n: _circle(7 + (n % 6) * 0.02, 50 + (n // 6) * 0.0126, 0.01, 40) for n in range(36)
    }
    names = {n: f"Planungsraum {n}" for n in geometries}
    names[0] = "Ein sehr langer Name, der in kein Gebiet dieser Größe passt"
    svg = maps.svg_map(geometries, names=names)
    placed = {label[0] for label in svg.labels}
    assert 0 not in placed and len(placed) >= 20
    for i, a in enumerate(svg.labels):
        for b in svg.labels[i + 1 :]:
            assert not _overlap(a, b)


def test_web_map_geometry_is_simplified_by_extent():
    state_wide = {n: _circle(7 + n * 0.3, 50, 0.02, 500) for n in range(10)}
    simplified = maps.simplified_for_view(state_wide)
    assert len(simplified[0]["coordinates"][0]) < 120
    small = {1: _circle(7, 50, 0.0005, 12)}
    assert maps.simplified_for_view(small) == small


# ------------------------------------------------------------------------------- pages


def _overview(client, tenant):
    url = reverse("analysis:overview", args=[tenant.municipality.slug])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    read_values = any('"statistics_indicatorvalue"' in q["sql"] for q in ctx.captured_queries)
    return response.content.decode(), read_values


@pytest.mark.django_db
def test_overview_names_areas_and_reads_the_index_once_per_change(client, tenant, city):  # noqa: F811
    configure(tenant, city)
    client.force_login(tenant.users[Role.PLANNER])
    page, computed = _overview(client, tenant)
    assert computed
    labels = re.findall(r'<g class="map-labels">(.*?)</g>', page, re.S)
    assert labels and all(name in labels[0] for name in ("Nord", "Ost", "Süd", "West"))
    assert 'tabindex="0" role="region"' in page  # the table scrolls with the keyboard
    page, computed = _overview(client, tenant)
    assert not computed
    # A changed value is seen at once.
    with scopes_disabled():
        value = IndicatorValue.objects.get(
            indicator=city.indicators["poverty"], area=city.areas["Süd"], year=2024
        )
        value.value = 99.0
        value.save()
    page, computed = _overview(client, tenant)
    assert computed


@pytest.mark.django_db
def test_committed_import_and_area_import_invalidate(client, tenant, city):  # noqa: F811
    from verbund.analysis import map_cache

    configure(tenant, city)
    m = tenant.municipality
    before = map_cache.versions(m.pk)
    # The areas app's boundary import writes with raw SQL and bumps the areas version itself.
    cache_versions.bump(map_cache.areas_key(m.pk))
    from verbund.statistics.models import ImportRun, ImportStatus

    with scopes_disabled():
        run = ImportRun.objects.create(
            municipality=m,
            created_by=tenant.users[Role.PLANNER],
            file_name="werte.csv",
            file_size=1,
            file_format="csv",
            sha256="0" * 64,
            status=ImportStatus.RUNNING,
        )
    assert map_cache.versions(m.pk)[0] == before[0]  # not yet done: nothing written
    run.status = ImportStatus.DONE
    with scopes_disabled():
        run.save()
    after = map_cache.versions(m.pk)
    assert after[0] > before[0] and after[1] > before[1]


@pytest.mark.django_db
def test_missing_values_are_hatched(client, tenant, city):  # noqa: F811
    city.area("Neu ohne Werte")
    configure(tenant, city)
    client.force_login(tenant.users[Role.PLANNER])
    page, _computed = _overview(client, tenant)
    assert 'fill="url(#map-no-data)"' in page
