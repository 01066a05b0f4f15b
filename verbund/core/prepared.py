"""ORM queries compiled once per process, run with new values on every request (issue 17).

On a detail page most of the time went into Django compiling its half a dozen small queries
(0.5–1 ms each: joins, ordering, column lists), not into running them (a few hundredths of a
millisecond). A :class:`PreparedQuery` is written as an ordinary queryset, built by a function
of named values (an offer's id, its municipality's id). The first call builds it with stand-in
values, compiles it and notes where the stand-ins are among the SQL's parameters; every later
call puts the real values there and runs the same SQL. Rows become model instances (with their
``select_related`` objects) or tuples by the ORM's own converters and populators.

Only values passed by name may vary between calls: whatever else the builder reads would be
frozen into the SQL, so a builder uses nothing but its arguments and constants. Values are
ints, strings and dates, never a list for ``__in``. Something that shapes the SQL itself (the
viewer's reach: ``access.narrow`` adds her centres) is ``given`` to the builder together with a
``variant`` that stands for it (``access.signature()``): the SQL is compiled once per variant.
With ``PREPARED_QUERIES_CHECK`` (on in the tests) every call also compiles the queryset anew
and refuses to run when the SQL or its parameters differ from the prepared ones.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django_scopes import scope
from django_scopes.state import get_scope

from .frame_sql import fetch_together, frame_cursor

_INT_STAND_IN = 30_011  # within even a small integer column's range
_DATE_STAND_IN = date(1001, 1, 1)
COMPILED_MAX = 500  # per query: variants (viewers' reaches) beyond that start over


class PreparedQueryError(RuntimeError):
    """The builder used something besides its arguments, or an argument the SQL does not show."""


@dataclass
class _Compiled:
    sql: str | None  # None: the query matches nothing whatever the values
    params: list
    slots: list[tuple[str, int, Callable | None]]  # value, position, conversion (to text)
    compiler: Any
    # What turns its rows into values and objects, worked out on first use (the compiler
    # looks them up anew on every call: a fifth of a detail page's query time).
    converters: dict | None = None
    populating: tuple | None = None


class PreparedQuery:
    """``build(**given, **values)`` compiled once per database, thread and ``variant``;
    ``objects(...)`` gives model instances, ``rows(...)`` tuples (for a ``values_list``
    queryset)."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple, _Compiled] = {}

    def objects(self, *, variant=(), given=None, **values) -> list[Model]:
        if _out_of_range(values):
            return list(self.build(**(given or {}), **values))
        compiled, db, params = self._run_parts(variant, given or {}, values)
        if compiled.sql is None:
            return []
        return self._instances(compiled, db, self._converted(compiled, db, params))

    def _instances(self, compiled: _Compiled, db: str, rows) -> list[Model]:
        if compiled.populating is None:
            compiled.populating = _populating(compiled.compiler, db)
        model, start, end, init_list, populators, annotations = compiled.populating
        found = []
        for row in rows:
            obj = model.from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found

    def rows(self, *, variant=(), given=None, **values) -> list[tuple]:
        if _out_of_range(values):
            return [tuple(row) for row in self.build(**(given or {}), **values)]
        compiled, db, params = self._run_parts(variant, given or {}, values)
        if compiled.sql is None:
            return []
        return [tuple(row) for row in self._converted(compiled, db, params)]

    def one(self, **values) -> Model:
        """The one row of a lookup by key (``objects``); the model's ``DoesNotExist`` when
        there is none, as ``QuerySet.get`` raises it."""
        found = self.objects(**values)
        if not found:
            model = self.build(**values).model
            raise model.DoesNotExist(f"{model.__name__} matching {values} does not exist")
        return found[0]

    def objects_within(self, access, **values) -> list[Model]:
        """``objects`` of a builder that narrows by ``access`` (its first argument): compiled
        once per reach (``access.signature()``)."""
        return self.objects(variant=access.signature(), given={"access": access}, **values)

    def rows_within(self, access, **values) -> list[tuple]:
        return self.rows(variant=access.signature(), given={"access": access}, **values)

    # ----------------------------------------------------------------------------------------

    def _run_parts(self, variant, given: dict, values: dict):
        queryset_db = self._db()
        scope_variant, scope_values = _scope_parts()
        key = (queryset_db, threading.get_ident(), variant, scope_variant, tuple(sorted(values)))
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= COMPILED_MAX:
                self._compiled.clear()
            compiled = self._compile(queryset_db, given, values, scope_values)
            self._compiled[key] = compiled
        every = {**values, **scope_values}
        params = list(compiled.params)
        for name, position, conversion in compiled.slots:
            value = every[name]
            params[position] = conversion(value) if conversion else value
        if getattr(settings, "PREPARED_QUERIES_CHECK", False):
            self._check(queryset_db, given, values, compiled.sql, params)
        return compiled, queryset_db, params

    def _db(self) -> str:
        from django.db import router

        return router.db_for_read(None) or "default"

    def _compile(self, db: str, given: dict, values: dict, scope_values: dict) -> _Compiled:
        # Compiled twice, with two sets of stand-ins: a parameter is a value's slot where it
        # holds that value's stand-in both times (a constant of the query never changes).
        every = sorted({**values, **scope_values}.items())
        runs = []
        for round_ in (0, 1):
            stand_ins = {
                name: _stand_in(number, name, value, round_)
                for number, (name, value) in enumerate(every)
            }
            runs.append((stand_ins, *self._compile_with(db, given, values, stand_ins)))
        (first, sql, params, compiler), (second, other_sql, other_params, _compiler) = runs
        if sql != other_sql or len(params) != len(other_params):
            raise PreparedQueryError("the SQL's shape depends on a value: it cannot be prepared")
        if sql is None:  # a condition that matches nothing (a reach of no rows)
            return _Compiled(sql=None, params=[], slots=[], compiler=compiler)
        slots = []
        for name, _value in every:
            found = []
            for position, (param, other) in enumerate(zip(params, other_params, strict=True)):
                if param == first[name] and other == second[name]:
                    found.append((name, position, None))
                elif isinstance(first[name], date) and (param, other) == (
                    str(first[name]),
                    str(second[name]),
                ):
                    found.append((name, position, str))  # a date as text (SQLite)
                elif (conversion := _as_json(param, other, first[name], second[name])) is not None:
                    found.append((name, position, conversion))  # a JSON field's lookup
            if not found and name in values:
                raise PreparedQueryError(f"{name} does not reach the SQL as a parameter")
            slots.extend(found)
        return _Compiled(sql=sql, params=list(params), slots=slots, compiler=compiler)

    def _compile_with(self, db: str, given: dict, values: dict, stand_ins: dict):
        # The active tenant scope filters scoped managers' querysets (django-scopes): its
        # values become parameters too, so the SQL fits every municipality's requests.
        scoped = {
            name[len(_SCOPE) :]: value
            for name, value in stand_ins.items()
            if name.startswith(_SCOPE)
        }
        with scope(**scoped) if scoped else nullcontext():
            queryset = self.build(**given, **{name: stand_ins[name] for name in values})
            compiler = queryset.query.get_compiler(using=db)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                return None, [], compiler
        return sql, list(params), compiler

    def _check(self, db: str, given: dict, values: dict, sql: str | None, params: list) -> None:
        try:
            fresh = self.build(**given, **values).query.get_compiler(using=db).as_sql()
        except EmptyResultSet:
            fresh = (None, [])
        fresh_sql, fresh_params = fresh
        if fresh_sql != sql or _comparable(fresh_params) != _comparable(params):
            raise PreparedQueryError(
                f"the prepared query differs from the queryset:\n{sql}\n{params}\n"
                f"{fresh_sql}\n{list(fresh_params)}"
            )

    def _converted(self, compiled: _Compiled, db: str, params: list, rows=None):
        compiler = compiled.compiler
        if rows is None:
            # On PostgreSQL a statement prepared on the server (once per connection): the SQL
            # never changes, so the server parses and plans it once, not on every request.
            with frame_cursor(connections[db]) as cursor:
                cursor.execute(compiled.sql, params)
                rows = cursor.fetchall()
        if compiler.has_extra_select:
            rows = [row[: compiler.col_count] for row in rows]
        if compiled.converters is None:
            fields = [column[0] for column in compiler.select[: compiler.col_count]]
            compiled.converters = compiler.get_converters(fields)
        if not compiled.converters:
            return rows
        return compiler.apply_converters(rows, compiled.converters)


