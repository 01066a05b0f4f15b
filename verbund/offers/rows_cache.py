"""The offer list's rows, rendered once per change of what they show (issue 17).

A row of the offer list shows one offer and nothing of the viewer: its title, badges, provider,
centre, life phases, form, cost, languages and times. So a page's rows are kept in Django's
cache as rendered HTML under the offers they show (ids, and the distance of a search near a
place) and the language. Which offers a viewer may list is decided before, by the list's
query; the key names exactly those offers, so a viewer only ever gets rows of offers in her
own list.

The key carries the version counters (``verbund.core.cache_versions``) of everything a row
shows:

- ``offers:<municipality>`` (``verbund.offers.gaps.cache``): an offer's columns, its terms, its
  place (facilities), imports and feeds;
- ``overlaps:<municipality>`` (``verbund.offers.overlaps.cache``): term labels and offer times;
- the network version (``verbund.network.metrics_cache``): names of providers and centres.

The duplicate report's sections (``overlap_groups_html``) are kept the same way, under the
pairs they show (with the reasons and whether the viewer may mark each pair: the one part of
the viewer they show) and, besides the versions above, ``areas:<municipality>`` (area names).
"""

from __future__ import annotations

from collections.abc import Callable

from verbund.analysis.list_cache import version_key as needs_key
from verbund.areas.tree_cache import version_key as areas_key
from verbund.core.page_cache import kept_content
from verbund.core.rows_cache import rendered_rows
from verbund.network.metrics_cache import version_key as network_key
from verbund.rooms.cache import version_key as rooms_key
from verbund.taxonomy.cache import version_key as terms_key

from .gaps.cache import seconds
from .gaps.cache import version_key as offers_key
from .overlaps.cache import silo_version_key
from .overlaps.cache import version_key as overlaps_key

PREFIX = "verbund:offers:rows"


def rows_html(*, municipality_id: int, rows: list, render: Callable[[], str]) -> str:
    """``render()``'s HTML of ``rows`` (offers, or keys of offers), from the cache while none
    of it changed."""
    return rendered_rows(
        prefix=f"{PREFIX}:{municipality_id}",
        version_keys=[
            offers_key(municipality_id),
            overlaps_key(municipality_id),
            network_key(municipality_id),
        ],
        shown=[
            (row, None) if isinstance(row, int) else (row.pk, getattr(row, "distance_km", None))
            for row in rows
        ],
        render=render,
        timeout=seconds(),
    )


def overlap_versions(municipality_id: int) -> list[str]:
    """What the duplicate report shows besides the viewer's reach and the page asked for:
    offers, complementary marks, times and term labels, providers and centres, areas."""
    return [
        offers_key(municipality_id),
        overlaps_key(municipality_id),
        network_key(municipality_id),
        f"areas:{municipality_id}",
    ]


def overlap_groups_html(*, municipality_id: int, shown: tuple, render: Callable[[], str]) -> str:
    """``render()``'s HTML of the duplicate report's area sections described by ``shown``."""
    return rendered_rows(
        prefix=f"{PREFIX}:overlaps:{municipality_id}",
        version_keys=overlap_versions(municipality_id),
        shown=shown,
        render=render,
        timeout=seconds(),
    )


def facts_versions(municipality_id: int) -> list[str]:
    """What the facts on an offer's page show besides the offer's own columns: its terms,
    areas, needs, place, schedules, rooms and school holidays, providers, centre, agreement."""
    return [
        offers_key(municipality_id),
        overlaps_key(municipality_id),
        silo_version_key(municipality_id),
        network_key(municipality_id),
        areas_key(municipality_id),
        terms_key(municipality_id),
        needs_key(municipality_id),
        rooms_key(municipality_id),
    ]


def facts_html(request, *, offer, context: Callable[[], dict], parts: tuple) -> str:
    """The facts part of ``offer``'s page (``offers/_offer_facts.html`` with ``context()``),
    kept until one of ``facts_versions`` changes; ``parts``: what else of the viewer and the
    day it shows (whether she manages the offer, may open organisations, today's date)."""
    municipality = offer.municipality
    return kept_content(
        request,
        prefix=f"{PREFIX}:facts:{municipality.pk}",
        version_keys=facts_versions(municipality.pk),
        template="offers/_offer_facts.html",
        context=context,
        parts=(offer.pk, municipality.slug, *parts),
    )
