"""Validators and a short public max-age for public pages (issue 12, caching)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

MAX_AGE = 60


def cached(request, response, *, last_modified: datetime | None):
    """Add ``Cache-Control``, an ``ETag`` of the rendered content and ``Last-Modified``; a
    matching ``If-None-Match`` (or ``If-Modified-Since`` without it) gives 304."""
    if getattr(response, "render", None) and not getattr(response, "is_rendered", True):
        response.render()
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = etag
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    if response.status_code != 200:
        return response
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