def _populating(compiler, db: str) -> tuple:
    """How ``objects`` makes instances of the compiler's rows (as ``ModelIterable`` does)."""
    select, klass_info = compiler.select, compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, db)
    annotations = compiler.annotation_col_map or {}
    return klass_info["model"], start, end, init_list, populators, annotations


_SCOPE = "\x00scope:"
INT_RANGE = (-(2**31), 2**31 - 1)


def _out_of_range(values: dict) -> bool:
    """An int no integer column holds: Django's lookups know the query matches nothing
    (``EmptyResultSet``), the prepared SQL would pass it to the database. Such a call (a
    forged id in a URL) takes the queryset's own way."""
    return any(
        isinstance(value, int) and not INT_RANGE[0] <= value <= INT_RANGE[1]
        for value in values.values()
    )


def _scope_parts() -> tuple[tuple, dict]:
    """The active django-scopes scope: what shapes the SQL (enabled or not, its dimensions)
    and its int values (a municipality's id), passed as parameters."""
    current = get_scope()
    if not current.get("_enabled"):
        return ("disabled",), {}
    dimensions = {name: value for name, value in current.items() if name != "_enabled"}
    values = {
        _SCOPE + name: value
        for name, value in dimensions.items()
        if isinstance(value, int) and not isinstance(value, bool)
    }
    others = tuple(
        sorted(
            (name, repr(value)) for name, value in dimensions.items() if _SCOPE + name not in values
        )
    )
    return ("enabled", tuple(sorted(values)), others), values


