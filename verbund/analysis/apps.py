from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "verbund.analysis"
    label = "analysis"
    nav_group = "area"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Sozialraumanalyse: Profile, Kennzahlen der Zentren und Bedarfe")

    def ready(self) -> None:

        from verbund.core.navigation import register_nav

        from . import (  # noqa: F401
            actions,
            dashboard,
            help,
            list_cache,
            map_cache,
            permissions,
            search,
            term_usage,
        )

        dashboard.register()
        term_usage.register()
        map_cache.connect()
        list_cache.connect()

        register_nav(_("Sozialraumanalyse"), "analysis:overview", permissions.view_profiles, 30)
        register_nav(_("Kennzahlen"), "analysis:figures", permissions.view_figures, 32)
        register_nav(_("Bedarfe"), "analysis:need_list", permissions.view_needs, 34)
