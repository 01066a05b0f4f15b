from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "verbund.cooperation"
    label = "cooperation"
    verbose_name = _("Kooperationsvereinbarungen")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import actions, permissions, privacy  # noqa: F401

        privacy.register_places()

        register_nav(
            _("Kooperationen"), "cooperation:agreement_list", permissions.view_agreement, order=40
        )

        from verbund.core.scheduler import register_periodic_job

        from .reminders import scheduled_reminders

        register_periodic_job(
            "cooperation.reminders",
            scheduled_reminders,
            label=_("Erinnerungen zu Überprüfung und Ablauf von Vereinbarungen senden"),
        )
