"""Password reset by mail: no user enumeration, rate limit, token flow, lockout lifted."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "Lange-neue-Passphrase-2026"


def request_reset(client, capture, email, **extra):
    with capture(execute=True):
        return client.post(RESET, {"email": email}, **extra)


def link_from(message) -> str:
    match = re.search(r"https?://[^/\s]+(/passwort-neu/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_login_page_offers_the_reset(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Passwort vergessen?" in body
    assert RESET in body


def test_known_and_unknown_address_get_the_same_answer(
    client, tenant, django_capture_on_commit_callbacks
):
    user = tenant.users[Role.STAFF]
    known = request_reset(client, django_capture_on_commit_callbacks, user.email)
    unknown = request_reset(client, django_capture_on_commit_callbacks, "niemand@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    # Exactly one mail, to the known address only.
    assert [m.to for m in mail.outbox] == [[user.email]]
    done = client.get(known["Location"]).content.decode()
    assert "Wenn zu dieser Adresse ein Konto gehört" in done
    assert "24 Stunden" in done


def test_mail_is_german_and_names_the_user(client, tenant, django_capture_on_commit_callbacks):
    user = tenant.users[Role.COORDINATOR]
    request_reset(client, django_capture_on_commit_callbacks, user.email.upper())
    (message,) = mail.outbox
    assert message.subject == "Neues Passwort für Verbund"
    assert f"Ihr Benutzername: {user.username}" in message.body
    assert "gilt 24 Stunden" in message.body
    assert AuditEntry.unscoped.filter(
        action="accounts.password.reset_requested", actor=user
    ).exists()


def test_full_flow_sets_a_validated_password_and_lifts_a_lockout(
    client, tenant, django_capture_on_commit_callbacks
):
    user = tenant.users[Role.PLANNER]
    login = reverse("accounts:login")
    for _ in range(5):
        client.post(login, {"username": user.username, "password": "falsch"})
    assert AccessAttempt.objects.filter(username=user.username).exists()

    request_reset(client, django_capture_on_commit_callbacks, user.email)
    response = client.get(link_from(mail.outbox[0]), follow=True)
    form_url = response.redirect_chain[-1][0]
    assert "Neues Passwort festlegen" in response.content.decode()

    # The project's validators apply: too short and too common is refused in German.
    weak = client.post(form_url, {"new_password1": "abc", "new_password2": "abc"})
    assert weak.status_code == 200
    assert "zu kurz" in weak.content.decode()

    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    assert AuditEntry.unscoped.filter(action="accounts.password.reset", actor=user).exists()
    assert (
        client.post(login, {"username": user.username, "password": NEW_PASSWORD}).status_code == 302
    )


def test_link_works_once_only(client, tenant, django_capture_on_commit_callbacks):
    user = tenant.users[Role.STAFF]
    request_reset(client, django_capture_on_commit_callbacks, user.email)
    link = link_from(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True).content.decode()
    assert "Dieser Link gilt nicht mehr." in again


def test_expired_link_is_refused(client, tenant, django_capture_on_commit_callbacks):
    user = tenant.users[Role.STAFF]
    request_reset(client, django_capture_on_commit_callbacks, user.email)
    link = link_from(mail.outbox[0])
    with override_settings(PASSWORD_RESET_TIMEOUT=-1):
        body = client.get(link, follow=True).content.decode()
    assert "Dieser Link gilt nicht mehr." in body
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_forged_link_is_refused(client):
    url = reverse("accounts:password_reset_confirm", args=["MA", "abc-123"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Dieser Link gilt nicht mehr." in response.content.decode()


@override_settings(VERBUND_PASSWORD_RESET_LIMIT=3)
def test_rate_limit_per_address_says_so_without_revealing_the_account(
    client, tenant, django_capture_on_commit_callbacks
):
    user = tenant.users[Role.STAFF]
    for index in range(3):
        response = request_reset(
            client, django_capture_on_commit_callbacks, user.email, REMOTE_ADDR=f"10.0.0.{index}"
        )
        assert response.status_code == 302
    known = request_reset(
        client, django_capture_on_commit_callbacks, user.email, REMOTE_ADDR="10.0.0.9"
    )
    assert known.status_code == 429
    assert "zu oft ein neues Passwort angefordert" in known.content.decode()
    assert len(mail.outbox) == 3
    # An unknown address behaves exactly alike.
    for index in range(3):
        request_reset(
            client,
            django_capture_on_commit_callbacks,
            "x@example.org",
            REMOTE_ADDR=f"10.1.0.{index}",
        )
    unknown = request_reset(
        client, django_capture_on_commit_callbacks, "x@example.org", REMOTE_ADDR="10.1.0.9"
    )
    assert unknown.status_code == 429
    assert len(mail.outbox) == 3


@override_settings(VERBUND_PASSWORD_RESET_LIMIT=3)
def test_rate_limit_per_client_address(client, tenant, django_capture_on_commit_callbacks):
    for index in range(3):
        response = request_reset(
            client, django_capture_on_commit_callbacks, f"a{index}@example.org"
        )
        assert response.status_code == 302
    user = tenant.users[Role.STAFF]
    blocked = request_reset(client, django_capture_on_commit_callbacks, user.email)
    assert blocked.status_code == 429
    assert mail.outbox == []


def test_bad_address_gets_a_german_message(client):
    response = client.post(RESET, {"email": "kein-at"})
    assert response.status_code == 200
    assert "name@beispiel.de" in response.content.decode()


def test_mail_goes_out_only_after_the_answer(rf, tenant):
    """Writing and sending the mail happens when the server closes the response, so the
    answer for a known address takes no longer than for an unknown one."""
    from verbund.accounts.password_reset import PasswordResetView

    user = tenant.users[Role.STAFF]
    request = rf.post(RESET, {"email": user.email})
    request._dont_enforce_csrf_checks = True
    response = PasswordResetView.as_view()(request)
    assert response.status_code == 302
    assert mail.outbox == []
    assert not AuditEntry.unscoped.filter(action="accounts.password.reset_requested").exists()
    response.close()
    assert [m.to for m in mail.outbox] == [[user.email]]
    response.close()  # closing twice sends nothing more
    assert len(mail.outbox) == 1
