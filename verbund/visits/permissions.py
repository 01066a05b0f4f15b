"""Who may see the welcome visits.

The families' records only the visit team of the family's centre (``Role.VISITOR``, one
membership per centre; checked against that role's own centres, see ``selectors``). Planning
sees the aggregates only; the municipality's administration keeps the street table and the
settings, never a family.
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

work_with_families = Permission(
    "visits.family.work",
    _("Begrüßungsbesuche: Familien ansehen, Geburtenliste einlesen, Besuche erfassen"),
    {Role.VISITOR: Reach.CENTRE},
)
view_visit_statistics = Permission(
    "visits.statistics.view",
    _("Begrüßungsbesuche: anonyme Auswertung ansehen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.VISITOR: Reach.MUNICIPALITY,
    },
)
manage_visit_settings = Permission(
    "visits.settings.manage",
    _("Begrüßungsbesuche: Straßenverzeichnis und Einstellungen pflegen"),
    {Role.ADMIN: Reach.MUNICIPALITY},
)
reassign_families = Permission(
    "visits.family.reassign",
    _("Begrüßungsbesuche: Familie einem anderen Familienzentrum zuordnen (nur mit Nummer)"),
    {Role.ADMIN: Reach.MUNICIPALITY},
)

register(
    Policy(
        "visits",
        _("Begrüßungsbesuche"),
        [work_with_families, view_visit_statistics, manage_visit_settings, reassign_families],
        order=95,
    )
)
