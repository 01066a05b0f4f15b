"""HTTP caching of the public finder pages: validators from ``selectors.freshness`` (a 304
when nothing changed), ``Cache-Control: public, max-age=60`` (a change shows within a
minute), and the embed page's framing rule."""

from __future__ import annotations

from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.http import condition

from .selectors import freshness

MAX_AGE_SECONDS = 60


def _freshness(request):
    cached = getattr(request, "_finder_freshness", None)
    if cached is None:
        cached = request._finder_freshness = freshness(request.municipality.pk)
    return cached


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
