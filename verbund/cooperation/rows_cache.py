"""The agreement list's rows, rendered once per change of what they show (issue 17).

A row of the agreement list shows one agreement and nothing of the viewer: its title, centre,
partners, status and dates. So a page's rows are kept in Django's cache as rendered HTML under
the agreements they show and the language. A row of the deadlines shows the same and its
deadline: it is kept under the day, the deadline's kind and date, and the agreement. Which
agreements a viewer may list is decided before, by the list's query; the key names exactly
those, so a viewer only ever gets rows of agreements in her own list.

The key carries the network version of ``verbund.network.metrics_cache`` (in the database, so
every process sees a bump at once): it watches agreements and their parties (registered with
the agreements' network edges), organisations and centres, everything a row shows.

The list's filter form and the filter it asks for are kept the same way
(``filter_form_parts``): under the form's values, the viewer's reach (``Access.signature``:
which centres and partners she may choose) and the network and centre versions (the partners
are the organisations of agreements, the centres' names).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import get_language

from verbund.core import cache_versions
from verbund.core.rows_cache import rendered_rows
from verbund.network.metrics_cache import version_key as network_key
from verbund.tenancy.rows_cache import version_key as tenancy_key

PREFIX = "verbund:cooperation:rows"


def page_versions(municipality_id: int) -> list[str]:
    """What the agreement list and the deadlines show besides the viewer's reach and the
    values asked for: agreements, parties and organisations (network) and centres."""
    return [network_key(municipality_id), tenancy_key(municipality_id)]


def rows_html(*, table: str, municipality_id: int, ids: list, render: Callable[[], str]) -> str:
    """``render()``'s HTML of the rows of ``ids`` (agreement ids, or what else names a row
    exactly) in ``table`` (each table its own keys: two empty pages look alike), from the
    cache while none of it changed."""
    return rendered_rows(
        prefix=f"{PREFIX}:{table}:{municipality_id}",
        version_keys=[network_key(municipality_id)],
        shown=ids,
        render=render,
        timeout=settings.NETWORK_CACHE_SECONDS,
    )


def filter_form_parts(
    *, form: str, municipality_id: int, reach: tuple, data: tuple, compute: Callable[[], tuple]
) -> tuple:
    """``compute()``'s filter form HTML and filter (``AgreementFilter``, ``DueFilter``) of the
    list ``form`` ("list", "due") for the form values ``data``, in the active language."""
    return cache_versions.cached_for(
        f"{PREFIX}:form:{form}:{municipality_id}",
        [network_key(municipality_id), tenancy_key(municipality_id)],
        (reach, data, get_language()),
        compute,
        timeout=settings.NETWORK_CACHE_SECONDS,
    )
