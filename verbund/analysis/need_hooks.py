"""What higher apps show on a need's page (the analysis imports none of them).

The offers app registers, in its ``AppConfig.ready()``, the offers that answer the need with
the buttons to mark or unmark one::

    register_need_section("offers.answers", section)

``section(need, access) -> NeedSection | None`` costs a fixed number of queries; the section's
template is included on the need's page with ``section`` (the ``NeedSection``) in its context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NeedSection:
    template: str
    context: dict = field(default_factory=dict)


_sections: dict[str, Callable[..., NeedSection | None]] = {}


def register_need_section(key: str, fn: Callable[..., NeedSection | None]) -> None:
    _sections[key] = fn


def need_sections(need, access) -> list[NeedSection]:
    found = []
    for key in sorted(_sections):
        section = _sections[key](need, access)
        if section is not None:
            found.append(section)
    return found
