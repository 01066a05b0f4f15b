from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "verbund.tenancy"
    label = "tenancy"
    nav_group = "centres"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Kommunen, Träger und Einrichtungen")

    def ready(self) -> None:

        from django.utils.translation import gettext_lazy as _

        from verbund.core.navigation import register_nav

        from . import (  # noqa: F401
            actions,
            help,
            permissions,
            rows_cache,
            search,
        )

        rows_cache.connect()

        register_nav(
            _("Übersicht"), "tenancy:home", permissions.view_municipality, order=0, group="start"
        )
        register_nav(_("Familienzentren"), "tenancy:centre_list", permissions.view_centre, order=5)
        register_nav(
            _("Einrichtungen"), "tenancy:facility_list", permissions.view_facility, order=10
        )
        register_nav(
            _("Protokoll"), "tenancy:audit_log", permissions.view_audit, order=900, group="admin"
        )
