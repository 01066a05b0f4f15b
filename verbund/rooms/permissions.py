"""Who may do what with rooms and bookings.

Viewing and booking reach the rooms of the centre's own facilities and the partners' rooms
shared with the centre through a cooperation agreement in force (``Room.access_paths``).
Managing a room (its data, archiving, sharing) is checked against the room's holder — the
facility or the partner organisation — so a centre that may book a shared room cannot change
it; the partner manages the rooms of its own organisation.
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

M = Reach.MUNICIPALITY
C = Reach.CENTRE

view_room = Permission(
    "rooms.view",
    _("Räume und ihre Belegung ansehen"),
    {
        Role.COORDINATOR: C,
        Role.CENTRE_LEAD: C,
        Role.STAFF: C,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.PLANNER: M,
        Role.ADMIN: M,
        Role.PARTNER: Reach.OWN,
    },
)
manage_room = Permission(
    "rooms.manage",
    _("Räume anlegen, bearbeiten, archivieren und über Vereinbarungen freigeben"),
    {Role.COORDINATOR: C, Role.CENTRE_LEAD: C, Role.ADMIN: M, Role.PARTNER: Reach.OWN},
)
book_room = Permission(
    "rooms.book",
    _("Räume buchen und Buchungen stornieren"),
    {
        Role.COORDINATOR: C,
        Role.CENTRE_LEAD: C,
        Role.STAFF: C,
        Role.ADMIN: M,
        Role.PARTNER: Reach.OWN,
    },
)
manage_holidays = Permission(
    "rooms.holidays",
    _("Schulferien der Kommune importieren (iCal)"),
    {Role.ADMIN: M},
)

register(
    Policy(
        "rooms",
        _("Räume und Belegung"),
        [view_room, manage_room, book_room, manage_holidays],
        order=45,
    )
)
