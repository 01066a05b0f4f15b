"""Who may do what with development reports.

The centre's coordinator and lead write and generate their centre's report and freeze it into
the archive; the provider (Träger) and the municipality's planners read. Partners and the
visiting team see nothing.
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

M = Reach.MUNICIPALITY
C = Reach.CENTRE
P = Reach.PROVIDER

view_report = Permission(
    "reports.report.view",
    _("Entwicklungsberichte ansehen"),
    {
        Role.COORDINATOR: C,
        Role.CENTRE_LEAD: C,
        Role.PROVIDER_ADMIN: P,
        Role.PLANNER: M,
        Role.ADMIN: M,
    },
)
edit_report = Permission(
    "reports.report.edit",
    _("Entwicklungsbericht schreiben, als PDF/DOCX erstellen und im Archiv festschreiben"),
    {Role.COORDINATOR: C, Role.CENTRE_LEAD: C},
)

register(
    Policy(
        "reports",
        _("Entwicklungsberichte"),
        [view_report, edit_report],
        order=62,
    )
)
