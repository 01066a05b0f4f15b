""" "Mein Konto": one's own name, e-mail address (confirmed by a link to the new address) and
links that higher apps add (e.g. the notification settings of the dashboard), without
accounts importing them (``register_profile_link`` from their ``AppConfig.ready()``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from verbund.core.audit import log_action, save_changes
from verbund.core.permissions import Permission

from .models import User

EMAIL_CHANGE_SALT = "verbund.accounts.email-change"
EMAIL_CHANGE_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class ProfileLink:
    label: object
    url_name: str  # takes only municipality_slug
    permission: Permission
    description: object = ""


_links: list[ProfileLink] = []


def register_profile_link(label, url_name: str, permission: Permission, description="") -> None:
    if any(link.url_name == url_name for link in _links):
        return
    _links.append(ProfileLink(label, url_name, permission, description))


def profile_links(*, user, municipality) -> list[dict]:
    """The registered links the user may open, in their (first) municipality."""
    if municipality is None:
        return []
    from .access import access_for

    access = access_for(user, municipality)
    return [
        {
            "label": link.label,
            "description": link.description,
            "url": reverse(link.url_name, args=[municipality.slug]),
        }
        for link in _links
        if access.can(link.permission)
    ]


@transaction.atomic
def profile_update(*, actor: User, data: dict) -> User:
    return save_changes(
        actor,
        fields=["first_name", "last_name"],
        data=data,
        action="accounts.profile.updated",
        actor=actor,
    )


def _email_token(user: User, new_email: str) -> str:
    # The current address is part of the token: after any change, older links are void.
    return signing.dumps(
        {"u": user.pk, "e": new_email, "o": user.email}, salt=EMAIL_CHANGE_SALT, compress=True
    )


def email_change_request(*, actor: User, new_email: str, base_url: str) -> None:
    """Mail a confirmation link to the new address and a note to the old one; nothing
    changes until the link is opened."""
    token = _email_token(actor, new_email)
    link = base_url + reverse("accounts:email_confirm", args=[token])
    context = {
        "user": actor,
        "link": link,
        "new_email": new_email,
        "hours": EMAIL_CHANGE_MAX_AGE // 3600,
    }
    log_action("accounts.email.change_requested", actor=actor, instance=actor)

    def send():
        send_mail(
            render_to_string("accounts/email_change_subject.txt", context).strip(),
            render_to_string("accounts/email_change_mail.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [new_email],
            fail_silently=True,
        )
        if actor.email:
            send_mail(
                render_to_string("accounts/email_change_subject.txt", context).strip(),
                render_to_string("accounts/email_change_notice.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [actor.email],
                fail_silently=True,
            )

    transaction.on_commit(send)


class InvalidEmailLink(Exception):
    """The confirmation link is forged, expired, for someone else or already used."""


@transaction.atomic
def email_change_confirm(*, actor: User, token: str) -> User:
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature as exc:
        raise InvalidEmailLink from exc
    if data.get("u") != actor.pk or data.get("o") != actor.email:
        raise InvalidEmailLink
    return save_changes(
        actor,
        fields=["email"],
        data={"email": data["e"]},
        action="accounts.email.changed",
        actor=actor,
    )
