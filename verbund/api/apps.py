from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open-data API (Open Referral HSDS 3.0) over a municipality's public offers."""

    name = "verbund.api"
    label = "api"
    verbose_name = _("Offene Daten (HSDS-API)")
    nav_group = "network"  # main-menu section (verbund.core.navigation.GROUPS)

    def ready(self):
        from verbund.core.navigation import register_nav

        from . import actions, help, package_cache, permissions  # noqa: F401  (register)

        package_cache.connect()

        from verbund.core.scheduler import register_periodic_job

        from .jobs import scheduled_prepare_datapackages

        register_periodic_job(
            "api.prepare_datapackages",
            scheduled_prepare_datapackages,
            label=_("Offene Daten: Datenpakete nach Änderungen vorbereiten"),
        )

        register_nav(
            _("API-Zugänge"), "api_tokens:list", permissions.view_api_tokens, 90, group="network"
        )
