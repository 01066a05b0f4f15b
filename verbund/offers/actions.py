from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "offers.offer.create": _("hat das Angebot %(object)s angelegt"),
        "offers.offer.update": _("hat das Angebot %(object)s geändert"),
        # transfer part (import and export)
        "offers.import.commit": _("hat Angebote aus einer Tabelle für %(object)s übernommen"),
    }
)
