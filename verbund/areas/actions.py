"""German wording of the audit actions of areas (registered in AreasConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "areas.import.uploaded": _("hat die Gebietsdatei %(object)s hochgeladen"),
        "areas.import.reconfigured": _("hat die Einstellungen des Imports %(object)s geändert"),
        "areas.import.discarded": _("hat den Import %(object)s verworfen"),
        "areas.import.checked": _("hat die Gebietsdatei %(object)s prüfen lassen"),
        "areas.import.commit_started": _("hat die Übernahme des Imports %(object)s gestartet"),
        "areas.import.cancelled": _("hat die Übernahme des Imports %(object)s abgebrochen"),
        "areas.import.failed": _("ist mit der Übernahme des Imports %(object)s gescheitert"),
        "areas.import.retried": _("hat die Übernahme des Imports %(object)s erneut gestartet"),
        "areas.area.imported": _("hat Gebiete aus %(object)s übernommen"),
        "areas.area.changed": _("hat das Gebiet %(object)s geändert"),
        "areas.area.deleted": _("hat das Gebiet %(object)s gelöscht"),
        "areas.sozialraum.changed": _("hat den Sozialraum von %(object)s geändert"),
        "areas.walk.created": _("hat die Begehung %(object)s angelegt"),
        "areas.walk.changed": _("hat die Begehung %(object)s geändert"),
        "areas.walk.deleted": _("hat die Begehung %(object)s gelöscht"),
        "areas.observation.created": _("hat die Beobachtung %(object)s erfasst"),
        "areas.observation.changed": _("hat die Beobachtung %(object)s geändert"),
        "areas.observation.deleted": _("hat die Beobachtung %(object)s gelöscht"),
        "areas.photo.added": _("hat der Beobachtung %(object)s ein Foto hinzugefügt"),
        "areas.photo.deleted": _("hat ein Foto der Beobachtung %(object)s entfernt"),
    }
)
