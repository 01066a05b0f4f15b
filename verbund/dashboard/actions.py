"""German wording of the audit actions of the dashboard (registered in DashboardConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "dashboard.settings.changed": _("hat die Einstellungen der Benachrichtigungen geändert"),
    }
)
