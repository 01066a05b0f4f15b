"""Rows of a list page, rendered once per change of what they show (issue 17).

On the long lists, rendering the rows is most of a page's time. A row that shows one record
and nothing of the viewer (no per-user links or marks) can be kept as rendered HTML: under the
records it shows (their ids, plus whatever else the row shows, such as the day for "in 3
days"), the language, and the version counters (``cache_versions``) of everything the row
shows. Which records a viewer may list is decided before, by the list's own query; the key
names exactly those, so a viewer only ever gets rows of records in her own list.

Each app names its rows' dependencies in a module of its own (``offers.rows_cache``,
``cooperation.rows_cache``, ``network.rows_cache``) and calls ``rendered_rows``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import cache_versions


def rendered_rows(
    *,
    prefix: str,
    version_keys: Iterable[str],
    shown: Iterable,
    render: Callable[[], str],
    timeout: int,
) -> str:
    """``render()``'s HTML of the rows named by ``shown``, from the cache while none of the
    ``version_keys`` changed (a SafeString, also after the cache's pickling)."""
    return cache_versions.cached_for(
        prefix, version_keys, (get_language(), tuple(shown)), render, timeout=timeout
    )


def rendered_by_content(*, prefix: str, shown, render: Callable[[], str], timeout: int) -> str:
    """``render()``'s HTML, kept under ``shown`` alone: for a part whose key holds everything
    it shows (labels, figures, states), so no version is needed and none can be missed."""
    return cache_versions.cached(
        cache_versions.versioned_key(prefix, (), (get_language(), shown)), render, timeout=timeout
    )


def render_page_rows(template: str, rows, municipality) -> str:
    """A list's rows template (``page_rows``, ``municipality``), rendered for the cache."""
    return render_to_string(template, {"page_rows": rows, "municipality": municipality})
