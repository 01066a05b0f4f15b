"""Login throttling, session lifetimes, logout invalidation and password hashing."""

import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.test import override_settings
from django.urls import reverse

from verbund.accounts.middleware import SESSION_STARTED_KEY
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_login_with_right_password_redirects_and_is_audited(client, tenant):
    user = tenant.users[Role.COORDINATOR]
    response = login(client, user.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert AuditEntry.unscoped.filter(action="accounts.login.succeeded", actor=user).exists()


def test_wrong_password_shows_german_message_and_is_audited(client, tenant):
    user = tenant.users[Role.STAFF]
    response = login(client, user.username, "falsch")
    assert response.status_code == 200
    assert "Benutzername oder Passwort ist falsch" in response.content.decode()
    entry = AuditEntry.unscoped.get(action="accounts.login.failed")
    assert entry.data == {"username": user.username}
    assert "falsch" not in str(entry.data)


def test_sixth_failed_login_in_a_row_is_blocked_even_with_right_password(client, tenant):
    user = tenant.users[Role.PLANNER]
    for _ in range(4):
        assert login(client, user.username, "falsch").status_code == 200
    # The fifth failure locks the account and says so.
    assert login(client, user.username, "falsch").status_code == 429
    blocked = login(client, user.username, TEST_PASSWORD)
    assert blocked.status_code == 429
    assert "vorübergehend gesperrt" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.unscoped.filter(action="accounts.login.locked_out").exists()


def test_five_failures_then_success_still_works(client, tenant):
    user = tenant.users[Role.PLANNER]
    for _ in range(4):
        login(client, user.username, "falsch")
    assert login(client, user.username, TEST_PASSWORD).status_code == 302


def test_logout_invalidates_the_session_on_the_server(client, tenant):
    user = tenant.users[Role.COORDINATOR]
    login(client, user.username, TEST_PASSWORD)
    old_session = client.cookies[settings.SESSION_COOKIE_NAME].value
    home = reverse("tenancy:home", args=[tenant.municipality.slug])
    assert client.get(home).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    # Replaying the old cookie does not bring the session back.
    client.cookies[settings.SESSION_COOKIE_NAME] = old_session
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert AuditEntry.unscoped.filter(action="accounts.logout", actor=user).exists()


def test_logout_by_get_is_refused(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    assert client.get(reverse("accounts:logout")).status_code == 405


def test_absolute_session_timeout_logs_out_however_active(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    home = reverse("tenancy:home", args=[tenant.municipality.slug])
    assert client.get(home).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(home)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get(home).status_code == 302
    assert AuditEntry.unscoped.filter(action="accounts.session.expired").exists()


def test_idle_timeout_slides_without_a_write_per_request():
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    # Renewed by SessionLifetimeMiddleware (test_session_renewal.py), not on every request.
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert 0 < settings.SESSION_REFRESH_FRACTION <= 0.25


@override_settings(SESSION_COOKIE_AGE=1)
def test_idle_session_expires(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    home = reverse("tenancy:home", args=[tenant.municipality.slug])
    assert client.get(home).status_code == 200
    time.sleep(1.1)
    response = client.get(home)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_passwords_are_hashed_with_argon2_outside_tests():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        encoded = get_hasher().encode("ein-langes-Passwort", get_hasher().salt())
        assert identify_hasher(encoded).algorithm == "argon2"


def test_password_validators_reject_short_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("kurz")


def test_login_page_renders_in_german(client):
    body = client.get(LOGIN).content.decode()
    assert 'lang="de"' in body and "Anmelden" in body and "Passwort" in body
