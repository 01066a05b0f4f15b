"""Edges that higher apps add to the network graph, registered instead of imported.

The network app sits below cooperation (and the coming apps) and imports none of them. An app
that has centre–organisation ties of its own registers a source in its ``AppConfig.ready()``::

    register_edge_source(
        "cooperation.agreements", agreement_edges, models=(Agreement, Party)
    )

``fetch(municipality=..., centre_ids=...)`` returns rows ``(centre_id, organisation_id,
label)`` in a fixed number of queries; ``models`` are the models whose changes alter those
rows, so the cached network metrics are invalidated when they change
(``verbund.network.metrics_cache``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class EdgeSource:
    key: str
    fetch: Callable[..., Iterable[tuple]]
    models: tuple = ()


_sources: dict[str, EdgeSource] = {}


def register_edge_source(key: str, fetch: Callable[..., Iterable[tuple]], *, models=()) -> None:
    from .metrics_cache import watch

    _sources[key] = EdgeSource(key, fetch, tuple(models))
    for model in models:
        watch(model)


def edge_sources() -> list[EdgeSource]:
    return [_sources[key] for key in sorted(_sources)]


def extra_edges(municipality, centre_ids: set[int], organisations) -> list[tuple]:
    """Every registered source's rows whose organisation is in the graph."""
    rows: list[tuple] = []
    for source in edge_sources():
        rows.extend(
            tuple(row)
            for row in source.fetch(municipality=municipality, centre_ids=centre_ids)
            if row[1] in organisations
        )
    return rows
