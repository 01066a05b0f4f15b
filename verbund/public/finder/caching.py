"""Caching of the public finder pages (issue 12, "Caching and freshness").

- Validators: ETag and Last-Modified of the municipality's public data (a 304 when nothing
  changed), from ``verbund.public.caching`` (remembered for ``FRESHNESS_SECONDS`` in the cache
  backend, local memory or Redis with ``REDIS_URL``), so most requests ask the database
  nothing for them.
- The rendered page is kept in the cache under its address and that ETag: a change to an offer
  makes a new ETag, so the next request after at most ``FRESHNESS_SECONDS`` (5 s) renders
  afresh.
- ``Cache-Control: public, max-age=60``: browsers and proxies show a change within a minute.
"""

from __future__ import annotations

# The page cache, validators and headers are shared with the homepage part.
from ..caching import (  # noqa: F401
    MAX_AGE_SECONDS,
    PAGE_SECONDS,
    cached_page,
    conditional,
    public_cache,
)


def embed_origins(municipality) -> list[str]:
    """The origins the admin allows to frame the finder (homepage part's settings); none if
    that part is not there."""
    try:
        from verbund.public.homepage.selectors import embed_origins as configured
    except ImportError:
        return []
    return [origin for origin in configured(municipality) if origin]
