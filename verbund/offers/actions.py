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

# --- catalogue part: status, review and freshness of an offer ---------------------------------
register_actions(
    {
        "offers.offer.status": _("hat den Status des Angebots %(object)s geändert"),
        "offers.offer.submitted": _("hat das Angebot %(object)s zur Freigabe vorgelegt"),
        "offers.offer.approved": _("hat das Angebot %(object)s freigegeben"),
        "offers.offer.returned": _("hat das Angebot %(object)s mit Begründung zurückgegeben"),
        "offers.offer.confirmed": _("hat bestätigt, dass die Angaben zu %(object)s noch stimmen"),
        "offers.offer.reminded": _("hat an die Bestätigung des Angebots %(object)s erinnert"),
        "offers.offer.hidden_stale": _(
            "hat das Angebot %(object)s aus der öffentlichen Ansicht genommen, weil die Angaben "
            "nicht bestätigt wurden"
        ),
        # transfer part (import and export)
        "offers.import.commit": _("hat Angebote aus einer Tabelle für %(object)s übernommen"),
        # schedules part: schedules and calendar addresses
        "offers.schedule.create": _("hat einen Termin für %(object)s eingetragen"),
        "offers.schedule.update": _("hat den Termin %(object)s geändert"),
        "offers.schedule.delete": _("hat den Termin %(object)s gelöscht"),
        "offers.feedtoken.create": _("hat die persönliche Kalenderadresse %(object)s erstellt"),
        "offers.feedtoken.revoke": _("hat die persönliche Kalenderadresse %(object)s widerrufen"),
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
