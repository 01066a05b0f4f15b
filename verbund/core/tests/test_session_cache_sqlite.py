"""SQLite: a web process keeps what every page reads (session, user, memberships, unread count,
cache versions) while no connection changed the database, and every change made anywhere
counts on the next request (issue 17)."""

import datetime
import sqlite3

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verbund.accounts.tests.factories import UserFactory
from verbund.core import cache_versions, session_cache, sessions
from verbund.core.roles import Role

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PRAGMA data_version: SQLite"),
    pytest.mark.django_db(transaction=True),
]

TRIVIAL = "/gesund/"


def current_user(client):
    return client.get(TRIVIAL).wsgi_request.user


def queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert current_user(client).is_authenticated
    return len(ctx.captured_queries)


def signed_in_and_kept(client, **kwargs):
    user = UserFactory(**kwargs)
    client.force_login(user)
    assert current_user(client) == user  # read from the database, kept
    assert queries(client) == 0
    return user


class OtherProcess:
    """A second connection to the test database file, as another web process or the task
    worker has."""

    def __enter__(self):
        self.conn = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        return self

    def __exit__(self, *exc):
        self.conn.close()

    def run(self, sql: str, params=()) -> None:
        self.conn.execute(sql, params)


def test_a_logout_in_another_process_ends_the_session_here(client):
    signed_in_and_kept(client)
    with OtherProcess() as other:
        other.run("DELETE FROM django_session")
    assert not current_user(client).is_authenticated


def test_a_deactivation_or_new_password_elsewhere_signs_the_user_out(client):
    user = signed_in_and_kept(client)
    with OtherProcess() as other:
        other.run("UPDATE accounts_user SET is_active = 0 WHERE id = ?", [user.pk])
    assert not current_user(client).is_authenticated
    other_user = signed_in_and_kept(client)
    other_user.set_password("Ein-ganz-neues-Passwort-2026")
    with OtherProcess() as other:
        other.run(
            "UPDATE accounts_user SET password = ? WHERE id = ?",
            [other_user.password, other_user.pk],
        )
    assert not current_user(client).is_authenticated


def test_a_change_made_on_this_connection_is_read_at_once(client):
    user = signed_in_and_kept(client, first_name="Erika")
    type(user).objects.filter(pk=user.pk).update(first_name="Erna")  # this thread's connection
    assert current_user(client).first_name == "Erna"


def test_session_data_changed_elsewhere_is_read_anew(client):
    signed_in_and_kept(client)
    key = client.session.session_key
    store = sessions.SessionStore(session_key=key)
    data = store.load()
    data["verbund_note"] = "geändert"
    with OtherProcess() as other:
        other.run(
            "UPDATE django_session SET session_data = ? WHERE session_key = ?",
            [store.encode(data), key],
        )
    assert client.get(TRIVIAL).wsgi_request.session["verbund_note"] == "geändert"


def test_a_kept_session_expires_on_time(client, monkeypatch):
    signed_in_and_kept(client)
    later = sessions.timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(sessions.timezone, "now", lambda: later)
    assert not current_user(client).is_authenticated


def test_nothing_is_kept_inside_a_transaction_outside_a_request_or_when_turned_off(
    client, settings
):
    signed_in_and_kept(client)
    with transaction.atomic():
        assert queries(client) == 1
        assert queries(client) == 1
    assert session_cache.kept_rows(connection) is None  # no request: the task worker's case
    settings.DB_LISTEN = False
    assert queries(client) == 1
    assert queries(client) == 1


def test_memberships_and_versions_changed_elsewhere_count_on_the_next_request(client, tenant):
    user = tenant.users[Role.PLANNER]
    client.force_login(user)
    centres = reverse("tenancy:centre_list", args=[tenant.municipality.slug])
    assert client.get(centres).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(centres).status_code == 200
    assert ctx.captured_queries == []  # session, frame, unread count and versions kept

    key = f"tenancy:{tenant.municipality.pk}"
    before = cache_versions.current(key)
    with OtherProcess() as other:
        other.run("UPDATE core_cacheversion SET value = value + 1 WHERE key = ?", [key])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(centres).status_code == 200
        assert ctx.captured_queries  # everything read anew
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(centres).status_code == 200
        assert ctx.captured_queries == []
        other.run("DELETE FROM accounts_membership WHERE user_id = ?", [user.pk])
    assert cache_versions.current(key) == before + 1
    assert client.get(centres).status_code == 404  # no membership left
