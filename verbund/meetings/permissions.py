"""Who may do what with meetings, minutes and action items.

Reading reaches the meetings of every body a user's centre or organisation holds a seat in, of
the bodies their centre is responsible for, and of the circles their centre runs or they
belong to (``Meeting.access_paths``). Managing is checked against the series — the body or
circle — so a member centre reads but only the responsible centre manages. Confidential
minutes are further limited to those present and the named readers (``rules.py``).
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

M = Reach.MUNICIPALITY
C = Reach.CENTRE

view_meeting = Permission(
    "meetings.view",
    _("Sitzungen, Protokolle und Beschlüsse der eigenen Gremien ansehen"),
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
manage_meeting = Permission(
    "meetings.manage",
    _("Sitzungen planen, Anwesenheit und Protokoll führen, Protokolle genehmigen"),
    {Role.COORDINATOR: C, Role.CENTRE_LEAD: C, Role.STAFF: C, Role.ADMIN: M},
)

register(
    Policy(
        "meetings",
        _("Sitzungen und Protokolle"),
        [view_meeting, manage_meeting],
        order=55,
    )
)
