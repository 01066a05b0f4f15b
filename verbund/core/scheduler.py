"""Periodic jobs: one registry, one entry point (``manage.py run_scheduled_jobs``).

Apps register their jobs in ``AppConfig.ready()``::

    register_periodic_job("cooperation.reminders", send_reminders, label=_("Erinnerungen"))

Cron or a systemd timer calls ``manage.py run_scheduled_jobs`` (every 15 minutes is a good
rhythm); it runs every registered job once. Each job must therefore be harmless to run more
often than needed (the reminders record what they sent; the stale-job sweep only touches
stale jobs). A failing job does not stop the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    run: Callable[[], Any]
    label: str


_registry: dict[str, PeriodicJob] = {}


def register_periodic_job(name: str, run: Callable[[], Any], *, label: str) -> None:
    if name in _registry and _registry[name].run is not run:
        raise ValueError(f"periodic job {name!r} is already registered")
    _registry[name] = PeriodicJob(name=name, run=run, label=str(label))


def periodic_jobs() -> list[PeriodicJob]:
    return [_registry[name] for name in sorted(_registry)]


@dataclass(frozen=True)
class Outcome:
    job: PeriodicJob
    ok: bool
    result: Any


def run_periodic_jobs(names: list[str] | None = None) -> list[Outcome]:
    outcomes = []
    for job in periodic_jobs():
        if names and job.name not in names:
            continue
        try:
            outcomes.append(Outcome(job, True, job.run()))
        except Exception as exc:
            logger.exception("periodic job %s failed", job.name)
            outcomes.append(Outcome(job, False, exc))
    return outcomes
