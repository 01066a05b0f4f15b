"""Who may see and manage the API accesses of partner organisations (role matrix).

A partner creates tokens for its own organisation; the municipality's admin and the planner
see every token of the municipality, the admin may revoke one (e.g. when it leaked)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

M = Reach.MUNICIPALITY

view_api_tokens = Permission(
    "api.token.view",
    _("API-Zugänge von Partnerorganisationen ansehen"),
    {Role.PARTNER: Reach.OWN, Role.PLANNER: M, Role.ADMIN: M},
)
create_api_token = Permission(
    "api.token.create",
    _("API-Zugänge für die eigene Organisation anlegen"),
    {Role.PARTNER: Reach.OWN},
)
revoke_api_token = Permission(
    "api.token.revoke",
    _("API-Zugänge widerrufen"),
    {Role.PARTNER: Reach.OWN, Role.ADMIN: M},
)

register(
    Policy(
        "api",
        _("Schnittstelle für Partnerorganisationen"),
        [view_api_tokens, create_api_token, revoke_api_token],
    )
)
