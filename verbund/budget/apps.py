from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "verbund.budget"
    label = "budget"
    nav_group = "centres"  # main-menu section (verbund.core.navigation.GROUPS)
    verbose_name = _("Aktionsbudget")

    def ready(self) -> None:
        from verbund.core.navigation import register_nav
        from verbund.dashboard.registry import register_items

        from . import actions, help, permissions  # noqa: F401
        from .dashboard import applications_to_decide_items, decisions_items

        register_nav(_("Aktionsbudget"), "budget:budget_list", permissions.view_budget, order=70)
        reads = (
            "budget.ActionBudget",
            "budget.BudgetApplication",
            "network.Organisation",
            "tenancy.FamilyCentre",
        )
        register_items(
            "budget.to_decide", applications_to_decide_items, group="steps", order=60, reads=reads
        )
        register_items("budget.decided", decisions_items, group="other", order=60, reads=reads)
