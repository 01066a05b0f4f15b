from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "offers.offer.create": _("hat das Angebot %(object)s angelegt"),
        "offers.offer.update": _("hat das Angebot %(object)s geändert"),
        # schedules part: schedules and calendar addresses
        "offers.schedule.create": _("hat einen Termin für %(object)s eingetragen"),
        "offers.schedule.update": _("hat den Termin %(object)s geändert"),
        "offers.schedule.delete": _("hat den Termin %(object)s gelöscht"),
        "offers.feedtoken.create": _("hat die persönliche Kalenderadresse %(object)s erstellt"),
        "offers.feedtoken.revoke": _("hat die persönliche Kalenderadresse %(object)s widerrufen"),
    }
)
