"""What higher apps do when a facility is written, and what they show on its page.

tenancy sits below the network app and imports none of it (docs/conventions.md, layers). A
facility is also an organisation of the network; the network app keeps that organisation in
step by registering, in its ``AppConfig.ready()``::

    register_facility_listener("network.organisation", sync)
    register_facility_links("network.organisation", links)

``sync(*, actor, facility, event, changed)`` runs inside the facility service's transaction
(``event`` is ``created``, ``changed``, ``archived`` or ``restored``; ``changed`` the names of
the facility's fields that changed), so a failure rolls the facility write back, too.
``links(facility, access)`` returns ``FacilityLink``s for the facility's page, in a fixed
number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

CREATED = "created"
CHANGED = "changed"
ARCHIVED = "archived"
RESTORED = "restored"


@dataclass(frozen=True)
class FacilityLink:
    label: str  # what the facility is there, e.g. "Organisation im Netzwerk"
    text: str  # the link text
    url: str
    note: str = ""


_listeners: dict[str, Callable[..., None]] = {}
_links: dict[str, Callable[..., Iterable[FacilityLink]]] = {}


def register_facility_listener(key: str, fn: Callable[..., None]) -> None:
    _listeners[key] = fn


def register_facility_links(key: str, fn: Callable[..., Iterable[FacilityLink]]) -> None:
    _links[key] = fn


def facility_written(*, actor, facility, event: str, changed: Iterable[str] = ()) -> None:
    """Called by every facility service after its write (same transaction)."""
    changed = frozenset(changed)
    for key in sorted(_listeners):
        _listeners[key](actor=actor, facility=facility, event=event, changed=changed)


def facility_links(facility, access) -> list[FacilityLink]:
    found: list[FacilityLink] = []
    for key in sorted(_links):
        found.extend(_links[key](facility, access))
    return found
