from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "verbund.network"
    label = "network"
    nav_group = "network"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Netzwerk")

    def ready(self) -> None:

        from verbund.core.navigation import register_nav

        from . import (  # noqa: F401
            actions,
            help,
            metrics_cache,
            permissions,
            privacy_registry,
            search,
        )

        privacy_registry.register_network_places()

        from . import dashboard, facility_sync

        dashboard.register()
        facility_sync.register()
        metrics_cache.connect()

        from verbund.core.scheduler import register_periodic_job

        from .list_import.services import sweep_expired

        register_periodic_job(
            "network.list_import_cleanup",
            sweep_expired,
            label=_("Abgelaufene hochgeladene Listen löschen"),
        )

        register_nav(_("Netzwerk"), "network:network", permissions.view_network, order=40)
        register_nav(
            _("Akteure"), "network:organisation_list", permissions.view_organisation, order=41
        )
        register_nav(
            _("Einschätzungen"),
            "network:relationship_list",
            permissions.view_relationship,
            order=42,
        )
        register_nav(_("Gremien"), "network:body_list", permissions.view_body, order=43)
        register_nav(
            _("Datenschutz"),
            "network:processing_register",
            permissions.view_register,
            order=880,
            group="admin",
        )
