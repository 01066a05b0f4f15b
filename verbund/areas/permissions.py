from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, everyone, register
from verbund.core.roles import Reach, Role

view_area = Permission(
    "areas.area.view",
    _("Sozialräume, Karten und Begehungen ansehen"),
    everyone(Reach.MUNICIPALITY),
)
manage_area = Permission(
    "areas.area.manage",
    _("Gebiete importieren, bearbeiten und löschen"),
    {Role.PLANNER: Reach.MUNICIPALITY, Role.ADMIN: Reach.MUNICIPALITY},
)
change_sozialraum = Permission(
    "areas.sozialraum.change",
    _("Sozialraum eines Familienzentrums festlegen"),
    {Role.COORDINATOR: Reach.CENTRE, Role.ADMIN: Reach.MUNICIPALITY},
)
manage_walk = Permission(
    "areas.walk.manage",
    _("Begehungen und Beobachtungen erfassen"),
    {
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
        Role.ADMIN: Reach.MUNICIPALITY,
    },
)

register(
    Policy(
        "areas",
        _("Sozialräume und Begehungen"),
        [view_area, manage_area, change_sozialraum, manage_walk],
    )
)
