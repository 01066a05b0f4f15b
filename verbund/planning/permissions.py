"""Who may do what with annual programmes, reviews and the working-conditions sheet.

The centre's coordinator and lead write their centre's programme; the provider (Träger)
approves it or returns it; the municipality's planners read. Partners see nothing.
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

M = Reach.MUNICIPALITY
C = Reach.CENTRE
P = Reach.PROVIDER

view_programme = Permission(
    "planning.programme.view",
    _("Jahresprogramme, Ziele und Überprüfungen ansehen"),
    {
        Role.COORDINATOR: C,
        Role.CENTRE_LEAD: C,
        Role.STAFF: C,
        Role.PROVIDER_ADMIN: P,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)
edit_programme = Permission(
    "planning.programme.edit",
    _("Jahresprogramm, Ziele und Maßnahmen bearbeiten, einreichen und überprüfen"),
    {Role.COORDINATOR: C, Role.CENTRE_LEAD: C},
)
approve_programme = Permission(
    "planning.programme.approve",
    _("Jahresprogramme freigeben oder zurückgeben (Träger)"),
    {Role.PROVIDER_ADMIN: P},
)
view_conditions = Permission(
    "planning.conditions.view",
    _("Blatt zu den Arbeitsbedingungen der Koordinierungskraft ansehen"),
    {Role.COORDINATOR: C, Role.PROVIDER_ADMIN: P, Role.ADMIN: M},
)
record_training = Permission(
    "planning.training.record",
    _("Fortbildungen und Supervision der Koordinierungskraft eintragen"),
    {Role.COORDINATOR: C, Role.PROVIDER_ADMIN: P, Role.ADMIN: M},
)
set_hours = Permission(
    "planning.hours.set",
    _("Vertragliche Wochenstunden der Koordinierungskraft eintragen"),
    {Role.PROVIDER_ADMIN: P, Role.ADMIN: M},
)

register(
    Policy(
        "planning",
        _("Jahresplanung und Arbeitsbedingungen"),
        [
            view_programme,
            edit_programme,
            approve_programme,
            view_conditions,
            record_training,
            set_hours,
        ],
        order=60,
    )
)
