"""A page of a long list: its order decided on keys, its rows loaded whole for the page only.

Sorting 20,000 joined rows by names is what a list page of a large municipality spends its
time on; sorting only their primary keys (the database keeps narrow rows in its sorter) and
loading the 50 rows of the page by key halves that, at the cost of one more small query. An
app that knows when its rows change can keep the sorted keys in its cache (``keys``).
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def sorted_keys(queryset: QuerySet):
    """The primary keys of ``queryset`` in its order (a lazy queryset of one column)."""
    return queryset.values_list("pk", flat=True)


def keyed_page(queryset: QuerySet, page_number, per_page: int, *, keys=None) -> Page:
    """``Paginator(queryset, per_page).get_page(page_number)`` with the same rows in the same
    order, read in three queries (count, the page's keys, its rows) whatever the list's size;
    with ``keys`` (the list of ``sorted_keys``, e.g. from a cache) in one, the rows."""
    page = Paginator(sorted_keys(queryset) if keys is None else keys, per_page).get_page(
        page_number
    )
    pks = list(page.object_list)
    rows = queryset.order_by().in_bulk(pks) if pks else {}
    page.object_list = [rows[pk] for pk in pks if pk in rows]
    return page
