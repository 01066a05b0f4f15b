"""Reads of areas and walks. Geometry columns are only loaded where a map needs them."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet

from verbund.core.paging import pack_keys, unpack_keys

from .models import Area, AreaImport, Observation, ObservationPhoto, Walk, shape_of

GEOMETRY_FIELDS = ("geometry", "geometry_simplified")


def area_list(*, municipality, query: str = "", level: str = "") -> QuerySet:
    qs = (
        Area.objects.filter(municipality=municipality)
        .select_related("parent")
        .defer(*GEOMETRY_FIELDS, "parent__geometry", "parent__geometry_simplified")
    )
    if level:
        qs = qs.filter(level=level)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(code__startswith=query))
    return qs.order_by("level", "name", "id")


def area_levels(*, municipality) -> list[dict]:
    """The levels in use, top-down (levels whose areas have no parent first), with their
    counts; computed once per change of the areas (``tree_cache``), like the tree order."""
    from . import tree_cache

    return tree_cache.levels(
        municipality=municipality, compute=lambda: _levels(municipality=municipality)
    )


def _levels(*, municipality) -> list[dict]:
    rows = (
        Area.objects.filter(municipality=municipality)
        .values("level")
        .annotate(count=Count("id"), roots=Count("id", filter=Q(parent__isnull=True)))
        .order_by("level")
    )
    return sorted(rows, key=lambda r: (r["roots"] < r["count"], r["level"]))


class TreeRow(NamedTuple):
    id: int
    depth: int


def area_tree_order(*, municipality, level: str = "", query: str = "") -> Sequence[TreeRow]:
    """All areas in hierarchy order (parent, then its children by name), so a page of the list
    can be cut from it without a query per level; computed once per change of the areas
    (``tree_cache``), narrowed to ``level`` and ``query`` with one query of keys."""
    from . import tree_cache

    order = PackedTreeRows(
        *tree_cache.tree_order(
            municipality=municipality,
            compute=lambda: PackedTreeRows.pack(_tree_pairs(municipality=municipality)),
        )
    )
    if level or query:
        wanted = set(
            area_list(municipality=municipality, level=level, query=query).values_list(
                "id", flat=True
            )
        )
        return [row for row in order if row.id in wanted]
    return order


class PackedTreeRows:
    """``TreeRow``s kept as two packed arrays (ids, depths): what the cache holds. Unpickling
    2,000 named tuples took longer than the rest of the area list; a page builds only its own
    rows."""

    def __init__(self, ids: bytes, depths: bytes):
        self.ids = unpack_keys(ids)
        self.depths = memoryview(depths).cast("H")

    @staticmethod
    def pack(rows: list[TreeRow]) -> tuple[bytes, bytes]:
        return pack_keys(row.id for row in rows), array("H", (row.depth for row in rows)).tobytes()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [
                TreeRow(pk, depth)
                for pk, depth in zip(self.ids[index], self.depths[index], strict=True)
            ]
        return TreeRow(self.ids[index], self.depths[index])

    def __iter__(self):
        return map(TreeRow, self.ids, self.depths)


def _tree_pairs(*, municipality) -> list[TreeRow]:
    """All areas in hierarchy order, from one query."""
    rows = list(
        area_list(municipality=municipality).values_list("id", "parent_id", "name", "level")
    )
    children: dict[int | None, list[tuple]] = {}
    ids = {row[0] for row in rows}
    for row in rows:
        parent = row[1] if row[1] in ids else None
        children.setdefault(parent, []).append(row)
    for items in children.values():
        items.sort(key=lambda r: (r[3], r[2].lower(), r[0]))
    order: list[TreeRow] = []
    stack = [(row, 0) for row in reversed(children.get(None, []))]
    seen = set()
    while stack:
        row, depth = stack.pop()
        if row[0] in seen:
            continue
        seen.add(row[0])
        order.append(TreeRow(row[0], depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(row[0], [])))
    return order


def areas_by_id(*, municipality, ids: list[int]) -> dict[int, Area]:
    """The areas of a list page with ``child_count`` and ``centre_names``. The centres come
    from the link table in one query: ``prefetch_related`` would build a filtered queryset per
    area (50 per page) just to hold its results."""
    qs = (
        area_list(municipality=municipality)
        .filter(pk__in=ids)
        .annotate(child_count=Count("children", distinct=True))
    )
    areas = {area.pk: area for area in qs}
    names = _grouped(
        Area.centres.through.objects.filter(area_id__in=list(areas))
        .order_by("familycentre__name", "familycentre_id")
        .values_list("area_id", "familycentre__name")
    )
    for pk, area in areas.items():
        area.centre_names = names.get(pk, [])
    return areas


def _grouped(pairs) -> dict:
    found: dict = {}
    for key, value in pairs:
        found.setdefault(key, []).append(value)
    return found


def area_get(*, municipality, pk: int) -> Area:
    return (
        Area.objects.select_related("parent", "parent__parent")
        .prefetch_related("centres")
        .get(municipality=municipality, pk=pk)
    )


def area_children(*, area: Area) -> QuerySet:
    return (
        Area.objects.filter(municipality_id=area.municipality_id, parent=area)
        .defer(*GEOMETRY_FIELDS)
        .order_by("name")
    )


def area_geojson(
    *, municipality, areas_qs: QuerySet | None = None, simplified: bool = True
) -> dict:
    """A FeatureCollection of the areas (all of the municipality by default) for maps and other
    apps. Properties: ``id``, ``code``, ``name``, ``level``. One query, whatever the count."""
    qs = areas_qs if areas_qs is not None else Area.objects.all()
    column = "geometry_simplified" if simplified else "geometry"
    rows = (
        qs.filter(municipality=municipality)
        .exclude(**{f"{column}__isnull": True})
        .order_by("level", "name", "id")
        .values_list("id", "code", "name", "level", column)
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": pk,
                "properties": {"id": pk, "code": code, "name": name, "level": level},
                "geometry": geometry,
            }
            for pk, code, name, level, geometry in rows.iterator(chunk_size=500)
        ],
    }


def centre_areas(*, centre) -> QuerySet:
    return (
        Area.objects.filter(municipality_id=centre.municipality_id, centres=centre)
        .select_related("parent")
        .defer(*GEOMETRY_FIELDS, "parent__geometry", "parent__geometry_simplified")
        .order_by("level", "name")
    )


def centres_with_areas(*, municipality) -> QuerySet:
    """The centres for the Sozialraum table, by name; page them, then ``attach_areas``. Only
    what a row shows and the access check reads (its provider's id): the whole rows made the
    page's count over every centre cost more than the rest of the page's queries."""
    from verbund.tenancy.models import FamilyCentre

    return (
        FamilyCentre.objects.filter(municipality=municipality)
        .only("id", "municipality_id", "name", "provider_id")
        .order_by("name", "pk")
    )


def attach_areas(centres) -> list:
    """Sets ``area_links`` (``(pk, name)`` by level and name) on each centre of a page: one
    query for all, without a queryset per centre."""
    centres = list(centres)
    links = _grouped(
        (centre_id, (area_id, name))
        for centre_id, area_id, name in Area.centres.through.objects.filter(
            familycentre_id__in=[c.pk for c in centres]
        )
        .order_by("area__level", "area__name", "area_id")
        .values_list("familycentre_id", "area_id", "area__name")
    )
    for centre in centres:
        centre.area_links = links.get(centre.pk, [])
    return centres


def import_list(*, municipality) -> QuerySet:
    return (
        AreaImport.objects.filter(municipality=municipality)
        .select_related("created_by")
        .defer("source", "features")
    )


def import_preview_geojson(*, draft: AreaImport) -> dict:
    from .geo import simplify

    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": feature["number"],
                "properties": {
                    "id": feature["number"],
                    "code": feature["code"],
                    "name": feature["name"],
                    "level": draft.options.get("level", ""),
                },
                "geometry": simplify(feature["geometry"]),
            }
            for feature in draft.features
        ],
    }


def import_get(*, municipality, pk: int) -> AreaImport:
    return AreaImport.objects.select_related("created_by").get(municipality=municipality, pk=pk)


# --- Walks -------------------------------------------------------------------------------


def walk_list(
    *, municipality, centre_id: int | None = None, area_id: int | None = None
) -> QuerySet:
    qs = (
        Walk.objects.filter(municipality=municipality)
        .select_related("centre", "area")
        .defer(*shape_of("area"))
        .annotate(observation_count=Count("observations"))
    )
    if centre_id:
        qs = qs.filter(centre_id=centre_id)
    if area_id:
        qs = qs.filter(area_id=area_id)
    return qs.order_by("-date", "-id")


def walk_get(*, municipality, pk: int) -> Walk:
    photos = ObservationPhoto.objects.only("id", "observation_id", "width", "height", "caption")
    return (
        Walk.objects.select_related("centre", "area")
        .defer(*shape_of("area"))
        .prefetch_related(
            Prefetch(
                "observations",
                queryset=Observation.objects.select_related("created_by").prefetch_related(
                    Prefetch("photos", queryset=photos)
                ),
            )
        )
        .get(municipality=municipality, pk=pk)
    )


def observation_get(*, municipality, pk: int) -> Observation:
    photos = ObservationPhoto.objects.only("id", "observation_id", "width", "height", "caption")
    return (
        Observation.objects.select_related("walk", "walk__centre")
        .prefetch_related(Prefetch("photos", queryset=photos))
        .get(municipality=municipality, pk=pk)
    )


def photo_get(*, municipality, pk: int) -> ObservationPhoto:
    return ObservationPhoto.objects.select_related("observation__walk").get(
        municipality=municipality, pk=pk
    )


def located_observations(*, municipality) -> QuerySet:
    """Observations with a position, newest walk first (the map's table)."""
    return (
        Observation.objects.filter(municipality=municipality, latitude__isnull=False)
        .select_related("walk", "walk__centre")
        .order_by("-walk__date", "walk_id", "created_at", "id")
    )


def observations_geojson(
    *, municipality, walk: Walk | None = None, area_id: int | None = None
) -> dict:
    """Located observations as points, for the walk layer of maps (of one walk, of the walks in
    one area, or all). One query."""
    qs = Observation.objects.filter(municipality=municipality, latitude__isnull=False)
    if walk is not None:
        qs = qs.filter(walk=walk)
    if area_id is not None:
        qs = qs.filter(walk__area_id=area_id)
    rows = qs.values_list(
        "id",
        "walk_id",
        "walk__title",
        "walk__date",
        "categories",
        "rating",
        "note",
        "latitude",
        "longitude",
    ).order_by("walk__date", "created_at", "id")
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": pk,
                "properties": {
                    "id": pk,
                    "nr": number if walk is not None else None,
                    "walk": walk_id,
                    "walk_title": title,
                    "date": date.isoformat(),
                    "categories": categories,
                    "rating": rating,
                    "note": note[:280],
                },
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            }
            for number, (pk, walk_id, title, date, categories, rating, note, lat, lon) in enumerate(
                rows, start=1
            )
        ],
    }


# About 2 km around the outermost area, so a point just across the border is still taken.
EXTENT_MARGIN_DEGREES = 0.02


def municipality_extent(*, municipality) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) around all areas of the municipality, with a margin;
    None while it has no areas with a boundary."""
    boxes = [
        box
        for box in Area.objects.filter(municipality=municipality, bbox__isnull=False).values_list(
            "bbox", flat=True
        )
        if isinstance(box, list) and len(box) == 4
    ]
    if not boxes:
        return None
    margin = EXTENT_MARGIN_DEGREES
    return (
        min(box[0] for box in boxes) - margin,
        min(box[1] for box in boxes) - margin,
        max(box[2] for box in boxes) + margin,
        max(box[3] for box in boxes) + margin,
    )
