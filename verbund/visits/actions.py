"""German wording of the audit actions of the welcome visits (registered in VisitsConfig.ready).

No entry carries personal data: the object is named "Familie #id", snapshots hold only ids,
dates, status and counts."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

ACTION_LABELS = {
    "visits.family.viewed": _("hat die Angaben der %(object)s gelesen"),
    "visits.family.offers_printed": _("hat die Angebotsliste der %(object)s erstellt"),
    "visits.births.previewed": _("hat eine Geburtenliste zur Vorschau hochgeladen"),
    "visits.births.discarded": _("hat eine Geburtenliste verworfen"),
    "visits.births.imported": _("hat eine Geburtenliste eingelesen"),
    "visits.family.announced": _("hat die Ankündigung an %(object)s gedruckt"),
    "visits.visit.recorded": _("hat einen Besuch bei %(object)s erfasst"),
    "visits.family.declined": _("hat die Absage der %(object)s erfasst"),
    "visits.family.not_reached": _("hat %(object)s als nicht erreicht abgeschlossen"),
    "visits.family.moved": _("hat %(object)s einem anderen Familienzentrum zugeordnet"),
    "visits.family.anonymised": _("hat Name und Anschrift der %(object)s gelöscht"),
    "visits.streets.imported": _("hat das Straßenverzeichnis eingelesen"),
    "visits.settings.changed": _("hat die Einstellungen der Begrüßungsbesuche geändert"),
}

register_actions(ACTION_LABELS)
