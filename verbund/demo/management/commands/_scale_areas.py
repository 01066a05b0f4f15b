"""Areas and indicator values for ``seed_scale``: a three-level hierarchy (Bezirk → Stadtteil →
Planungsraum) laid out as a grid over the municipality, each boundary a polygon with as many
vertices as real Planungsraum boundaries have (``--area-vertices``, 200 by default), written in
batches so memory stays bounded however many areas are asked for."""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import islice

from verbund.areas.geo.geometry import simplify
from verbund.areas.models import Area
from verbund.statistics.models import Indicator, IndicatorValue

LEVELS = ("1 Bezirk", "2 Stadtteil", "3 Planungsraum")
# The box every municipality's areas, centres and organisations lie in (degrees).
SPAN_LAT, SPAN_LON = 0.16, 0.26


def batched(iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class AreaGrid:
    """Where the leaf areas of one municipality lie; maps a point to its leaf cell."""

    def __init__(self, origin: tuple[float, float], total: int):
        self.lat0, self.lon0 = origin
        self.tops = max(1, total // 100) if total >= 3 else 0
        self.mids = max(1, total // 10) if total >= 3 else 0
        self.leaves = total - self.tops - self.mids
        self.size = max(1, math.ceil(math.sqrt(max(self.leaves, 1))))
        self.mid_block = max(1, round(self.size / math.sqrt(self.mids))) if self.mids else 1
        self.top_factor = max(1, round(math.sqrt(self.mids / self.tops))) if self.tops else 1

    def cell(self, lat: float, lon: float) -> int | None:
        """The leaf index of a point inside the grid, None outside or in an unused cell."""
        row = int((lat - self.lat0) / SPAN_LAT * self.size)
        col = int((lon - self.lon0) / SPAN_LON * self.size)
        if not (0 <= row < self.size and 0 <= col < self.size):
            return None
        index = row * self.size + col
        return index if index < self.leaves else None

    def box(self, row0: int, col0: int, rows: int, cols: int) -> tuple[float, ...]:
        step_lat, step_lon = SPAN_LAT / self.size, SPAN_LON / self.size
        south, west = self.lat0 + row0 * step_lat, self.lon0 + col0 * step_lon
        return west, south, west + cols * step_lon, south + rows * step_lat


def polygon(rng, box: tuple[float, ...], vertices: int) -> dict:
    """A closed ring along the box's edges with ``vertices`` points, slightly wavy inward
    (never crossing itself), as real boundaries following streets and rivers are."""
    west, south, east, north = box
    per_side = max(1, vertices // 4)
    wobble_lon, wobble_lat = (east - west) * 0.02, (north - south) * 0.02
    ring = []
    for side in range(4):
        for k in range(per_side):
            t = k / per_side
            inward = rng.random()
            if side == 0:  # south edge, west → east
                point = (west + t * (east - west), south + inward * wobble_lat)
            elif side == 1:  # east edge, south → north
                point = (east - inward * wobble_lon, south + t * (north - south))
            elif side == 2:  # north edge, east → west
                point = (east - t * (east - west), north - inward * wobble_lat)
            else:  # west edge, north → south
                point = (west + inward * wobble_lon, north - t * (north - south))
            ring.append([round(point[0], 6), round(point[1], 6)])
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def _area(rng, municipality, grid, parent_id, code, name, level, box, vertices) -> Area:
    geometry = polygon(rng, box, vertices)
    west, south, east, north = box
    return Area(
        municipality=municipality,
        parent_id=parent_id,
        code=code,
        name=name,
        level=level,
        geometry=geometry,
        geometry_simplified=simplify(geometry),
        bbox=[west, south, east, north],
        centroid_lat=(south + north) / 2,
        centroid_lon=(west + east) / 2,
        area_km2=round((north - south) * 111.2 * (east - west) * 71.5, 3),
    )


def create_areas(rng, municipality, grid: AreaGrid, vertices: int, batch: int) -> int:
    """Bezirke and Stadtteile first (parents need their ids), then the leaves in batches."""
    if not grid.leaves:
        return 0
    mid_cells = math.ceil(grid.size / grid.mid_block)
    top_cells = math.ceil(mid_cells / grid.top_factor)
    top_ids: dict[tuple[int, int], int] = {}
    created = 0
    for index in range(grid.tops):
        row, col = divmod(index, top_cells)
        span = grid.mid_block * grid.top_factor
        box = grid.box(row * span, col * span, span, span)
        area = _area(
            rng, municipality, grid, None, f"B{index + 1:03d}", f"Bezirk {index + 1}",
            LEVELS[0], box, vertices * 4,
        )  # fmt: skip
        area.save()
        top_ids[(row, col)] = area.pk
        created += 1
    mid_ids: dict[tuple[int, int], int] = {}
    mids = []
    for index in range(grid.mids):
        row, col = divmod(index, mid_cells)
        parent = top_ids.get((row // grid.top_factor, col // grid.top_factor))
        if parent is None and top_ids:
            parent = next(iter(top_ids.values()))
        box = grid.box(row * grid.mid_block, col * grid.mid_block, grid.mid_block, grid.mid_block)
        mids.append(
            _area(
                rng,
                municipality,
                grid,
                parent,
                f"S{index + 1:04d}",
                f"Stadtteil {index + 1}",
                LEVELS[1],
                box,
                vertices * 2,
            )
        )
    for chunk in batched(mids, batch):
        for area in Area.objects.bulk_create(chunk):
            number = int(area.code[1:]) - 1
            mid_ids[divmod(number, mid_cells)] = area.pk
    created += len(mids)
    del mids

    def leaves():
        for index in range(grid.leaves):
            row, col = divmod(index, grid.size)
            parent = mid_ids.get((row // grid.mid_block, col // grid.mid_block))
            if parent is None and mid_ids:
                parent = next(iter(mid_ids.values()))
            yield _area(
                rng, municipality, grid, parent, f"P{index + 1:05d}", f"Planungsraum {index + 1}",
                LEVELS[2], grid.box(row, col, 1, 1), vertices,
            )  # fmt: skip

    for chunk in batched(leaves(), batch):
        Area.objects.bulk_create(chunk)
        created += len(chunk)
    return created


def leaf_ids(municipality) -> dict[int, int]:
    """Leaf index → area id (ids only: a few thousand integers)."""
    return {
        int(code[1:]) - 1: pk
        for pk, code in Area.objects.filter(municipality=municipality, level=LEVELS[2]).values_list(
            "pk", "code"
        )
    }


def link_centres(municipality, grid: AreaGrid, centres, batch: int) -> int:
    """Each centre belongs to the leaf it lies in and to that leaf's parents."""
    leaves = leaf_ids(municipality)
    parents = dict(Area.objects.filter(municipality=municipality).values_list("pk", "parent_id"))
    through = Area.centres.through

    def rows():
        for centre_id, lat, lon in centres:
            area_id = leaves.get(grid.cell(float(lat), float(lon)))
            while area_id is not None:
                yield through(area_id=area_id, familycentre_id=centre_id)
                area_id = parents.get(area_id)

    linked = 0
    for chunk in batched(rows(), batch):
        through.objects.bulk_create(chunk)
        linked += len(chunk)
    return linked


def create_values(rng, municipality, years: int, batch: int) -> int:
    """One value per indicator, area and year for the municipality's whole catalogue."""
    indicators = list(Indicator.objects.filter(municipality=municipality).values_list("pk", "kind"))
    area_ids = Area.objects.filter(municipality=municipality).values_list("pk", flat=True)
    first_year = 2025 - years + 1

    def rows():
        for area_id in area_ids.iterator(chunk_size=batch):
            for indicator_id, kind in indicators:
                for year in range(first_year, first_year + years):
                    value = rng.uniform(0, 100) if kind != "count" else rng.randint(0, 5000)
                    yield IndicatorValue(
                        municipality=municipality,
                        indicator_id=indicator_id,
                        area_id=area_id,
                        year=year,
                        value=round(value, 2),
                    )

    written = 0
    for chunk in batched(rows(), batch):
        IndicatorValue.objects.bulk_create(chunk)
        written += len(chunk)
    return written
