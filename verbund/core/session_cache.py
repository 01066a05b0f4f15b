"""PostgreSQL: a web process keeps the session and user rows it read until the database
announces that they changed (issue 17).

Every signed-in request reads its session and user (``core.sessions``); on PostgreSQL that
round trip cost a signed-in request more than the rest of its frame. Keeping the rows in the
process is only safe if a logout, a deactivation or a password change served by any other
process ends the session here at once. Triggers (migration ``core.0004_frame_notify``) announce
every update, delete and truncation of a session or user row with ``pg_notify`` on the channel
``verbund_frame``; each web process's connection listens to it, and before a kept row is used
the notices that arrived on the connection's socket are read (without a round trip) and the
rows they name are dropped. A notice is sent when its transaction commits, the moment a direct
read would see the change too.

What is kept belongs to one database connection: a new connection starts empty (notices sent
while none listened are never needed). Nothing is kept inside a transaction
(``atomic``), where a read must see the transaction's own changes. ``DB_LISTEN=false`` (or
``DB_PREPARED_STATEMENTS=false``, e.g. behind PgBouncer in transaction mode, which cannot
listen) reads every request from the database.

Besides the session and user, a connection keeps the other values every page reads (migration
``core.0005_frame_notify_values`` and the apps' migrations that add their triggers): the
municipality with the user's memberships in it (``accounts.frame``), her unread notifications'
count (``dashboard.selectors``) and the cache versions (``core.cache_versions``). Each notice
names what changed: ``s`` a session, ``u`` a user (everything kept for her), ``m`` a user's
memberships, ``n`` a user's notifications, ``M`` a municipality (every kept frame), ``v`` a cache
version; ``*`` (a truncation) everything.

SQLite cannot announce a change, but it counts them: ``PRAGMA data_version`` changes when any
other connection commits a change to the database file, and the connection's ``total_changes``
counts the rows it changed itself. A connection keeps what it read only while both stay the
same (``SqliteKeptRows``): the first read of a request asks for the data version (a statement
that touches no table, a hundredth of reading the session), the others compare the own count.
Outside a request (the task worker, management commands) nothing is kept on SQLite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.conf import settings

CHANNEL = "verbund_frame"
ROWS_MAX = 5_000  # sessions kept per connection; all forgotten when full


MISSING = object()

# The kept values by the notice that drops them: a user's (``u``) go with her row.
_BY_USER = ("frame", "unread")
_GROUP_OF = {"m": "frame", "n": "unread"}


class KeptRows:
    """The rows and values read on one connection that no notice has named since."""

    def __init__(self, raw):
        self.raw = raw
        self.entries: dict[str, tuple] = {}
        # group -> outer key -> inner key -> value (``frame``: user id -> slug -> rows,
        # ``unread``: user id -> municipality id -> count, ``version``: key -> None -> value)
        self.values: dict[str, dict[str, dict]] = {}
        self.notices = 0  # how many notices arrived: a read overtaken by one is not kept

    def on_notice(self, notice) -> None:
        if notice.channel != CHANNEL:
            return
        self.notices += 1
        kind, key = notice.payload[:1], notice.payload[1:]
        if kind == "s":
            self.entries.pop(key, None)
        elif kind == "u":
            for session_key in [k for k, e in self.entries.items() if e[2] == key]:
                del self.entries[session_key]
            for group in _BY_USER:
                self.values.get(group, {}).pop(key, None)
        elif kind in _GROUP_OF:
            self.values.get(_GROUP_OF[kind], {}).pop(key, None)
        elif kind == "v":
            self.values.get("version", {}).pop(key, None)
        elif kind == "M":
            self.values.pop("frame", None)
        else:
            self.entries.clear()
            self.values.clear()

    def read_notices(self) -> None:
        """Handles the notices already on the socket; waits for nothing."""
        pgconn = self.raw.pgconn
        with self.raw.lock:
            pgconn.consume_input()
            while (notice := pgconn.notifies()) is not None:
                if pgconn.notify_handler:
                    pgconn.notify_handler(notice)

    def get(self, session_key: str, user_pk, now):
        """(session data, user row values) kept for this session and user, still unexpired."""
        entry = self.entries.get(session_key)
        if entry is None or entry[2] != str(user_pk) or entry[1] <= now:
            return None
        return SimpleNamespace(session_data=entry[0]), entry[3]

    def keep(self, session_key: str, row, user_pk, user_values: list, notices: int) -> None:
        if notices != self.notices:
            return  # a change arrived while the row was read: it may predate the change
        if len(self.entries) >= ROWS_MAX:
            self.entries.clear()
        self.entries[session_key] = (row.session_data, row.expire_date, str(user_pk), user_values)

    def forget(self, session_key: str) -> None:
        self.entries.pop(session_key, None)

    def value(self, group: str, outer: str, inner=None):
        """A kept value, or ``MISSING``."""
        return self.values.get(group, {}).get(outer, {}).get(inner, MISSING)

    def keep_value(self, group: str, outer: str, inner, value, notices: int) -> None:
        """Keep ``value`` read while ``notices`` notices had arrived (not if one came since)."""
        if notices != self.notices:
            return
        kept = self.values.setdefault(group, {})
        if len(kept) >= ROWS_MAX:
            kept.clear()
        kept.setdefault(outer, {})[inner] = value


class SqliteKeptRows(KeptRows):
    """SQLite: what one connection read, kept while no connection changed the database."""

    def __init__(self, raw):
        super().__init__(raw)
        self.stamp: tuple | None = None  # (data version, own changes) the kept rows belong to
        self.request = None  # the request in which the data version was last asked for

    def check(self, request) -> None:
        """Forget everything when another connection committed a change since the last request
        asked (once per request) or this connection changed a row (each time)."""
        if request is self.request and self.stamp is not None:
            version = self.stamp[0]
        else:
            version = self.raw.execute("PRAGMA data_version").fetchone()[0]
            self.request = request
        stamp = (version, self.raw.total_changes)
        if stamp != self.stamp:
            self.entries.clear()
            self.values.clear()
            self.notices += 1  # a read begun before is not kept
            self.stamp = stamp

    def keep(self, *args, **kwargs) -> None:
        self.check(self.request)  # an own change between the read and now counts
        super().keep(*args, **kwargs)

    def keep_value(self, *args, **kwargs) -> None:
        self.check(self.request)
        super().keep_value(*args, **kwargs)


# The request the current thread serves (``request_started`` to ``request_finished``): on
# SQLite the data version is asked for once per request, and nothing is kept outside one.
_serving = threading.local()


def _request_started(**kwargs) -> None:
    _serving.request = object()


def _request_finished(**kwargs) -> None:
    _serving.request = None


def connect() -> None:
    """From ``CoreConfig.ready()``."""
    from django.core.signals import request_finished, request_started

    uid = "verbund.core.session_cache"
    request_started.connect(_request_started, dispatch_uid=f"{uid}.started")
    request_finished.connect(_request_finished, dispatch_uid=f"{uid}.finished")


def _sqlite_kept_rows(connection) -> SqliteKeptRows | None:
    request = getattr(_serving, "request", None)
    if request is None:
        return None
    import sqlite3

    from django.db import Error as DatabaseError

    connection.ensure_connection()
    raw = connection.connection
    kept = getattr(connection, "_kept_frame_rows", None)
    try:
        if kept is None or kept.raw is not raw:
            kept = SqliteKeptRows(raw)
            connection._kept_frame_rows = kept
        kept.check(request)
    except (sqlite3.Error, DatabaseError):
        connection._kept_frame_rows = None
        return None
    return kept


def enabled() -> bool:
    return getattr(settings, "DB_LISTEN", True) and getattr(
        settings, "DB_PREPARED_STATEMENTS", True
    )


def kept_rows(connection) -> KeptRows | None:
    """The connection's kept rows with every notice that arrived handled; None where nothing
    may be kept (turned off, inside a transaction, a broken connection, another database;
    on SQLite also outside a request)."""
    if not enabled() or connection.in_atomic_block:
        return None
    if connection.vendor == "sqlite":
        return _sqlite_kept_rows(connection)
    if connection.vendor != "postgresql":
        return None
    import psycopg
    from django.db import Error as DatabaseError

    connection.ensure_connection()
    raw = connection.connection
    kept = getattr(connection, "_kept_frame_rows", None)
    try:
        if kept is None or kept.raw is not raw:
            kept = KeptRows(raw)
            raw.add_notify_handler(kept.on_notice)
            with connection.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")
            connection._kept_frame_rows = kept
        kept.read_notices()
    except (psycopg.Error, DatabaseError):
        connection._kept_frame_rows = None
        return None
    return kept


def kept_or_read(connection, group: str, outer: str, inner, read: Callable[[], Any]):
    """The value kept under (``group``, ``outer``, ``inner``) on ``connection``, or ``read()``,
    kept when no notice arrived meanwhile; always ``read()`` where nothing may be kept."""
    kept = kept_rows(connection)
    if kept is None:
        return read()
    found = kept.value(group, outer, inner)
    if found is not MISSING:
        return found
    notices = kept.notices
    value = read()
    kept.keep_value(group, outer, inner, value, notices)
    return value


def forget(connection, session_key: str | None) -> None:
    """This process changed or deleted the session: its kept row goes at once."""
    kept = getattr(connection, "_kept_frame_rows", None)
    if kept is not None and session_key:
        kept.forget(session_key)
