"""PostgreSQL: a web process keeps a signed-in session's rows until the database announces a
change, and every change made anywhere ends or refreshes them before the next request."""

import datetime
import select
import time

import psycopg
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from verbund.accounts.tests.factories import UserFactory
from verbund.core import session_cache, sessions

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

TRIVIAL = "/gesund/"


def current_user(client):
    return client.get(TRIVIAL).wsgi_request.user


def signed_in_and_kept(client, **kwargs):
    user = UserFactory(**kwargs)
    client.force_login(user)
    assert current_user(client) == user  # read from the database, kept
    assert client.session.session_key in connection._kept_frame_rows.entries
    return user


def queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert current_user(client).is_authenticated
    return len(ctx.captured_queries)


class OtherProcess:
    """A second connection to the test database, as another web process or a command has."""

    def __enter__(self):
        self.conn = psycopg.connect(**connection.get_connection_params(), autocommit=True)
        return self

    def __exit__(self, *exc):
        self.conn.close()

    def run(self, sql: str, params=()) -> None:
        self.conn.execute(sql, params)
        # The notice travels to this process's socket; the next request reads it there.
        raw = connection.connection
        assert select.select([raw.pgconn.socket], [], [], 5)[0], "no notice arrived"


def test_a_kept_session_costs_no_query(client):
    user = signed_in_and_kept(client)
    with CaptureQueriesContext(connection) as ctx:
        request = client.get(TRIVIAL).wsgi_request
        assert request.user == user
        assert request.user is not current_user(client)  # a fresh instance per request
    assert ctx.captured_queries == []


def test_a_logout_in_another_process_ends_the_session_here(client):
    signed_in_and_kept(client)
    with OtherProcess() as other:
        other.run("DELETE FROM django_session")
    assert not current_user(client).is_authenticated


def test_a_deactivation_elsewhere_signs_the_user_out(client):
    user = signed_in_and_kept(client)
    with OtherProcess() as other:
        other.run("UPDATE accounts_user SET is_active = false WHERE id = %s", [user.pk])
    assert not current_user(client).is_authenticated


def test_a_password_changed_elsewhere_ends_the_session(client):
    user = signed_in_and_kept(client)
    user.set_password("Ein-ganz-neues-Passwort-2026")
    with OtherProcess() as other:
        other.run("UPDATE accounts_user SET password = %s WHERE id = %s", [user.password, user.pk])
    assert not current_user(client).is_authenticated


def test_a_name_changed_in_this_process_is_read_at_once(client):
    user = signed_in_and_kept(client, first_name="Erika")
    type(user).objects.filter(pk=user.pk).update(first_name="Erna")
    assert current_user(client).first_name == "Erna"


def test_session_data_changed_elsewhere_is_read_anew(client):
    signed_in_and_kept(client)
    key = client.session.session_key
    store = sessions.SessionStore(session_key=key)
    data = store.load()
    data["verbund_note"] = "geändert"
    with OtherProcess() as other:
        other.run(
            "UPDATE django_session SET session_data = %s WHERE session_key = %s",
            [store.encode(data), key],
        )
    assert client.get(TRIVIAL).wsgi_request.session["verbund_note"] == "geändert"


def test_emptying_the_session_table_forgets_every_kept_session(client):
    signed_in_and_kept(client)
    with OtherProcess() as other:
        other.run("TRUNCATE django_session")
    assert not current_user(client).is_authenticated


def test_a_kept_session_expires_on_time(client, monkeypatch):
    signed_in_and_kept(client)
    later = sessions.timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(sessions.timezone, "now", lambda: later)
    assert not current_user(client).is_authenticated


def test_a_new_connection_starts_with_nothing_kept(client):
    signed_in_and_kept(client)
    connection.close()
    assert queries(client) == 2  # LISTEN, then the read
    assert queries(client) == 0


def test_nothing_is_kept_inside_a_transaction(client):
    signed_in_and_kept(client)
    with transaction.atomic():
        assert queries(client) == 1
        assert queries(client) == 1


def test_turned_off_every_request_reads_the_database(client, settings):
    signed_in_and_kept(client)
    settings.DB_LISTEN = False
    assert queries(client) == 1
    assert queries(client) == 1


def test_a_read_overtaken_by_a_notice_is_not_kept():
    kept = session_cache.KeptRows(raw=None)
    before = kept.notices
    kept.on_notice(type("Notice", (), {"channel": session_cache.CHANNEL, "payload": "u7"}))
    row = type("Row", (), {"session_data": "x", "expire_date": None})
    kept.keep("abc", row, 7, [], before)
    assert kept.entries == {}
    kept.keep("abc", row, 7, [], kept.notices)
    assert "abc" in kept.entries


def test_the_notice_arrives_without_waiting_for_a_request(client):
    user = signed_in_and_kept(client)
    with OtherProcess() as other:
        started = time.monotonic()
        other.run("UPDATE accounts_user SET is_active = false WHERE id = %s", [user.pk])
        assert time.monotonic() - started < 1
