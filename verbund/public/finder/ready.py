"""Registrations of the finder part (called from ``PublicConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def ready(config) -> None:
    from verbund.core.navigation import register_nav, register_see_also
    from verbund.public.permissions import view_search_stats

    from . import help  # noqa: F401

    register_nav(_("Wonach Familien suchen"), "public:search_stats", view_search_stats, order=41)
    # Planners read the searches next to the gap matrix (issue 12, privacy).
    register_see_also(
        "offers:gaps",
        _("Wonach Familien suchen: was Familien im Angebotsfinder suchen"),
        "public:search_stats",
        view_search_stats,
    )
