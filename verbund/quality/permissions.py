"""Who may do what with the quality-seal self-check.

The coordinator and the lead of a centre fill in its self-check; the provider's head of
department reads those of the provider's centres, the municipality's planners and
administrators read all and look after the criteria catalogue. Partners see nothing here.
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

view_selfcheck = Permission(
    "quality.view",
    _("Selbstchecks zum Gütesiegel ansehen"),
    {
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.ADMIN: Reach.MUNICIPALITY,
    },
)
edit_selfcheck = Permission(
    "quality.edit",
    _("Selbstcheck des eigenen Familienzentrums bearbeiten"),
    {Role.COORDINATOR: Reach.CENTRE, Role.CENTRE_LEAD: Reach.CENTRE},
)
manage_catalogue = Permission(
    "quality.catalogue",
    _("Kriterienkatalog einlesen und Nachweise für alle Familienzentren ermitteln"),
    {Role.PLANNER: Reach.MUNICIPALITY, Role.ADMIN: Reach.MUNICIPALITY},
)

register(
    Policy(
        "quality",
        _("Gütesiegel-Selbstcheck"),
        [view_selfcheck, edit_selfcheck, manage_catalogue],
        order=78,
    )
)
