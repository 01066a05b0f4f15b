"""The per-request frame of a signed-in request: its session and its user in one SQL statement.

Django's database session store and ``ModelBackend`` build two ORM queries for every signed-in
request (``Session.objects.get(session_key=…, expire_date__gt=now)`` and
``User.objects.get(pk=…)``). Compiling them cost more than running them, and on PostgreSQL
every round trip to the server counts under load: a signed-in trivial request was about four
times as expensive as an anonymous one. Here both are read by SQL built once per process, and
from a session's second request on in one statement (the session row joined with the user row
of the id the session held last time; the decoded session must still name that id, otherwise
the user is read on its own).

On SQLite nothing about the user or the session is kept between requests. On PostgreSQL a
process keeps the rows it read until the database announces that they changed
(``core.session_cache``, LISTEN/NOTIFY), and a request then costs no query at all. Besides,
each process remembers which user id a session key belonged to (a hint, checked against the
signed session data on every request) and what an encoded session text decodes to (a pure
function of the text and the secret keys). A logout, an expired session, a deactivation or a
password change takes effect on the next request in every process.

Settings: ``SESSION_STORE=db`` maps to this module's :class:`SessionStore` and
``AUTHENTICATION_BACKENDS`` names its :class:`ModelBackend`.
"""

from __future__ import annotations

import threading
from datetime import UTC
from functools import cache
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import session_cache
from .frame_sql import ModelColumns, frame_cursor

HINTS_MAX = 10_000  # session key -> user id, per process; cleared when full
_user_of_session: dict[str, object] = {}
DECODED_MAX = 2_000  # encoded session data -> its decoded values, per process; cleared when full
_decoded: dict[str, dict] = {}
_decoded_keys: tuple = ()  # the secret keys the decoded data was verified with
_SCALARS = (str, int, float, bool, type(None))
_prefetched = threading.local()  # the user row read with this thread's last session


class _SessionData:
    """The session's encoded data and expiry (for ``session_cache``)."""

    attnames = ("session_data", "expire_date")

    def __init__(self, quote):
        self.sql = f"s.{quote('session_data')}, s.{quote('expire_date')}"

    def build(self, values: list, db: str, connection):
        expire_date = values[1]
        if isinstance(expire_date, str):
            expire_date = parse_datetime(expire_date)
        if expire_date is not None and timezone.is_naive(expire_date):
            expire_date = expire_date.replace(tzinfo=UTC)  # SQLite keeps UTC without a zone
        return SimpleNamespace(session_data=values[0], expire_date=expire_date)


class _Reader:
    """One SELECT of a session (and/or a user) row; the SQL is built once per database."""

    def __init__(self, db: str, *, session: bool, user: bool):
        from django.contrib.sessions.models import Session

        connection = connections[db]
        quote = connection.ops.quote_name
        user_model = get_user_model()
        self.db = db
        self.parts = []
        where = []
        tables = []
        if session:
            self.parts.append(_SessionData(quote))
            tables.append(f"{quote(Session._meta.db_table)} s")
            where.append(f"s.{quote('session_key')} = %s AND s.{quote('expire_date')} > %s")
        if user:
            self.parts.append(ModelColumns(user_model, connection, "u"))
            pk = f"u.{quote(user_model._meta.pk.column)} = %s"
            if session:
                tables[0] += f" LEFT JOIN {quote(user_model._meta.db_table)} u ON {pk}"
            else:
                tables.append(f"{quote(user_model._meta.db_table)} u")
                where.append(pk)
        columns = ", ".join(part.sql for part in self.parts)
        # Only quoted names from the models' metadata go into the text; values are parameters.
        self.sql = f"SELECT {columns} FROM {tables[0]}"  # noqa: S608
        if where:
            self.sql += " WHERE " + " AND ".join(where)

    def one(self, params: list) -> list | None:
        connection = connections[self.db]
        with frame_cursor(connection) as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        found, start = [], 0
        for part in self.parts:
            end = start + len(part.attnames)
            found.append(part.build(list(row[start:end]), self.db, connection))
            start = end
        return found


