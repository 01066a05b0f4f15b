from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "verbund.dashboard"
    label = "dashboard"
    nav_group = "start"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Was steht an")

    def ready(self) -> None:
        from verbund.accounts.profile import register_profile_link
        from verbund.core.navigation import register_nav
        from verbund.core.scheduler import register_periodic_job
        from verbund.tenancy.start import register_centre_page, register_start_page

        from . import actions, help, permissions  # noqa: F401
        from .notify import scheduled_digest, scheduled_notifications
        from .views import centre_page_url, start_page

        register_start_page(start_page)
        register_centre_page(centre_page_url)
        register_nav(
            _("Mein Familienzentrum"), "dashboard:my_centre", permissions.view_centre_page, order=1
        )
        register_nav(
            _("Meine Organisation"),
            "dashboard:my_organisation",
            permissions.view_organisation_page,
            order=2,
        )
        register_nav(
            _("Benachrichtigungen"),
            "dashboard:notifications",
            permissions.view_notifications,
            order=3,
        )
        register_profile_link(
            _("Benachrichtigungen"),
            "dashboard:notification_settings",
            permissions.view_notifications,
            _("Tägliche Zusammenfassung per E-Mail ein- oder ausschalten."),
        )
        register_periodic_job(
            "dashboard.notifications",
            scheduled_notifications,
            label=_("Benachrichtigungen zu fälligen Aufgaben anlegen"),
        )
        register_periodic_job(
            "dashboard.digest",
            scheduled_digest,
            label=_("Tägliche Zusammenfassung der Benachrichtigungen per E-Mail senden"),
        )
