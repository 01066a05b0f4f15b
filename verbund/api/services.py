"""Writes of the partner API's tokens: create (the token is returned once), revoke, and the
cheap "last used" stamp. The audit log keeps the name, organisation, prefix and expiry, never
the token or its digest."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action

from .models import ApiToken, new_token, token_digest

LOGGED = ["name", "organisation", "expires_on"]
LAST_USED_STEP = timedelta(minutes=5)  # "last used" is written at most this often per token


@transaction.atomic
def api_token_create(*, actor, organisation, name: str, expires_on=None) -> tuple[ApiToken, str]:
    """A new token for ``organisation`` (the caller has checked ``create_api_token`` on it).
    Returns the row and the token in clear, which is shown once and never stored."""
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError(
            {"expires_on": _("Das Ablaufdatum darf nicht in der Vergangenheit liegen.")}
        )
    token, prefix = new_token()
    while ApiToken.objects.filter(prefix=prefix).exists():  # pragma: no cover (33^8 prefixes)
        token, prefix = new_token()
    row = create_logged(
        ApiToken,
        values={
            "municipality": organisation.municipality,
            "organisation": organisation,
            "created_by": actor,
            "prefix": prefix,
            "digest": token_digest(token),
        },
        fields=["name", "expires_on"],
        data={"name": (name or "").strip(), "expires_on": expires_on},
        log_fields=LOGGED,
        extra={"prefix": prefix},
        action="api.token.create",
        actor=actor,
    )
    return row, token


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Stops the token at once (the row stays for the record)."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    log_action(
        "api.token.revoke",
        actor=actor,
        instance=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.isoformat(), "prefix": token.prefix},
    )
    return token
