"""Pages that show only public data of one municipality, replayed from a cache until that
data changes (issue 12, "Caching and freshness").

A view whose response shows nothing but one municipality's public data (the same for every
anonymous visitor asking the same address in the same language) calls
``mark_public(request, municipality_id)`` before it reads anything. A page cache (the public
app's middleware) keeps such a 200 response under its address, its language and the
municipality's validators, and answers the next anonymous request for it from memory while
the validators stay the same: no database, no view, no middleware behind it.

Core knows no app: the validators (an ETag and a Last-Modified that change whenever the
municipality's public data change) come from a function the public app registers with
``register_validators`` in its ``ready()``. Without one, ``mark_public`` and ``validators``
return ``None`` and nothing is cached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import get_language


@dataclass(frozen=True)
class Validators:
    etag: str  # unquoted
    last_modified: datetime | None


_source: Callable[[int, str], Validators] | None = None


def register_validators(source: Callable[[int, str], Validators]) -> None:
    """``source(municipality_id, language)`` gives the validators of that municipality's
    public pages in that language (cheap: it may come from a cache)."""
    global _source
    _source = source


def validators(request, municipality_id: int) -> Validators | None:
    """The validators for this request (read once per request, in the active language)."""
    found = getattr(request, "_public_validators", None)
    if found is None and _source is not None:
        found = _source(municipality_id, get_language() or "de")
        request._public_validators = found
    return found


def mark_public(request, municipality_id: int) -> Validators | None:
    """This request's response shows only public data of ``municipality_id``: a page cache
    may replay it to anonymous visitors until the validators change. Call it before the
    page's data are read, so a change during rendering makes the page older, never newer,
    than the validators it is kept under."""
    found = validators(request, municipality_id)
    if found is not None:
        request.public_page_of = (municipality_id, get_language() or "de")
    return found
