"""Caching of the public finder pages (issue 12, "Caching and freshness").

- Validators: ETag and Last-Modified from ``selectors.freshness`` (a 304 when nothing changed),
  remembered for ``FRESHNESS_SECONDS`` in the cache backend (local memory, or Redis with
  ``REDIS_URL``), so most requests ask the database nothing for them.
- The rendered page is kept in the cache under its address and that ETag: a change to an offer
  makes a new ETag, so the next request after at most ``FRESHNESS_SECONDS`` renders afresh.
- ``Cache-Control: public, max-age=60``: browsers and proxies show a change within a minute.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.http import condition

from .selectors import freshness

MAX_AGE_SECONDS = 60
FRESHNESS_SECONDS = 5
PAGE_SECONDS = 60


def _freshness(request):
    found = getattr(request, "_finder_freshness", None)
    if found is None:
        key = f"public:finder:fresh:{request.municipality.pk}:{get_language()}"
        found = cache.get(key)
        if found is None:
            found = freshness(request.municipality.pk)
            cache.set(key, found, FRESHNESS_SECONDS)
        request._finder_freshness = found
    return found


def cached_page(request, build):
    """``build()`` returns ``(response, extra)``; a 200 is kept with ``extra`` (what the caller
    needs on a cache hit, e.g. the search to count). Returns ``(response, extra)``."""
    seed = f"{_freshness(request).etag}|{get_language()}|{request.get_full_path()}"
    key = "public:finder:page:" + hashlib.sha256(seed.encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        content, content_type, extra = found
        return HttpResponse(content, content_type=content_type), extra
    response, extra = build()
    if response.status_code == 200:
        cache.set(key, (response.content, response["Content-Type"], extra), PAGE_SECONDS)
    return response, extra


def _etag(request, *args, **kwargs):
    return _freshness(request).etag


def _last_modified(request, *args, **kwargs):
    return _freshness(request).last_modified


conditional = method_decorator(condition(etag_func=_etag, last_modified_func=_last_modified))


def public_cache(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response


def embed_origins(municipality) -> list[str]:
    """The origins the admin allows to frame the finder (homepage part's settings); none if
    that part is not there."""
    try:
        from verbund.public.homepage.selectors import embed_origins as configured
    except ImportError:
        return []
    return [origin for origin in configured(municipality) if origin]
