"""A page's whole content kept as rendered HTML under versions (issue 17).

Some pages show nothing of the request but the values asked for (the query string), the
viewer's reach and the language, and nothing of the data but what a few version counters
(``verbund.core.cache_versions``) watch. Such a page renders its content block once per change
of any of these and serves the kept HTML inside the live frame (menu, account, messages),
which ``base.html`` renders per request as before. A page may use this only when its content
holds no form with a CSRF token, no message and nothing else of the session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import cache_versions


def kept_content(
    request,
    *,
    prefix: str,
    version_keys: Iterable[str],
    template: str,
    context: Callable[[], dict],
    parts: tuple = (),
) -> str:
    """``template`` rendered with ``context()``, kept under ``version_keys``, the viewer's
    reach, the query string, the language and ``parts`` (e.g. today's date, when the content
    depends on it)."""
    asked = tuple(sorted((key, tuple(values)) for key, values in request.GET.lists()))
    return cache_versions.cached_for(
        prefix,
        version_keys,
        (request.access.signature(), asked, get_language(), parts),
        lambda: render_to_string(template, context(), request=request),
        timeout=getattr(settings, "PAGE_CACHE_SECONDS", 86400),
    )


def render_kept(request, *, title: str, content: str):
    """The page: the live frame around the kept ``content``."""
    return render(request, "components/kept_page.html", {"title": title, "content": content})
