"""German wording of the audit actions of the partner API (registered in ApiConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "api.token.create": _("hat den API-Zugang %(object)s angelegt"),
        "api.token.revoke": _("hat den API-Zugang %(object)s widerrufen"),
    }
)
