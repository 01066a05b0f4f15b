"""Personal calendar addresses: a token in the URL stands in for the login a calendar app
cannot do. Only the SHA-256 digest is stored; the token is shown once, when it is created."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel

TOKEN_BYTES = 32  # 43 URL-safe characters


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class FeedToken(TenantModel):
    """One personal calendar address of a user in one municipality. The feed shows what the
    user may see at the time it is fetched; a revoked token answers 404 at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feed_tokens",
        verbose_name=_("Person"),
    )
    label = models.CharField(
        _("Bezeichnung"),
        max_length=100,
        help_text=_("Woran Sie die Adresse wiedererkennen, z. B. „Diensthandy“ oder „Outlook“."),
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("persönliche Kalenderadresse")
        verbose_name_plural = _("persönliche Kalenderadressen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "user"])]

    def __str__(self) -> str:
        return self.label

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
