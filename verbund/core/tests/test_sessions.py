"""The signed-in frame reads session and user in one statement, and caches nothing that would
outlive a logout, a deactivation or a password change."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from verbund.accounts.tests.factories import UserFactory
from verbund.core import sessions

pytestmark = pytest.mark.django_db

TRIVIAL = "/gesund/"


def signed_in(client, **kwargs):
    user = UserFactory(**kwargs)
    client.force_login(user)
    assert client.get(TRIVIAL).wsgi_request.user == user  # first request: learns the user id
    return user


def current_user(client):
    return client.get(TRIVIAL).wsgi_request.user


def test_a_signed_in_request_costs_one_query(client):
    user = signed_in(client)
    with CaptureQueriesContext(connection) as ctx:
        request = client.get(TRIVIAL).wsgi_request
        assert request.user == user
        assert request.user.is_authenticated
    assert len(ctx.captured_queries) == 1
    assert "django_session" in ctx.captured_queries[0]["sql"]
    assert "accounts_user" in ctx.captured_queries[0]["sql"]


def test_the_user_row_is_fresh_on_every_request(client):
    user = signed_in(client, first_name="Erika")
    type(user).objects.filter(pk=user.pk).update(first_name="Erna")
    assert current_user(client).first_name == "Erna"


def test_a_session_deleted_elsewhere_ends_at_once(client):
    signed_in(client)
    Session.objects.all().delete()  # e.g. a logout served by another process
    assert not current_user(client).is_authenticated


def test_a_deactivated_user_is_signed_out(client):
    user = signed_in(client)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert not current_user(client).is_authenticated


def test_a_changed_password_ends_other_sessions(client):
    user = signed_in(client)
    user.set_password("Ein-ganz-neues-Passwort-2026")
    type(user).objects.filter(pk=user.pk).update(password=user.password)
    assert not current_user(client).is_authenticated


def test_a_wrong_hint_reads_the_right_user(client):
    user = signed_in(client)
    other = UserFactory()
    sessions._user_of_session[client.session.session_key] = other.pk
    assert current_user(client) == user


def test_an_expired_session_is_not_read(client):
    signed_in(client)
    Session.objects.update(expire_date="2000-01-01T00:00:00Z")
    assert not current_user(client).is_authenticated


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_on_postgresql_only_the_session_read_is_prepared(client):
    signed_in(client)
    for _ in range(3):
        assert current_user(client).is_authenticated
    Session.objects.filter(session_key="nichts").exists()  # an ORM query: never prepared
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert prepared and all("django_session" in sql for sql in prepared)
    assert not any("nichts" in sql or "LIMIT" in sql for sql in prepared)
    client.logout()
    assert not current_user(client).is_authenticated


def test_decoding_is_remembered_but_never_shared(settings):
    store = sessions.SessionStore()
    encoded = store.encode({"_auth_user_id": "7", "verbund_session_started": 1.5})
    first = store.decode(encoded)
    first["_auth_user_id"] = "8"  # a change to one request's copy
    assert store.decode(encoded) == {"_auth_user_id": "7", "verbund_session_started": 1.5}
    assert encoded in sessions._decoded


def test_nested_session_values_are_decoded_anew_each_time():
    store = sessions.SessionStore()
    encoded = store.encode({"_auth_user_id": "7", "steps": [1, 2]})
    store.decode(encoded)["steps"].append(3)
    assert store.decode(encoded) == {"_auth_user_id": "7", "steps": [1, 2]}
    assert encoded not in sessions._decoded


def test_a_new_secret_key_forgets_what_the_old_one_verified(settings):
    store = sessions.SessionStore()
    encoded = store.encode({"_auth_user_id": "7"})
    assert store.decode(encoded) == {"_auth_user_id": "7"}
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "ein-anderer-geheimer-schluessel-" * 2
    assert store.decode(encoded) == {}  # signed with the old key: refused, as by Django
    settings.SECRET_KEY_FALLBACKS = [old]
    assert store.decode(encoded) == {"_auth_user_id": "7"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_frame_reads_share_one_cursor_per_connection():
    from verbund.core.frame_sql import frame_cursor

    def read():
        with frame_cursor(connection) as cursor:
            cursor.execute("SELECT %s::int", [1])
            assert cursor.fetchone() == (1,)
            return cursor.cursor

    first = read()
    assert first.pgresult is None  # its rows let go on leaving the block
    assert read() is first
    connection.close()
    connection.connect()
    assert read() is not first
