"""On an area's profile: the anonymous counts of the welcome visits in that area (registered
with ``verbund.analysis.profile_hooks``, so the analysis imports nothing of the visits)."""

from __future__ import annotations

from verbund.analysis.profile_hooks import ProfileSection, register_profile_section

from . import permissions as perms
from .statistics import SUPPRESS_BELOW, visit_statistics


def section(area, access) -> ProfileSection | None:
    if not access.can(perms.view_visit_statistics):
        return None
    stats = visit_statistics(municipality=area.municipality, area=area)
    return ProfileSection(
        "visits/_profile_section.html", {"stats": stats, "threshold": SUPPRESS_BELOW}
    )


def register() -> None:
    register_profile_section("visits.counts", section)
