"""The offer list's sorted keys and its filter form, kept per change (issue 17).

A search of the offer list runs a full-text match over every offer the viewer may see (7 ms at
5,000 offers on SQLite), and the filter form builds and renders five term lists and four
search fields. Neither depends on more than:

- the query (the filter form's values) and the viewer's reach (``Access.signature``): which
  offers, areas, providers and centres she may see;
- the version counters (``verbund.core.cache_versions``) of everything they read: offers, their
  terms, areas and place (``offers:<municipality>``); their times and term labels
  (``overlaps:<municipality>``); co-providers (``silos:<municipality>``); names of providers
  and centres (network); centres (``tenancy:<municipality>``); areas and their centres
  (``areas:<municipality>``, ``area-rows:<municipality>``).

So the keys of a search's matches (packed, ``core.paging.pack_keys``), the form's HTML and the
search it asks for (the form parsed, ``OfferQuery``) are kept under those. A list of more than
``limit`` matches keeps only that it has more: it is paged with a count, as before.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import get_language

from verbund.areas.rows_cache import version_key as area_rows_key
from verbund.areas.tree_cache import version_key as areas_key
from verbund.core import cache_versions
from verbund.core.paging import pack_keys, unpack_keys
from verbund.network.metrics_cache import version_key as network_key
from verbund.tenancy.rows_cache import version_key as tenancy_key

from .gaps.cache import seconds
from .gaps.cache import version_key as offers_key
from .overlaps.cache import silo_version_key
from .overlaps.cache import version_key as overlaps_key

PREFIX = "verbund:offers:list"


def _versions(municipality_id: int) -> list[str]:
    return [
        offers_key(municipality_id),
        overlaps_key(municipality_id),
        silo_version_key(municipality_id),
        network_key(municipality_id),
        tenancy_key(municipality_id),
        areas_key(municipality_id),
        area_rows_key(municipality_id),
    ]


def search_keys(
    *, municipality_id: int, reach: tuple, query, limit: int, keys: Callable[[int], list]
):
    """The sorted keys of a search (``keys(n)``: up to ``n`` of them, in the list's order), or
    ``None`` when there are more than ``limit``."""

    def compute():
        found = list(keys(limit + 1))
        return (pack_keys(found), True) if len(found) <= limit else (b"", False)

    packed, complete = cache_versions.cached_for(
        f"{PREFIX}:keys:{municipality_id}",
        _versions(municipality_id),
        (reach, repr(query)),
        compute,
        timeout=seconds(),
    )
    return unpack_keys(packed) if complete else None


def filter_form_parts(
    *, municipality_id: int, reach: tuple, data: tuple, compute: Callable[[], tuple]
) -> tuple:
    """``compute()``'s filter form HTML and search (``OfferQuery``) for the form values
    ``data``, in the active language."""
    return cache_versions.cached_for(
        f"{PREFIX}:form-query:{municipality_id}",
        _versions(municipality_id),
        (reach, data, get_language()),
        compute,
        timeout=seconds(),
    )
