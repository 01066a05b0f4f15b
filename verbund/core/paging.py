"""A page of a long list: its order decided on keys, its rows loaded whole for the page only.

Sorting 20,000 joined rows by names is what a list page of a large municipality spends its
time on; sorting only their primary keys (the database keeps narrow rows in its sorter) and
loading the 50 rows of the page by key halves that, at the cost of one more small query. An
app that knows when its rows change can keep the sorted keys in its cache (``keys``).
"""

from __future__ import annotations

from array import array

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window


def sorted_keys(queryset: QuerySet):
    """The primary keys of ``queryset`` in its order (a lazy queryset of one column)."""
    return queryset.values_list("pk", flat=True)


def keyed_page(
    queryset: QuerySet,
    page_number,
    per_page: int,
    *,
    keys=None,
    rows: QuerySet | None = None,
    all_keys_up_to: int | None = None,
    load_rows: bool = True,
) -> Page:
    """``Paginator(queryset, per_page).get_page(page_number)`` with the same rows in the same
    order, read in three queries (count, the page's keys, its rows) whatever the list's size;
    with ``keys`` (the list of ``sorted_keys``, e.g. from a cache) in one, the rows.

    ``rows``: where to load the page's rows by key (default ``queryset``). A search passes its
    unfiltered list here: the keys already carry the search, and its condition (a full-text
    match) would otherwise run a third time just to load 25 rows.
    ``all_keys_up_to``: read up to that many keys in one query and count them in Python
    when there are no more, instead of a count and a slice that both run the search.
    ``load_rows=False``: the page holds the keys, for a list whose rows come from a cache
    (``rows_cache``) and are loaded by key only when they are rendered."""
    if keys is None and all_keys_up_to:
        first = list(sorted_keys(queryset)[: all_keys_up_to + 1])
        if len(first) <= all_keys_up_to:
            keys = first
    page = Paginator(sorted_keys(queryset) if keys is None else keys, per_page).get_page(
        page_number
    )
    keys = list(page.object_list)
    page.object_list = in_key_order(queryset if rows is None else rows, keys) if load_rows else keys
    return page


def pack_keys(keys) -> bytes:
    """Integer primary keys as 8-byte machine integers, for a cache: unpickling 45,000 keys
    as a list of ints took most of a millisecond per request, as bytes it takes microseconds."""
    return array("q", keys).tobytes()


def unpack_keys(packed: bytes) -> memoryview:
    """The keys of ``pack_keys`` as a read-only sequence (``len``, index, slice: what a
    ``Paginator`` needs) without building an int for every key."""
    return memoryview(packed).cast("q")


def in_key_order(rows: QuerySet, keys: list) -> list:
    """The rows of ``keys`` in the order of ``keys``, in one query (a key without a row, e.g.
    deleted meanwhile, is left out)."""
    found = rows.order_by().in_bulk(keys) if keys else {}
    return [found[pk] for pk in keys if pk in found]


def window_counted(queryset: QuerySet, number: int, size: int) -> QuerySet:
    """Page ``number`` of ``queryset`` with the total in every row (``total_rows``, a window
    count): one query for a page and its count instead of two."""
    return queryset.annotate(total_rows=Window(Count("pk")))[(number - 1) * size :][:size]


def counted_page(rows_of, number: int, size: int, *, beyond_last: str = "first") -> Page:
    """The ``Page`` of ``rows_of(number)`` (rows of ``window_counted``); a page beyond the
    last gives the first, or with ``beyond_last="last"`` the last (as ``get_page`` does)."""
    rows = list(rows_of(number))
    if not rows and number > 1:
        first = counted_page(rows_of, 1, size)
        last = first.paginator.num_pages
        if beyond_last != "last" or last == 1:
            return first
        return counted_page(rows_of, last, size)
    paginator = Paginator(rows, size)
    paginator.__dict__["count"] = rows[0].total_rows if rows else 0
    return Page(rows, number, paginator)
