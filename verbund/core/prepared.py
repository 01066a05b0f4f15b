"""ORM queries compiled once per process, run with new values on every request (issue 17).

On a detail page most of the time went into Django compiling its half a dozen small queries
(0.5–1 ms each: joins, ordering, column lists), not into running them (a few hundredths of a
millisecond). A :class:`PreparedQuery` is written as an ordinary queryset, built by a function
of named values (an offer's id, its municipality's id). The first call builds it with stand-in
values, compiles it and notes where the stand-ins are among the SQL's parameters; every later
call puts the real values there and runs the same SQL. Rows become model instances (with their
``select_related`` objects) or tuples by the ORM's own converters and populators.

Only values passed by name may vary between calls: whatever else the builder reads (the
viewer's reach, today's date) would be frozen into the SQL, so a builder uses nothing but its
arguments and constants. Scalar values only (ints, strings), never a list for ``__in``. With
``PREPARED_QUERIES_CHECK`` (on in the tests) every call also compiles the queryset anew and
refuses to run when the SQL or its parameters differ from the prepared ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

_INT_STAND_IN = -7_319_000_000_000_000


class PreparedQueryError(RuntimeError):
    """The builder used something besides its arguments, or an argument the SQL does not show."""


@dataclass
class _Compiled:
    sql: str
    params: list
    slots: dict[str, list[int]]
    compiler: Any


class PreparedQuery:
    """``build(**values)`` compiled once per database and thread; ``objects(**values)`` gives
    model instances, ``rows(**values)`` tuples (for a ``values_list`` queryset)."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple, _Compiled] = {}

    def objects(self, **values) -> list[Model]:
        compiled, db, params = self._run_parts(values)
        compiler = compiled.compiler
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, db)
        annotations = compiler.annotation_col_map or {}
        found = []
        for row in self._converted(compiled, db, params):
            obj = klass_info["model"].from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found

    def rows(self, **values) -> list[tuple]:
        compiled, db, params = self._run_parts(values)
        return [tuple(row) for row in self._converted(compiled, db, params)]

    # ----------------------------------------------------------------------------------------

    def _run_parts(self, values: dict):
        queryset_db = self._db()
        key = (queryset_db, threading.get_ident(), tuple(sorted(values)))
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(queryset_db, values)
        params = list(compiled.params)
        for name, positions in compiled.slots.items():
            for position in positions:
                params[position] = values[name]
        if getattr(settings, "PREPARED_QUERIES_CHECK", False):
            self._check(queryset_db, values, compiled.sql, params)
        return compiled, queryset_db, params

    def _db(self) -> str:
        from django.db import router

        return router.db_for_read(None) or "default"

    def _compile(self, db: str, values: dict) -> _Compiled:
        stand_ins = {}
        for number, (name, value) in enumerate(sorted(values.items())):
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise PreparedQueryError(f"{name}: only int and str values can be prepared")
            stand_in = _INT_STAND_IN - number
            stand_ins[name] = stand_in if isinstance(value, int) else f"\x00prepared:{name}\x00"
        queryset = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        slots = {
            name: [position for position, param in enumerate(params) if param == stand_in]
            for name, stand_in in stand_ins.items()
        }
        for name, positions in slots.items():
            if not positions:
                raise PreparedQueryError(f"{name} does not reach the SQL as a parameter")
        return _Compiled(sql=sql, params=list(params), slots=slots, compiler=compiler)

    def _check(self, db: str, values: dict, sql: str, params: list) -> None:
        fresh_sql, fresh_params = self.build(**values).query.get_compiler(using=db).as_sql()
        if fresh_sql != sql or list(fresh_params) != params:
            raise PreparedQueryError(
                f"the prepared query differs from the queryset:\n{sql}\n{params}\n"
                f"{fresh_sql}\n{list(fresh_params)}"
            )

    def _converted(self, compiled: _Compiled, db: str, params: list):
        compiler = compiled.compiler
        with connections[db].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiler.has_extra_select:
            rows = [row[: compiler.col_count] for row in rows]
        return compiler.results_iter([rows])


def attach_prefetched(instance: Model, name: str, objects: list[Model]) -> None:
    """Give ``instance`` the related objects ``name`` (a many-to-many field or a reverse
    foreign key's accessor) as ``prefetch_related`` would: ``instance.<name>.all()`` then
    reads them without a query, and anything chained on it (``values_list``, ``filter``)
    queries the relation itself, as with a prefetch."""
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache.pop(name, None)
    manager = getattr(instance, name)
    queryset = manager.get_queryset()  # lazy: the relation's own filter
    foreign_key = getattr(manager, "field", None)  # a reverse foreign key's field
    if foreign_key is not None:
        for obj in objects:  # as a prefetch does: child.<fk> is the instance, no query
            foreign_key.set_cached_value(obj, instance)
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    cache[name] = queryset
