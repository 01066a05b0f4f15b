"""Caching of every public page (issue 12, "Caching and freshness"), shared by the parts.

- Validators: ``freshness`` (ETag and Last-Modified of the municipality's public data) is kept
  ``FRESHNESS_SECONDS`` in the cache backend (local memory, or Redis with ``REDIS_URL``), so
  a change shows after at most that long; ``Cache-Control: public, max-age=60`` lets browsers
  and proxies show it within a minute. Registered with ``verbund.core.pagecache``.
- ``PublicPageCacheMiddleware`` replays pages marked with ``verbund.core.pagecache.mark_public``
  (an offer page, a centre homepage, a centre's iCal feed) to anonymous visitors: kept under
  address, language and the validators they were built with, answered from memory (or 304)
  while those stay the same. Such a request touches no database and skips the middleware
  behind this one (sessions, language choice, CSRF, users, CSP, URL resolving, the view):
  the stored response carries the headers they set.
- The finder keeps its page cache in the view (``finder/caching.py``): each of its requests
  also counts the search.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import condition
from django_scopes import scopes_disabled

from verbund.core.pagecache import Validators, validators

from .site import RESERVED_SLUGS

FRESHNESS_SECONDS = 5
MAX_AGE_SECONDS = 60
PAGE_SECONDS = 60
REPLAY_SECONDS = 300
FRESH_KEY = "public:fresh:{municipality}:{language}"
REPLAY_KEY = "public:replay:"


def public_validators(municipality_id: int, language: str) -> Validators:
    """The validators of the municipality's public pages in ``language`` (one query at most
    every ``FRESHNESS_SECONDS`` per process and language; none in between)."""
    key = FRESH_KEY.format(municipality=municipality_id, language=language)
    found = cache.get(key)
    if found is None:
        from .freshness import freshness

        with scopes_disabled():
            fresh = freshness(municipality_id, language)
        found = Validators(etag=fresh.etag, last_modified=fresh.last_modified)
        cache.set(key, found, FRESHNESS_SECONDS)
    return found


def _freshness(request):
    return validators(request, request.municipality.pk)


def cached_page(request, build):
    """The view's own page cache (for requests the middleware does not replay, and the
    finder): ``build()`` returns ``(response, extra)``; a 200 is kept under the address, the
    language and the ETag, with ``extra`` (what the caller needs on a hit, e.g. the search to
    count). Returns ``(response, extra)``."""
    seed = f"{_freshness(request).etag}|{get_language()}|{request.get_full_path()}"
    key = "public:page:" + hashlib.sha256(seed.encode()).hexdigest()
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


# ETag/Last-Modified on a view's ``get`` and a 304 when they match.
conditional = method_decorator(condition(etag_func=_etag, last_modified_func=_last_modified))


def public_cache(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response


def forget(municipality_id: int) -> None:
    """Drop the remembered validators: the next request reads them anew. Called on every save
    and delete of what public pages show, so the process that saved (and, with Redis, every
    process) shows the change at once; other processes with local memory within
    ``FRESHNESS_SECONDS``. Bulk updates without signals also show within that time."""
    cache.delete_many(
        [
            FRESH_KEY.format(municipality=municipality_id, language=code)
            for code, _name in settings.LANGUAGES
        ]
    )


def _changed(sender, instance, **kwargs) -> None:
    municipality_id = getattr(instance, "municipality_id", None)
    if sender._meta.label_lower == settings.TENANT_MODEL.lower():
        municipality_id = instance.pk
    if municipality_id is not None:
        forget(municipality_id)


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from .freshness import SOURCES

    for model in [apps.get_model(settings.TENANT_MODEL), *(model for model, _n in SOURCES)]:
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-fresh-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"public-fresh-del-{model.__name__}"
        )


@dataclass(frozen=True)
class Replay:
    municipality_id: int
    language: str
    etag: str
    headers: tuple
    content: bytes


class PublicPageCacheMiddleware:
    """Stands right after WhiteNoise (SSL redirect and static files come first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key(request)
        if key is not None:
            try:
                found = cache.get(key)
                current = found and public_validators(found.municipality_id, found.language)
            except Exception:  # the cache is away: serve the page the long way
                key = found = None
            if found is not None and current.etag == found.etag:
                return self.replay(request, found, current)
        response = self.get_response(request)
        marked = getattr(request, "public_page_of", None)
        if marked is not None and response.status_code == 200:
            response = self.finish(request, response, marked, key)
        return response

    @staticmethod
    def key(request) -> str | None:
        """Only anonymous GET/HEAD without any cookie but the language choice (a session,
        a CSRF or a messages cookie goes the whole way), and not the language choice
        itself (it sets a cookie)."""
        if request.method not in ("GET", "HEAD"):
            return None
        first = request.path_info.lstrip("/").split("/", 1)[0]
        if first in RESERVED_SLUGS and first != "kalender":  # no public page (health, /k/, …)
            return None
        if any(name != settings.LANGUAGE_COOKIE_NAME for name in request.COOKIES):
            return None
        from .signals.language import CHOICE_PARAM, public_language

        if CHOICE_PARAM in request.GET:
            return None
        language = public_language(request)[0]
        host = request.META.get("HTTP_HOST", "")
        seed = f"{request.is_secure()}|{host}|{request.get_full_path()}|{language}"
        return REPLAY_KEY + hashlib.sha256(seed.encode()).hexdigest()

    @staticmethod
    def finish(request, response, marked, key):
        """Validators on the marked page (views that set none, e.g. the iCal feed), a 304 for
        a matching ``If-None-Match``; kept for replay when the request may be."""
        current = getattr(request, "_public_validators", None)
        if current is None or response.streaming:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = quote_etag(current.etag)
        if current.last_modified and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(current.last_modified.timestamp())
        control = response.get("Cache-Control", "")
        if (
            key is not None
            and request.method == "GET"
            and not response.cookies
            and "private" not in control
            and "no-store" not in control
        ):
            municipality_id, language = marked
            _store(
                key,
                Replay(
                    municipality_id=municipality_id,
                    language=language,
                    etag=current.etag,
                    headers=tuple(response.items()),
                    content=response.content,
                ),
            )
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=_timestamp(current),
            response=response,
        )

    @staticmethod
    def replay(request, found: Replay, current: Validators):
        response = HttpResponse(found.content, headers=dict(found.headers))
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=_timestamp(current),
            response=response,
        )


def _store(key: str, replay: Replay) -> None:
    with contextlib.suppress(Exception):  # no cache: the next visitor gets it the long way
        cache.set(key, replay, REPLAY_SECONDS)


def _timestamp(validators: Validators) -> int | None:
    moment = validators.last_modified
    return int(moment.timestamp()) if moment else None
