from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "verbund.cooperation"
    label = "cooperation"
    nav_group = "network"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Kooperationsvereinbarungen")

    def ready(self) -> None:

        from verbund.core.navigation import register_nav
        from verbund.network.edges import register_edge_source

        from . import (  # noqa: F401
            actions,
            help,
            permissions,
            privacy,
            search,
        )
        from .models import Agreement, Party
        from .selectors import agreement_edges

        privacy.register_places()
        register_edge_source("cooperation.agreements", agreement_edges, models=(Agreement, Party))

        register_nav(
            _("Kooperationen"), "cooperation:agreement_list", permissions.view_agreement, order=40
        )

        from verbund.core.scheduler import register_periodic_job

        from . import dashboard

        dashboard.register()

        from .reminders import scheduled_reminders

        register_periodic_job(
            "cooperation.reminders",
            scheduled_reminders,
            label=_("Erinnerungen zu Überprüfung und Ablauf von Vereinbarungen senden"),
        )
