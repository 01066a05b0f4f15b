"""API tokens of partner organisations: their software keeps the organisation's offers in
Verbund (``verbund.api.partner``). Only a SHA-256 digest and a short prefix are stored; the
token is shown once, when it is created. A token acts with the rights its creator has as a
partner of the organisation, at the time of each request."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel

TOKEN_SCHEME = "vbd"  # noqa: S105 (the scheme, not a secret)
PREFIX_LENGTH = 8
SECRET_BYTES = 32  # 43 URL-safe characters


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token ``vbd_<prefix>_<secret>`` and its prefix (lower-case letters and digits,
    so that the prefix names the token in lists without revealing the secret)."""
    alphabet = "abcdefghijkmnopqrstuvwxyz23456789"
    prefix = "".join(secrets.choice(alphabet) for _i in range(PREFIX_LENGTH))
    return f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}", prefix


def split_token(token: str) -> str | None:
    """The prefix of a well-formed token, else None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_SCHEME or len(parts[1]) != PREFIX_LENGTH:
        return None
    if not parts[1].isascii() or not parts[1].isalnum() or not 20 <= len(parts[2]) <= 100:
        return None
    return parts[1]


class ApiToken(AccessControlled, TenantModel):
    """One API access of a partner organisation in one municipality."""

    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("Organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("angelegt von"),
    )
    name = models.CharField(
        _("Bezeichnung"),
        max_length=100,
        help_text=_("Woran Sie den Zugang wiedererkennen, z. B. „Kursverwaltung“."),
    )
    prefix = models.CharField(_("Kennung"), max_length=PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    expires_on = models.DateField(
        _("gültig bis"),
        null=True,
        blank=True,
        help_text=_("Leer lassen, wenn der Zugang gilt, bis Sie ihn widerrufen."),
    )
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True, editable=False)

    access_paths = {"facilities": ("organisation__facility",)}

    class Meta:
        verbose_name = _("API-Zugang")
        verbose_name_plural = _("API-Zugänge")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "organisation"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def matches(self, token: str) -> bool:
        return hmac.compare_digest(self.digest, token_digest(token))

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
