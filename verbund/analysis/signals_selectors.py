"""Reads of hints from families, always narrowed by the access rule."""

from __future__ import annotations

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
        .order_by("-created_at", "-id")
    )


def need_signal_get(*, municipality, pk: int) -> NeedSignal:
    return NeedSignal.objects.select_related("centre", "area", "topic", "life_phase", "need").get(
        municipality=municipality, pk=pk
    )


def new_signal_count(*, municipality, access) -> int:
    return need_signal_list(municipality=municipality, access=access, state="neu").count()
