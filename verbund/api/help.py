"""Short help for the API token pages (shown at the foot of each page)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "api_tokens:list": _(
            "Mit einem API-Zugang pflegt die Software Ihrer Organisation ihre Angebote in "
            "Verbund. Der Zugang wird nur einmal angezeigt; bewahren Sie ihn sicher auf."
        ),
        "api_tokens:revoke": _(
            "Der Zugang funktioniert danach sofort nicht mehr. Das lässt sich nicht rückgängig "
            "machen."
        ),
    }
)
