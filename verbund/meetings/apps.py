from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "verbund.meetings"
    label = "meetings"
    nav_group = "network"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Sitzungen und Protokolle")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav

        from . import actions, archive, dashboard, help, permissions, privacy  # noqa: F401

        register_nav(_("Sitzungen"), "meetings:meeting_list", permissions.view_meeting, order=40)
        register_nav(_("Meine Aufgaben"), "meetings:my_tasks", permissions.view_meeting, order=41)
        privacy.register_places()
        archive.register()  # meetings and agenda items as link targets of the archive
        dashboard.register()  # the user's open action items on "Was steht an"

        from verbund.core.scheduler import register_periodic_job

        from .reminders import scheduled_action_reminders

        register_periodic_job(
            "meetings.action_reminders",
            scheduled_action_reminders,
            label=_("Erinnerungen an bald fällige Aufgaben aus Sitzungen senden"),
        )
