"""Placing imported areas under the areas of a parent level: by key prefix (cross-checked
against the position) or by position; keeping known areas' links on a re-import."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from shapely import STRtree
from shapely.geometry import Point, shape

from ..models import Area

PARENT_PREFIX = "prefix"
PARENT_POINT = "point"
PARENT_CLEAR = "clear"  # remove the links of the areas in the file
# Where key prefix and position disagree: keep the key's parent (and warn) or take the position.
CONFLICT_PREFIX = "prefix"
CONFLICT_POINT = "point"


def _match_parents(
    *,
    municipality,
    features: list[dict],
    level: str,
    method: str,
    boundaries,
    conflict: str = CONFLICT_PREFIX,
):
    """Assign each feature a parent on ``level``: by key prefix (the longest parent key that
    starts the child's key) or by the parent polygon that contains the child's centroid.
    Every prefix match is checked against the position; where they disagree the feature
    keeps the key's parent with a warning, or (``conflict="point"``) takes the position's."""
    for feature in features:
        feature["parent_id"] = None
        feature["parent_code"] = ""
        feature["parent_name"] = ""
        feature["parent_source"] = ""
        feature.pop("parent_conflict", None)
    if not level:
        return
    parents = list(
        Area.objects.filter(municipality=municipality, level=level).only(
            "id", "code", "name", "geometry"
        )
    )
    if not parents:
        boundaries.error(
            _(
                "Auf der Ebene „%(level)s“ gibt es noch keine Gebiete. Importieren Sie zuerst die "
                "übergeordnete Ebene oder wählen Sie keine."
            )
            % {"level": level}
        )
        return
    missing = []
    with_geometry = [p for p in parents if p.geometry]
    shapes = [shape(p.geometry) for p in with_geometry]
    tree = STRtree(shapes)

    def by_position(feature):
        point = _inner_point(feature)
        hits = tree.query(point, predicate="within")
        return with_geometry[int(min(hits))] if len(hits) else None

    if method == PARENT_POINT:
        for feature in features:
            parent = by_position(feature)
            if parent:
                _set_parent(feature, parent, "point")
            else:
                missing.append(feature)
    else:
        by_code = {p.code: p for p in parents}
        lengths = sorted({len(code) for code in by_code}, reverse=True)
        conflicts = []
        for feature in features:
            code = feature["code"]
            parent = next(
                (
                    by_code[code[:length]]
                    for length in lengths
                    if length < len(code) and code[:length] in by_code
                ),
                None,
            )
            if not parent:
                missing.append(feature)
                continue
            placed = by_position(feature) if parent.geometry else parent
            if placed is not None and placed.pk != parent.pk:
                feature["parent_conflict"] = {
                    "prefix_code": parent.code,
                    "prefix_name": parent.name,
                    "point_code": placed.code,
                    "point_name": placed.name,
                }
                conflicts.append(feature)
                if conflict == CONFLICT_POINT:
                    _set_parent(feature, placed, "point")
                    continue
            _set_parent(feature, parent, "prefix")
        if conflicts:
            examples = "; ".join(
                f"„{f['name']}“ ({f['code']}): laut Schlüssel "
                f"„{f['parent_conflict']['prefix_name']}“, laut Lage "
                f"„{f['parent_conflict']['point_name']}“"
                for f in conflicts[:5]
            )
            chosen = (
                _("übernommen wird die Lage")
                if conflict == CONFLICT_POINT
                else _(
                    "übernommen wird der Schlüssel; wählen Sie „nach der Lage“, wenn die Lage "
                    "stimmt"
                )
            )
            more = len(conflicts) - 5
            boundaries.warn(
                ngettext(
                    "Bei %(count)s Gebiet passen Schlüssel und Lage nicht zusammen (%(chosen)s): "
                    "%(examples)s",
                    "Bei %(count)s Gebieten passen Schlüssel und Lage nicht zusammen (%(chosen)s): "
                    "%(examples)s",
                    len(conflicts),
                )
                % {"count": len(conflicts), "chosen": chosen, "examples": examples}
                + (_(" und %(more)s weitere.") % {"more": more} if more > 0 else ".")
            )
    if missing:
        examples = ", ".join(f"„{f['name']}“ ({f['code']})" for f in missing[:5])
        more = len(missing) - 5
        how = (
            _("kein übergeordnetes Gebiet enthält ihren Mittelpunkt")
            if method == PARENT_POINT
            else _("kein Schlüssel auf der Ebene „%(level)s“ ist Anfang ihres Schlüssels")
            % {"level": level}
        )
        boundaries.warn(
            _(
                "%(count)s Gebiete finden kein übergeordnetes Gebiet (%(how)s); schon "
                "vorhandene behalten ihre bisherige Zuordnung: %(examples)s"
            )
            % {"count": len(missing), "how": how, "examples": examples}
            + (_(" und %(more)s weitere.") % {"more": more} if more > 0 else ".")
        )


def _inner_point(feature: dict) -> Point:
    """The child's representative point: its centroid if that lies inside, else a point that
    surely does (a crescent's centroid lies outside it)."""
    child = shape(feature["geometry"])
    point = Point(feature["centroid"])
    return point if child.contains(point) else child.representative_point()


def _set_parent(feature: dict, parent: Area, source: str) -> None:
    feature["parent_id"] = parent.pk
    feature["parent_code"] = parent.code
    feature["parent_name"] = parent.name
    feature["parent_source"] = source


def _compare_existing(*, municipality, level: str, boundaries, clear: bool = False) -> None:
    """Mark known keys, and keep each known area's parent where this import finds none
    (no parent level chosen, or no match): a re-import never drops links silently. With
    ``clear`` the links of the areas in the file are removed on purpose."""
    existing = {
        a.code: a
        for a in Area.objects.filter(municipality=municipality, level=level)
        .select_related("parent")
        .only("code", "parent__id", "parent__code", "parent__name", "parent__level")
    }
    for feature in boundaries.features:
        area = existing.get(feature["code"])
        feature["exists"] = area is not None
        feature["parent_before"] = area.parent_id if area else None
        if area is None or area.parent_id is None or feature.get("parent_id"):
            continue
        if clear:
            feature["parent_source"] = "cleared"
            continue
        _set_parent(feature, area.parent, "kept")
