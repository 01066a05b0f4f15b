"""The organisation, relationship and body lists' rows, rendered once per change of what they
show (issue 17).

A row of the organisation list shows one organisation and nothing of the viewer: its name,
marks (archived, in the Verbund), sector, type, address and the areas it serves. The rows of a
page are kept with ``verbund.core.rows_cache`` under the organisations they show, the language
and two version counters:

- the network version (``metrics_cache``): organisations and their areas served;
- ``areas:<municipality>`` (``verbund.areas.tree_cache``): the areas' names.

A row of the relationship list shows one relationship (organisation, centre, status, ratings,
next step) and the name of the next step's owner: the network version (relationships,
organisations, centres) and ``account-names`` (``verbund.accounts.names_cache``).

A row of the body list shows one body (name, kind, centre, area, cadence, current members):
the network version (bodies, seats, centres) and the areas version (the area's name).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from verbund.accounts.names_cache import version_key as account_names_key
from verbund.areas.tree_cache import version_key as areas_key
from verbund.core.rows_cache import rendered_rows

from .metrics_cache import version_key as network_key

PREFIX = "verbund:network:rows"


def organisation_rows_html(*, municipality_id: int, ids: list[int], render: Callable[[], str]):
    return rendered_rows(
        prefix=f"{PREFIX}:organisations:{municipality_id}",
        version_keys=[network_key(municipality_id), areas_key(municipality_id)],
        shown=ids,
        render=render,
        timeout=settings.NETWORK_CACHE_SECONDS,
    )


def relationship_rows_html(*, municipality_id: int, ids: list[int], render: Callable[[], str]):
    return rendered_rows(
        prefix=f"{PREFIX}:relationships:{municipality_id}",
        version_keys=[network_key(municipality_id), account_names_key()],
        shown=ids,
        render=render,
        timeout=settings.NETWORK_CACHE_SECONDS,
    )


def body_rows_html(*, municipality_id: int, ids: list[int], render: Callable[[], str]):
    return rendered_rows(
        prefix=f"{PREFIX}:bodies:{municipality_id}",
        version_keys=[network_key(municipality_id), areas_key(municipality_id)],
        shown=ids,
        render=render,
        timeout=settings.NETWORK_CACHE_SECONDS,
    )
