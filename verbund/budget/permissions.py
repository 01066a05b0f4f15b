"""Who may see and work with the action budgets.

The budgets themselves (amount, funding, what is left) are open to the whole network of the
municipality: partners must know there is money they can apply for. Applications and bookings
are seen by the centre concerned, its provider, the planning and the applying partner only.
Decisions are taken by the budget's owner (``ActionBudget.decided_by``): the youth-welfare
planning for the municipality's money, the provider for a centre budget it funds itself; the
services check the owner on top of the permission.
"""

from django.utils.translation import gettext_lazy as _

from verbund.core.permissions import Permission, Policy, register
from verbund.core.roles import Reach, Role

view_budget = Permission(
    "budget.budget.view",
    _("Aktionsbudgets ansehen (Betrag, Finanzierung, was noch frei ist)"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.MUNICIPALITY,
        Role.CENTRE_LEAD: Reach.MUNICIPALITY,
        Role.STAFF: Reach.MUNICIPALITY,
        Role.PARTNER: Reach.MUNICIPALITY,
    },
)
manage_budget = Permission(
    "budget.budget.manage",
    _("Aktionsbudgets anlegen und ändern"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
    },
)
apply_for_budget = Permission(
    "budget.application.create",
    _("Mittel beantragen (für das eigene Zentrum oder die eigene Organisation)"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
        Role.PARTNER: Reach.OWN,
    },
)
view_application = Permission(
    "budget.application.view",
    _("Anträge, Ausgaben und Belege des Aktionsbudgets ansehen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.STAFF: Reach.CENTRE,
        Role.PARTNER: Reach.OWN,
    },
)
decide_application = Permission(
    "budget.application.decide",
    _("Über Anträge entscheiden (bewilligen, teilweise, ablehnen), als Eigentümer"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
    },
)
record_spending = Permission(
    "budget.spending.record",
    _("Ausgaben mit Beleg zu einem bewilligten Antrag erfassen"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
        Role.PARTNER: Reach.OWN,
    },
)
export_bookings = Permission(
    "budget.bookings.export",
    _("Buchungen des Aktionsbudgets für die Buchhaltung exportieren"),
    {
        Role.ADMIN: Reach.MUNICIPALITY,
        Role.PLANNER: Reach.MUNICIPALITY,
        Role.PROVIDER_ADMIN: Reach.PROVIDER,
        Role.COORDINATOR: Reach.CENTRE,
        Role.CENTRE_LEAD: Reach.CENTRE,
    },
)

register(
    Policy(
        "budget",
        _("Aktionsbudget"),
        [
            view_budget,
            manage_budget,
            apply_for_budget,
            view_application,
            decide_application,
            record_spending,
            export_bookings,
        ],
        order=88,
    )
)
