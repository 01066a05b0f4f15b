"""Registrations of the homepage part (called from PublicConfig.ready)."""

from django.utils.translation import gettext_lazy as _


def ready(config) -> None:
    from verbund.core.navigation import register_nav

    from .. import permissions
    from . import actions, dashboard, help  # noqa: F401

    register_nav(_("Öffentliche Seiten"), "public:site_edit", permissions.manage_site, order=90)
    dashboard.register()
