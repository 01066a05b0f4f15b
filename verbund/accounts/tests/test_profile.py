"""Mein Konto: name, e-mail address by confirmation link, notification link, audit."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
NAME = reverse("accounts:name_update")
EMAIL = reverse("accounts:email_change")


def test_profile_needs_login(client):
    assert client.get(PROFILE)["Location"].startswith(reverse("accounts:login"))
    assert client.get(NAME)["Location"].startswith(reverse("accounts:login"))


def test_profile_links_to_every_setting(client, tenant, django_assert_max_num_queries):
    client.force_login(tenant.users[Role.STAFF])
    with django_assert_max_num_queries(12):
        body = client.get(PROFILE).content.decode()
    for url in (
        NAME,
        EMAIL,
        reverse("accounts:password_change"),
        reverse("dashboard:notification_settings", args=[tenant.municipality.slug]),
    ):
        assert f'href="{url}"' in body
    assert tenant.municipality.name in body


def test_name_change_is_saved_and_audited(client, tenant):
    user = tenant.users[Role.COORDINATOR]
    client.force_login(user)
    form = client.get(NAME).content.decode()
    assert 'name="edit_version"' in form
    version = re.search(r'name="edit_version" value="([^"]*)"', form).group(1)
    response = client.post(
        NAME, {"first_name": "Aylin", "last_name": "Demir", "edit_version": version}
    )
    assert response["Location"] == PROFILE
    user.refresh_from_db()
    assert user.get_full_name() == "Aylin Demir"
    entry = AuditEntry.unscoped.get(action="accounts.profile.updated", actor=user)
    assert entry.after == {"first_name": "Aylin", "last_name": "Demir"}


def test_empty_name_gets_german_messages(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    response = client.post(NAME, {"first_name": "", "last_name": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Geben Sie Ihren Vornamen ein." in body
    assert "Geben Sie Ihren Nachnamen ein." in body


def confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/konto/e-mail/bestaetigen/[^\s]+/)", message.body).group(1)


def test_email_change_needs_password_and_confirmation_by_the_new_address(
    client, tenant, django_capture_on_commit_callbacks
):
    user = tenant.users[Role.PLANNER]
    old = user.email
    client.force_login(user)
    wrong = client.post(EMAIL, {"email": "neu@example.org", "password": "falsch"})
    assert wrong.status_code == 400
    assert "Das Passwort stimmt nicht." in wrong.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EMAIL, {"email": "neu@example.org", "password": TEST_PASSWORD})
    assert response["Location"] == PROFILE
    user.refresh_from_db()
    assert user.email == old  # not before the link is opened
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["neu@example.org", old])
    to_new = next(m for m in mail.outbox if m.to == ["neu@example.org"])
    link = confirm_link(to_new)

    # Someone else's session cannot use the link.
    other = client.__class__()
    other.force_login(tenant.users[Role.STAFF])
    assert "Dieser Link gilt nicht mehr" in other.get(link).content.decode()

    assert client.get(link)["Location"] == PROFILE
    user.refresh_from_db()
    assert user.email == "neu@example.org"
    entry = AuditEntry.unscoped.get(action="accounts.email.changed", actor=user)
    assert entry.before == {"email": old} and entry.after == {"email": "neu@example.org"}
    # Used once: the link now names an outdated address.
    assert "Dieser Link gilt nicht mehr" in client.get(link).content.decode()


def test_forged_confirmation_link(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    url = reverse("accounts:email_confirm", args=["abc-123"])
    assert "Dieser Link gilt nicht mehr" in client.get(url).content.decode()


@override_settings(VERBUND_PASSWORD_RESET_LIMIT=2)
def test_password_guessing_on_the_email_form_is_limited(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    for _ in range(2):
        assert client.post(EMAIL, {"email": "a@example.org", "password": "x"}).status_code == 400
    blocked = client.post(EMAIL, {"email": "a@example.org", "password": TEST_PASSWORD})
    assert blocked.status_code == 429
    assert "zu oft versucht" in blocked.content.decode()
