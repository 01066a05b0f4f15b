"""Other open tasks shown on "Meine Aufgaben" beside the action items of meetings.

Higher apps (e.g. planning: measures of annual programmes) register a source in their
``AppConfig.ready()``; meetings imports none of them. A source's ``fetch(municipality=…,
access=…, user=…)`` returns ``Task`` rows at a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    due: date | None = None
    detail: str = ""


@dataclass(frozen=True)
class TaskSource:
    key: str
    label: str
    fetch: Callable[..., list[Task]]


_sources: dict[str, TaskSource] = {}


def register_task_source(key: str, label, fetch: Callable[..., list[Task]]) -> None:
    if key in _sources and _sources[key].fetch is not fetch:
        raise ValueError(f"task source {key!r} is already registered")
    _sources[key] = TaskSource(key, label, fetch)


def task_groups(*, municipality, access, user) -> list[tuple[str, list[Task]]]:
    """(label, tasks) per registered source that has tasks for the user."""
    groups = []
    for source in sorted(_sources.values(), key=lambda s: s.key):
        tasks = source.fetch(municipality=municipality, access=access, user=user)
        if tasks:
            groups.append((source.label, tasks))
    return groups
