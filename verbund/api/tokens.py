"""Authentication and rate limit of the partner API (``Authorization: Bearer vbd_…``).

The token is looked up by its prefix and compared by digest in constant time; it is never
logged. A token is refused (401, German message) when it is missing, malformed, unknown,
revoked or expired, or when the person who created it is no longer a partner of the
organisation. Each token may make ``TOKEN_RATE.limit`` requests per ``TOKEN_RATE.window``
seconds (fixed window in the Django cache); above that: 429 with ``Retry-After``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from .models import ApiToken, split_token
from .services import LAST_USED_STEP


class TokenRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


MISSING = (
    "Für diese Schnittstelle brauchen Sie einen API-Zugang. Senden Sie ihn im Kopf "
    "„Authorization: Bearer <Zugang>“. Einen Zugang legt die Partnerorganisation in Verbund "
    "unter „API-Zugänge“ an."
)
UNKNOWN = "Dieser API-Zugang ist unbekannt. Bitte prüfen Sie, ob er vollständig kopiert wurde."
REVOKED = "Dieser API-Zugang wurde widerrufen. Bitte legen Sie einen neuen an."
EXPIRED = "Dieser API-Zugang ist abgelaufen. Bitte legen Sie einen neuen an."
ORPHANED = (
    "Dieser API-Zugang gilt nicht mehr: Die Person, die ihn angelegt hat, gehört nicht mehr "
    "als Partner zur Organisation. Bitte legen Sie einen neuen an."
)


@dataclass(frozen=True)
class TokenRate:
    limit: int
    window: int  # seconds

    def hit(self, token: ApiToken) -> int | None:
        """Count one request; the seconds to wait when the token is over its limit."""
        now = time.time()
        bucket = int(now // self.window)
        key = f"api-token-rate:{token.pk}:{bucket}"
        cache.add(key, 0, timeout=self.window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window + 1)
            count = 1
        if count <= self.limit:
            return None
        return max(1, int((bucket + 1) * self.window - now) + 1)


TOKEN_RATE = TokenRate(limit=120, window=60)  # per token: 120 requests a minute


def find_token(raw: str) -> ApiToken:
    prefix = split_token(raw)
    if prefix is None:
        raise TokenRefused(UNKNOWN)
    with scopes_disabled():
        token = (
            ApiToken.objects.select_related(
                "organisation", "organisation__facility", "created_by", "municipality"
            )
            .filter(prefix=prefix)
            .first()
        )
    if token is None or not token.matches(raw):
        raise TokenRefused(UNKNOWN)
    if token.revoked_at is not None:
        raise TokenRefused(REVOKED)
    if token.is_expired:
        raise TokenRefused(EXPIRED)
    return token


class PartnerToken(HttpBearer):
    """``Authorization: Bearer vbd_…`` (never logged, not even with DEBUG on)."""

    def __call__(self, request: HttpRequest):
        value = request.headers.get(self.header) or ""
        scheme, _space, raw = value.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise TokenRefused(MISSING)
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        return find_token(token)


class PerToken(BaseThrottle):
    """The per-token fixed window; the auth has run before (``request.auth``)."""

    _local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return True
        self._local.wait = TOKEN_RATE.hit(token)
        if self._local.wait is None:
            stamp_last_used(token)
            return True
        return False

    def wait(self) -> int:
        return getattr(self._local, "wait", None) or TOKEN_RATE.window


def stamp_last_used(token: ApiToken) -> None:
    """Stamp "last used" (one UPDATE at most every ``LAST_USED_STEP``; not audited: it is
    bookkeeping, not a change anyone made)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_STEP:
        return
    with scope(municipality=token.municipality_id):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
