"""Reads of the per-request frame in SQL built once per process (issue 17).

Every signed-in page reads its session, its user, its municipality, the user's memberships
there and her unread notifications. Building these small ORM queries cost more than running
them (a fifth of a millisecond each); the frame's readers (``core.sessions``,
``accounts.frame``, ``dashboard.selectors.unread_count``) write their SQL once, from the
models' metadata, and build model instances with the ORM's own converters.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings


class ModelColumns:
    """Every concrete column of one model under a table alias, with the ORM's converters, and
    the model instance built from its slice of a row (``from_db``)."""

    def __init__(self, model, connection, alias: str):
        quote = connection.ops.quote_name
        self.model = model
        fields = list(model._meta.concrete_fields)
        self.attnames = [field.attname for field in fields]
        self.sql = ", ".join(f"{alias}.{quote(field.column)}" for field in fields)
        self.converters = []
        for index, field in enumerate(fields):
            column = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if found:
                self.converters.append((index, column, found))

    def build(self, values: list, db: str, connection):
        if values[0] is None:  # LEFT JOIN without a match
            return None
        for index, column, converters in self.converters:
            for converter in converters:
                values[index] = converter(values[index], column, connection)
        return self.model.from_db(db, self.attnames, values)


def frame_cursor(connection):
    """Django's cursor; on PostgreSQL one binding parameters on the server that prepares its
    statement (once per connection, psycopg keeps the name): the server parses and plans the
    session read once per connection instead of on every request. Django's own cursors bind
    on the client and never prepare (``prepare_threshold=None``). ``DB_PREPARED_STATEMENTS=false``
    turns it off (e.g. behind PgBouncer in transaction mode before 1.21)."""
    if connection.vendor != "postgresql" or not getattr(settings, "DB_PREPARED_STATEMENTS", True):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = connection.connection
        kept = getattr(connection, "_frame_cursor", None)
        if kept is not None and kept[0] is raw and kept[1] == connection.timezone:
            cursor = kept[2]
        else:
            cursor = _new_prepared_cursor(connection, raw)
            # One cursor per connection serves every frame read (making one cost as much as
            # running a small statement); closing it only drops its rows.
            connection._frame_cursor = (raw, connection.timezone, cursor)
        cursor.log_queries = connection.queries_logged
        return connection._prepare_cursor(cursor)


def fetch_together(connection, statements: list[tuple[str, list]]) -> list[list]:
    """The rows of each ``(sql, params)``. On PostgreSQL (with prepared statements) they are
    sent in one pipeline: the server gets every statement before the first answer is read,
    so a page's half a dozen small reads cost one round trip instead of one each."""
    if (
        len(statements) < 2
        or connection.vendor != "postgresql"
        or not getattr(settings, "DB_PREPARED_STATEMENTS", True)
    ):
        found = []
        for sql, params in statements:
            with frame_cursor(connection) as cursor:
                cursor.execute(sql, params)
                found.append(cursor.fetchall())
        return found
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = connection.connection
        cursors = []
        with raw.pipeline():
            for sql, params in statements:
                cursor = _new_prepared_cursor(connection, raw)
                cursor.log_queries = connection.queries_logged
                cursor = connection._prepare_cursor(cursor)
                cursor.execute(sql, params)
                cursors.append(cursor)
            found = [cursor.fetchall() for cursor in cursors]
        for cursor in cursors:
            cursor.close()
        return found


def _new_prepared_cursor(connection, raw):
    import psycopg
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    cursor = _prepared_cursor_class()(raw)
    # As Django's own cursors: the session's time zone for timestamps (``create_cursor``).
    timestamptz = psycopg.postgres.types["timestamptz"].oid
    if connection.timezone != raw.adapters.get_loader(timestamptz, Format.TEXT).timezone:
        register_tzloader(connection.timezone, cursor)
    return cursor


@cache
def _prepared_cursor_class():
    import psycopg

    class PreparedCursor(psycopg.Cursor):
        log_queries = False

        def close(self) -> None:
            # Kept open for the connection's next frame read (``frame_cursor``); the rows of
            # this one are let go. It closes with its connection.
            self._reset()

        def execute(self, query, params=None, *, prepare=None, binary=None):
            result = super().execute(query, params, prepare=True, binary=binary)
            if self.log_queries and self._query is None:
                # A run of the prepared statement sends only its name; Django's query log
                # (DEBUG, tests) reads the text from here.
                self._query = self._convert_query(query, params)
            return result

    return PreparedCursor
