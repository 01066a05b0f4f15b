"""German wording of the audit actions of the action budget (registered in BudgetConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

ACTION_LABELS = {
    "budget.budget.created": _("hat das Aktionsbudget %(object)s angelegt"),
    "budget.budget.changed": _("hat das Aktionsbudget %(object)s geändert"),
    "budget.application.created": _("hat den Antrag %(object)s gestellt"),
    "budget.application.decided": _("hat über den Antrag %(object)s entschieden"),
    "budget.spending.recorded": _("hat zu %(object)s eine Ausgabe mit Beleg gebucht"),
}

register_actions(ACTION_LABELS)
