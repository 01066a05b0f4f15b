"""How many entries of higher apps use each term, for the admin page of the taxonomy.

The taxonomy sits below the apps that use it (needs, offers), so it imports none of them: each
registers a counter in its ``AppConfig.ready()``. A counter costs one query per call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Usage:
    key: str
    label: object  # lazy German text, e.g. "Angebote"
    # (municipality, vocabulary) → {term id: number of entries using it}
    count: Callable[..., dict[int, int]]
    order: int = 100


_usages: dict[str, Usage] = {}


def register_usage(key: str, label, count: Callable[..., dict[int, int]], order: int = 100):
    _usages[key] = Usage(key, label, count, order)


def usages() -> list[Usage]:
    return sorted(_usages.values(), key=lambda usage: (usage.order, usage.key))


def usage_counts(*, municipality, vocabulary: str) -> list[tuple[Usage, dict[int, int]]]:
    return [(usage, usage.count(municipality, vocabulary)) for usage in usages()]
