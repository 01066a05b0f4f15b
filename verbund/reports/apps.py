from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "verbund.reports"
    label = "reports"
    nav_group = "centres"
    verbose_name = _("Entwicklungsberichte")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import actions, archive, help, permissions  # noqa: F401

        register_nav(
            _("Entwicklungsberichte"), "reports:report_list", permissions.view_report, order=47
        )
        archive.register()
