from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "offers.offer.create": _("hat das Angebot %(object)s angelegt"),
        "offers.offer.update": _("hat das Angebot %(object)s geändert"),
    }
)

# gaps part: a need marked as answered by an offer (or no longer)
register_actions(
    {
        "offers.need.answered": _(
            "hat den Bedarf %(object)s als durch ein Angebot beantwortet markiert"
        ),
        "offers.need.unanswered": _(
            "hat die Antwort eines Angebots auf den Bedarf %(object)s entfernt"
        ),
    }
)
