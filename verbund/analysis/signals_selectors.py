"""Reads of hints from families, always narrowed by the access rule."""

from __future__ import annotations

from django.db.models import Count

from verbund.areas.models import shape_of
from verbund.core.prepared import PreparedQuery

from .permissions import handle_signals
from .signals_models import NeedSignal, NeedSignalStatus

STATE_FILTERS = {
    "neu": [NeedSignalStatus.NEW],
    "bearbeitet": [NeedSignalStatus.TURNED_INTO_NEED, NeedSignalStatus.DISMISSED],
}


def need_signal_list(*, municipality, access, state: str = "neu"):
    queryset = NeedSignal.objects.filter(municipality=municipality)
    if state in STATE_FILTERS:
        queryset = queryset.filter(status__in=STATE_FILTERS[state])
    queryset = access.narrow(handle_signals, queryset)
    ids = queryset.values("pk")  # the area's centres may match more than once
    return (
        NeedSignal.objects.filter(pk__in=ids)
        .select_related("centre", "area", "topic", "life_phase", "need")
        .defer(*shape_of("area"))
        .order_by("-created_at", "-id")
    )


def need_signal_get(*, municipality, pk: int) -> NeedSignal:
    return (
        NeedSignal.objects.select_related("centre", "area", "topic", "life_phase", "need")
        .defer(*shape_of("area"))
        .get(municipality=municipality, pk=pk)
    )


def _new_signal_count_query(access, municipality_id):
    # A count as one row (grouped by the one municipality: no rows when there are none).
    return (
        need_signal_list(municipality=municipality_id, access=access, state="neu")
        .order_by()
        .values("municipality_id")
        .annotate(count=Count("pk"))
        .values_list("count")
    )


_NEW_SIGNAL_COUNT = PreparedQuery(_new_signal_count_query)


def new_signal_count(*, municipality, access) -> int:
    """Compiled once per reach (the start page asks on every view)."""
    found = _NEW_SIGNAL_COUNT.rows_within(access, municipality_id=municipality.pk)
    return found[0][0] if found else 0
