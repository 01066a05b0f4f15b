"""German wording of the audit actions of statistics (registered in StatisticsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "statistics.catalogue.seeded": _("hat den Kennzahlenkatalog eingerichtet"),
        "statistics.import.uploaded": _("hat die Statistikdatei %(object)s hochgeladen"),
        "statistics.import.check_started": _("hat die Prüfung von %(object)s gestartet"),
        "statistics.import.checked": _("hat die Statistikdatei %(object)s geprüft"),
        "statistics.import.committed": _("hat die Werte aus %(object)s übernommen"),
        "statistics.import.failed": _("ist beim Einlesen von %(object)s gescheitert"),
        "statistics.import.cancelled": _("hat den Import %(object)s abgebrochen"),
        "statistics.import.cancel_requested": _(
            "hat den Abbruch des Imports %(object)s angefordert"
        ),
        "statistics.import.refused": _(
            "hat %(object)s nicht übernommen: die gespeicherten Werte hatten sich geändert"
        ),
        "statistics.import.retried": _("hat den Import %(object)s erneut gestartet"),
        "statistics.indicator.created": _("hat die Kennzahl %(object)s angelegt"),
        "statistics.indicator.changed": _("hat die Kennzahl %(object)s geändert"),
        "statistics.indicator.deleted": _("hat die Kennzahl %(object)s gelöscht"),
        "statistics.mapping.saved": _("hat die Spaltenzuordnung %(object)s gespeichert"),
        "statistics.mapping.deleted": _("hat die Spaltenzuordnung %(object)s gelöscht"),
        "statistics.alias.created": _("hat den Gebietsnamen %(object)s hinzugefügt"),
        "statistics.indicators.created_from_import": _(
            "hat Kennzahlen aus der Datei %(object)s angelegt"
        ),
    }
)
