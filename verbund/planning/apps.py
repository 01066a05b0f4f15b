from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "verbund.planning"
    label = "planning"
    nav_group = "centres"
    verbose_name = _("Jahresplanung")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import actions, dashboard, help, permissions  # noqa: F401

        register_nav(
            _("Jahresprogramme"), "planning:programme_list", permissions.view_programme, order=45
        )
        register_nav(
            _("Arbeitsbedingungen"),
            "planning:conditions_list",
            permissions.view_conditions,
            order=46,
        )
        dashboard.register()
