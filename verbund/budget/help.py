"""Short help for the pages of the action budget (shown at the foot of each page)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "budget:budget_list": _(
            "Die Aktionsbudgets je Sozialraum oder Familienzentrum: wie viel bewilligt, "
            "ausgegeben und noch frei ist."
        ),
        "budget:budget_create": _(
            "Ein Budget für ein Jahr mit Geldgeber und der Stelle, die über Anträge entscheidet. "
            "Beträge wie 1.234,56 eingeben."
        ),
        "budget:budget_detail": _(
            "Stand des Budgets, die Anträge und die Buchungen. Der Export ist für die "
            "Buchhaltung gedacht."
        ),
        "budget:budget_update": _(
            "Das Budget ändern. Es kann nicht unter das bereits Ausgegebene gesenkt werden."
        ),
        "budget:application_create": _(
            "Beantragen Sie Mittel für eine kleine Maßnahme: wofür, wie viel, wann und auf "
            "welchen Bedarf oder welches Ziel sie antwortet."
        ),
        "budget:application_detail": _("Der Antrag, die Entscheidung und die Ausgaben dazu."),
        "budget:application_decide": _(
            "Bewilligen, teilweise bewilligen oder ablehnen. Außer bei voller Bewilligung "
            "braucht die Entscheidung eine Begründung."
        ),
        "budget:spending_create": _(
            "Eine Ausgabe mit Beleg (PDF, JPEG oder PNG) erfassen. Mehr als bewilligt lässt "
            "sich nicht buchen."
        ),
    }
)
