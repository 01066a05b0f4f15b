from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "verbund.quality"
    label = "quality"
    nav_group = "centres"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Gütesiegel")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import actions, help, permissions, rule_types  # noqa: F401

        rule_types.register()
        register_nav(_("Gütesiegel"), "quality:overview", permissions.view_selfcheck, order=60)