@cache
def _reader(db: str, session: bool, user: bool) -> _Reader:
    return _Reader(db, session=session, user=user)


def _user_columns(db: str) -> ModelColumns:
    return _reader(db, False, True).parts[0]


@cache
def _user_pk_field():
    return get_user_model()._meta.pk


def _user_pk(value):
    try:
        return _user_pk_field().to_python(value)
    except ValidationError:
        return None


class SessionStore(DbSessionStore):
    """Django's database session store; a session (with its user) is read by one statement."""

    def _get_session_from_db(self):
        _prefetched.user = None
        db = router.db_for_read(self.model)
        connection = connections[db]
        now = timezone.now()
        user_pk = _user_of_session.get(self.session_key)
        kept = session_cache.kept_rows(connection) if user_pk is not None else None
        if kept is not None:
            found = kept.get(self.session_key, user_pk, now)
            if found is not None:
                session, user_values = found
                columns = _user_columns(db)
                user = columns.model.from_db(db, columns.attnames, list(user_values))
                _prefetched.user = (user_pk, user)
                return session
            notices = kept.notices
        now = connection.ops.adapt_datetimefield_value(now)
        if user_pk is None:
            found = _reader(db, True, False).one([self.session_key, now])
        else:
            found = _reader(db, True, True).one([user_pk, self.session_key, now])
        if found is None:
            self._session_key = None
            return None
        if user_pk is not None:
            user = found[1]
            _prefetched.user = (user_pk, user)
            if kept is not None and user is not None:
                values = [getattr(user, name) for name in _user_columns(db).attnames]
                kept.keep(self.session_key, found[0], user_pk, values, notices)
        return found[0]

    def save(self, must_create=False):
        session_cache.forget(connections[router.db_for_write(self.model)], self.session_key)
        super().save(must_create=must_create)
        # Signing in saves the session: the first request after it is read in one statement too.
        self._remember_user(self._session)

    def delete(self, session_key=None):
        key = session_key or self.session_key
        session_cache.forget(connections[router.db_for_write(self.model)], key)
        super().delete(session_key)

    def decode(self, session_data):
        """Django's decoding (signature check, decompression, JSON), done once per process for
        each encoded text: a session is read on every request but changes rarely, and the check
        cost more than the rest of the read. Only the decoding is remembered, never whether a
        session exists: the row is read every time. Data with lists or dicts inside is decoded
        anew each time, so nobody's change to a nested value can reach another request."""
        global _decoded_keys
        keys = (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
        if keys != _decoded_keys:
            _decoded.clear()
            _decoded_keys = keys
        known = _decoded.get(session_data)
        if known is not None:
            return dict(known)
        data = super().decode(session_data)
        if data and all(isinstance(value, _SCALARS) for value in data.values()):
            if len(_decoded) >= DECODED_MAX:
                _decoded.clear()
            _decoded[session_data] = dict(data)
        return data

    def load(self):
        data = super().load()
        self._remember_user(data)
        return data

    def _remember_user(self, data) -> None:
        user_pk = _user_pk(data.get(SESSION_KEY)) if data else None
        if user_pk is not None and self.session_key:
            if len(_user_of_session) >= HINTS_MAX:
                _user_of_session.clear()
            _user_of_session[self.session_key] = user_pk


class ModelBackend(DjangoModelBackend):
    """Django's ``ModelBackend``; the signed-in user usually arrives with the session's row."""

    def get_user(self, user_id):
        pk = _user_pk(user_id)
        if pk is None:
            return None
        prefetched = getattr(_prefetched, "user", None)
        _prefetched.user = None
        if prefetched is not None and prefetched[0] == pk:
            user = prefetched[1]
        else:
            found = _reader(router.db_for_read(get_user_model()), False, True).one([pk])
            user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