def _as_json(param, other, first, second) -> Callable | None:
    """How a value reaches the SQL when a JSON field's key is compared with it: wrapped for
    the driver (psycopg's ``Jsonb``) or as JSON text (SQLite); None when it does not."""
    if isinstance(first, int) and (param, other) == (json.dumps(first), json.dumps(second)):
        return json.dumps
    wrapped = getattr(param, "obj", _NOTHING), getattr(other, "obj", _NOTHING)
    if wrapped == (first, second) and hasattr(param, "dumps"):
        wrapper, dumps = type(param), param.dumps
        return lambda value: wrapper(value, dumps)
    return None


_NOTHING = object()


def _comparable(params) -> list:
    """Parameters as values (a driver's JSON wrapper compares by identity)."""
    return [getattr(param, "obj", param) for param in params]


def _stand_in(number: int, name: str, value, round_: int):
    """A value of the value's type that no real row holds, recognisable among the parameters,
    different in each round. Ints stay within every integer column's range (a value beyond
    one would make Django drop or empty the condition)."""
    if isinstance(value, bool | datetime):
        raise PreparedQueryError(f"{name}: only int, str and date values can be prepared")
    if isinstance(value, int):
        return _INT_STAND_IN + 2 * number + round_
    if isinstance(value, str):
        return f"\x00prepared:{name}:{round_}\x00"
    if isinstance(value, date):
        return _DATE_STAND_IN + timedelta(days=2 * number + round_)
    raise PreparedQueryError(f"{name}: only int, str and date values can be prepared")


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


def attach_all(instance: Model, related) -> None:
    """``attach_prefetched`` for each ``(name, query)`` of ``related``: queries of one
    argument, ``pk``, the instance's key, sent together (``objects_together``)."""
    found = objects_together([(query, {"pk": instance.pk}) for _name, query in related])
    for (name, _query), objects in zip(related, found, strict=True):
        attach_prefetched(instance, name, objects)


def objects_together(runs: list[tuple[PreparedQuery, dict]]) -> list[list[Model]]:
    """``query.objects(**values)`` for each ``(query, values)`` of ``runs``. On PostgreSQL the
    statements go to the server in one pipeline and their rows come back in one round trip
    (``frame_sql.fetch_together``), instead of one round trip each."""
    planned = [
        None if _out_of_range(values) else query._run_parts((), {}, values)
        for query, values in runs
    ]
    sent = [plan for plan in planned if plan is not None and plan[0].sql is not None]
    rows_of = {}
    if sent and len({db for _compiled, db, _params in sent}) == 1:
        fetched = fetch_together(
            connections[sent[0][1]], [(compiled.sql, params) for compiled, _db, params in sent]
        )
        rows_of = {id(plan): rows for plan, rows in zip(sent, fetched, strict=True)}
    found = []
    for (query, values), plan in zip(runs, planned, strict=True):
        if plan is None:  # a value no column holds: the queryset's own way
            found.append(query.objects(**values))
            continue
        compiled, db, params = plan
        if compiled.sql is None:
            found.append([])
            continue
        rows = query._converted(compiled, db, params, rows_of.get(id(plan)))
        found.append(query._instances(compiled, db, rows))
    return found
