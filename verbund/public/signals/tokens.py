"""Spam protection for public forms without a cookie and without a third-party captcha.

The page renders a signed token (the time of rendering and the municipality); the POST is
refused when the token is forged, belongs to another municipality, is older than
``MAX_AGE`` (a stale page) or younger than ``MIN_AGE`` (no person fills a form that fast).
A honeypot field, hidden by CSS, catches bots that fill every field; ``RateLimit`` counts
posts per client in the cache only (a salted hash, the salt changes daily and is never stored
beside the counts), so flooding answers 429.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "verbund.public.form-token"
MAX_AGE = 2 * 60 * 60
MIN_AGE = 3
HONEYPOT_FIELD = "website"
TOKEN_FIELD = "formular"  # noqa: S105 (a field name, not a secret)


def make_token(municipality, *, now: float | None = None) -> str:
    stamp = int((time.time() if now is None else now) * 1000)
    return signing.dumps({"m": municipality.pk, "t": stamp}, salt=SALT, compress=False)


def token_error(token: str, municipality, *, now: float | None = None) -> str | None:
    """``None`` for a good token, else why it is refused (for logs and tests, not shown)."""
    try:
        payload = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return "forged"
    if not isinstance(payload, dict) or payload.get("m") != municipality.pk:
        return "other municipality"
    try:
        age = (time.time() if now is None else now) - int(payload["t"]) / 1000
    except (KeyError, TypeError, ValueError):
        return "forged"
    if age > MAX_AGE:
        return "too old"
    if age < MIN_AGE:
        return "too new"
    return None


class RateLimit:
    """At most ``limit`` posts per ``window`` seconds per client (IP and user agent)."""

    def __init__(self, key: str, *, limit: int = 5, window: int = 600):
        self.key, self.limit, self.window = key, limit, window

    @staticmethod
    def client_hash(request) -> str:
        day = time.strftime("%Y-%m-%d", time.gmtime())
        salt = hashlib.sha256(f"{settings.SECRET_KEY}|rate|{day}".encode()).hexdigest()
        ip = request.META.get("REMOTE_ADDR", "")
        agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        return hashlib.sha256(f"{salt}|{ip}|{agent}".encode()).hexdigest()[:32]

    def _cache_key(self, request) -> str:
        bucket = int(time.time() // self.window)
        return f"public-rate:{self.key}:{self.client_hash(request)}:{bucket}"

    def hit(self, request) -> bool:
        """Count one post; ``False`` when the client is over the limit."""
        key = self._cache_key(request)
        cache.add(key, 0, timeout=self.window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window)
            count = 1
        return count <= self.limit
