from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "verbund.statistics"
    label = "statistics"
    nav_group = "area"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Sozialraumdaten")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from verbund.core.navigation import register_nav

        from . import actions, dashboard, help, permissions, signals, value_counts  # noqa: F401

        dashboard.register()
        value_counts.connect()

        register_nav(
            _("Sozialraumdaten"), "statistics:indicator_list", permissions.view_values, order=30
        )
        register_nav(
            _("Datenimport"), "statistics:import_list", permissions.import_values, order=35
        )
