from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "offers.offer.create": _("hat das Angebot %(object)s angelegt"),
        "offers.offer.update": _("hat das Angebot %(object)s geändert"),
        # -- overlaps and brokering (part "overlaps") --
        "offers.pair.mark": _("hat die Angebote %(object)s als sich ergänzend gekennzeichnet"),
        "offers.pair.unmark": _(
            "hat die Kennzeichnung von %(object)s als sich ergänzend aufgehoben"
        ),
        "offers.referral.record": _("hat die %(object)s festgehalten"),
        "offers.referral.outcome": _("hat das Ergebnis der %(object)s festgehalten"),
        # -- end overlaps --
    }
)
