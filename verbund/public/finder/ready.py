"""Registrations of the finder part (called from ``PublicConfig.ready``)."""

from django.utils.translation import gettext_lazy as _


def ready(config) -> None:
    from verbund.core.navigation import register_nav
    from verbund.public.permissions import view_search_stats

    from . import help  # noqa: F401

    register_nav(_("Wonach Familien suchen"), "public:search_stats", view_search_stats, order=41)
