"""What higher apps add to an area's profile (the analysis imports none of them).

The welcome visits register, in their ``AppConfig.ready()``, their anonymous counts of the
area::

    register_profile_section("visits.counts", section)

``section(area, access) -> ProfileSection | None`` costs a fixed number of queries and returns
``None`` when the user may not see it; the section's template is included on the profile page
with ``section`` (the ``ProfileSection``) in its context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProfileSection:
    template: str
    context: dict = field(default_factory=dict)


_sections: dict[str, Callable[..., ProfileSection | None]] = {}


def register_profile_section(key: str, fn: Callable[..., ProfileSection | None]) -> None:
    _sections[key] = fn


def profile_sections(area, access) -> list[ProfileSection]:
    found = []
    for key in sorted(_sections):
        section = _sections[key](area, access)
        if section is not None:
            found.append(section)
    return found
