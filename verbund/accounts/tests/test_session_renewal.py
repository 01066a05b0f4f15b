"""The idle timeout slides, but the session is written only when its expiry is renewed."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from verbund.accounts.middleware import SESSION_RENEWED_KEY
from verbund.core.roles import Role

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_requests_right_after_login_do_not_write_the_session(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    home = reverse("tenancy:home", args=[tenant.municipality.slug])
    before = expiry(client)
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(home).status_code == 200
        assert session_writes(ctx.captured_queries) == []
    assert expiry(client) == before


def test_expiry_is_renewed_once_the_fraction_has_passed(client, tenant, settings):
    client.force_login(tenant.users[Role.STAFF])
    home = reverse("tenancy:home", args=[tenant.municipality.slug])
    session = client.session
    session[SESSION_RENEWED_KEY] = time.time() - settings.SESSION_COOKIE_AGE * 0.2
    session.save()
    before = expiry(client)
    time.sleep(0.01)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(home).status_code == 200
    assert len(session_writes(ctx.captured_queries)) == 1
    assert expiry(client) > before
    # Just renewed: the next request writes nothing.
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(home).status_code == 200
    assert session_writes(ctx.captured_queries) == []


@override_settings(SESSION_COOKIE_AGE=2, SESSION_REFRESH_FRACTION=0.25)
def test_an_active_session_outlives_the_idle_timeout(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    home = reverse("tenancy:home", args=[tenant.municipality.slug])
    started = time.monotonic()
    while time.monotonic() - started < 3:  # longer than the idle timeout, never idle long
        assert client.get(home).status_code == 200
        time.sleep(0.3)
    time.sleep(2.1)  # now idle for longer than the timeout
    response = client.get(home)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
