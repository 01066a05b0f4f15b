from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_action

register_action("feeds.source.create", _("hat das Verzeichnis %(object)s angelegt"))
register_action("feeds.source.update", _("hat das Verzeichnis %(object)s geändert"))
register_action("feeds.run.start", _("hat den Abruf %(object)s gestartet"))
register_action("feeds.run.commit", _("hat den Abruf %(object)s übernommen"))
register_action("feeds.mapping.save", _("hat Begriffe des Verzeichnisses %(object)s zugeordnet"))
register_action("feeds.offers.release", _("hat Angebote aus %(object)s für Familien freigegeben"))
register_action(
    "feeds.offers.withdraw", _("hat Angebote aus %(object)s wieder nur im Netzwerk gezeigt")
)
