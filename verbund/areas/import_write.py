"""Writing an area import with a short lock: everything is computed first, then written at once.

A boundary file with 50,000 areas took 36 s to write inside one transaction, and SQLite has
one writer: everybody else waited or got "database is locked". Now ``plan_write`` does all
the work outside any transaction – compares with the existing areas, simplifies the
boundaries, validates every area and turns every value into what the database stores – in
batches with progress, heartbeat and cancel between them. ``apply_write`` then runs inside
the caller's short transaction: it checks that the areas of the level are still the ones the
plan saw and sends the prepared rows with ``executemany`` (no model instances, no JSON
encoding while the lock is held).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from verbund.core import cache_versions

from . import geo
from .models import Area

UPDATE_FIELDS = [
    "name",
    "kind",
    "parent",
    "geometry",
    "geometry_simplified",
    "bbox",
    "centroid_lon",
    "centroid_lat",
    "area_km2",
    "updated_at",
]
BATCH = 500


class PlanOutdated(Exception):
    """The areas of the level changed between planning and writing."""


@dataclass
class WritePlan:
    """What a commit writes, prepared for the database."""

    existing: dict[str, int] = field(default_factory=dict)  # code → id seen when planning
    parent_ids: set[int] = field(default_factory=set)
    insert_rows: list[tuple] = field(default_factory=list)
    update_rows: list[tuple] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _values(feature: dict, kind: str) -> dict:
    return {
        "name": feature["name"],
        "kind": kind,
        "parent_id": feature.get("parent_id"),
        "geometry": feature["geometry"],
        "geometry_simplified": geo.simplify(feature["geometry"]),
        "bbox": feature["bbox"],
        "centroid_lon": feature["centroid"][0],
        "centroid_lat": feature["centroid"][1],
        "area_km2": feature["area_km2"],
    }


def _insert_fields():
    return [f for f in Area._meta.concrete_fields if not f.primary_key]


def _update_fields():
    return [Area._meta.get_field(name) for name in UPDATE_FIELDS]


def plan_write(
    *,
    municipality,
    features: list[dict],
    level: str,
    kind: str,
    progress: Callable[[int], None] | None = None,
) -> WritePlan:
    """Everything a commit does except writing; runs outside any transaction."""
    existing = {
        a.code: a for a in Area.objects.filter(municipality=municipality, level=level).order_by()
    }
    plan = WritePlan(existing={code: area.pk for code, area in existing.items()})
    plan.parent_ids = {f["parent_id"] for f in features if f.get("parent_id")}
    inserts, updates = _insert_fields(), _update_fields()
    now = timezone.now()
    for start in range(0, len(features), BATCH):
        for feature in features[start : start + BATCH]:
            values = _values(feature, kind)
            area = existing.get(feature["code"])
            if area is None:
                area = Area(municipality=municipality, code=feature["code"], level=level)
                for key, value in values.items():
                    setattr(area, key, value)
                area.created_at = area.updated_at = now
                area.full_clean(
                    exclude=["parent"], validate_unique=False, validate_constraints=False
                )
                plan.insert_rows.append(
                    tuple(f.get_db_prep_save(getattr(area, f.attname), connection) for f in inserts)
                )
                plan.created.append(feature["code"])
                continue
            if all(getattr(area, key) == value for key, value in values.items()):
                plan.unchanged.append(feature["code"])
                continue
            for key, value in values.items():
                setattr(area, key, value)
            area.updated_at = now
            area.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
            prepared = [f.get_db_prep_save(getattr(area, f.attname), connection) for f in updates]
            plan.update_rows.append((*prepared, area.pk))
            plan.updated.append(feature["code"])
        if progress is not None:
            progress(min(start + BATCH, len(features)))
    return plan


def apply_write(*, municipality, level: str, plan: WritePlan) -> None:
    """Write a plan; call inside a transaction. Raises ``PlanOutdated`` (before writing
    anything) if the areas of the level or the parents changed since ``plan_write``."""
    now = dict(
        Area.objects.filter(municipality=municipality, level=level)
        .order_by()
        .values_list("code", "pk")
    )
    if now != plan.existing:
        raise PlanOutdated
    if plan.parent_ids:
        found = Area.objects.filter(municipality=municipality, pk__in=plan.parent_ids).count()
        if found != len(plan.parent_ids):
            raise PlanOutdated
    quote = connection.ops.quote_name
    table = quote(Area._meta.db_table)
    with connection.cursor() as cursor:
        if plan.insert_rows:
            fields = _insert_fields()
            names = ", ".join(quote(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            # Identifiers come from the model's meta, quoted; every value is a parameter.
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
            for start in range(0, len(plan.insert_rows), 5000):
                cursor.executemany(sql, plan.insert_rows[start : start + 5000])
        if plan.update_rows:
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in _update_fields())
            sql = f"UPDATE {table} SET {assignments} WHERE {quote(Area._meta.pk.column)} = %s"  # noqa: S608
            for start in range(0, len(plan.update_rows), 5000):
                cursor.executemany(sql, plan.update_rows[start : start + 5000])
    # Raw SQL sends no signals: maps cached per area version must see the new boundaries.
    cache_versions.bump_now_and_on_commit(f"areas:{municipality.pk}")
