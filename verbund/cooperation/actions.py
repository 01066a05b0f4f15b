"""German wording of the audit actions of cooperation (registered in CooperationConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

ACTION_LABELS = {
    "cooperation.agreement.created": _("hat die Vereinbarung %(object)s angelegt"),
    "cooperation.agreement.changed": _("hat den Inhalt der Vereinbarung %(object)s geändert"),
    "cooperation.agreement.reopened": _(
        "hat die Vereinbarung %(object)s zurück in den Entwurf gesetzt"
    ),
    "cooperation.agreement.negotiation_started": _(
        "hat die Abstimmung der Vereinbarung %(object)s begonnen"
    ),
    "cooperation.agreement.signed": _("hat die Vereinbarung %(object)s als unterzeichnet erfasst"),
    "cooperation.agreement.activated": _("hat die Vereinbarung %(object)s aktiv gesetzt"),
    "cooperation.agreement.review_started": _(
        "hat die Überprüfung der Vereinbarung %(object)s begonnen"
    ),
    "cooperation.agreement.ended": _("hat die Vereinbarung %(object)s beendet"),
    "cooperation.version.created": _("hat die neue Fassung %(object)s angelegt"),
    "cooperation.version.personal_data_erased": _(
        "hat personenbezogene Daten aus der unterzeichneten Fassung %(object)s gelöscht "
        "(Art. 17 DSGVO)"
    ),
    "cooperation.party.changed": _("hat die Angaben der Partei %(object)s geändert"),
    "cooperation.responsibility.created": _("hat die Zuständigkeit %(object)s hinzugefügt"),
    "cooperation.responsibility.deleted": _("hat die Zuständigkeit %(object)s entfernt"),
    "cooperation.resource.created": _("hat die Ressource %(object)s hinzugefügt"),
    "cooperation.resource.deleted": _("hat die Ressource %(object)s entfernt"),
    "cooperation.attachment.uploaded": _("hat die Datei %(object)s hochgeladen"),
    "cooperation.attachment.deleted": _("hat die Datei %(object)s entfernt"),
    "cooperation.reminder.sent": _("hat eine Erinnerung zu %(object)s gesendet"),
}

register_actions(ACTION_LABELS)
