"""German wording of the audit actions of meetings (registered in MeetingsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

ACTION_LABELS = {
    "meetings.meeting.created": _("hat die Sitzung %(object)s angelegt"),
    "meetings.meeting.changed": _("hat die Sitzung %(object)s geändert"),
    "meetings.agenda.created": _("hat den Tagesordnungspunkt %(object)s angelegt"),
    "meetings.agenda.changed": _("hat den Tagesordnungspunkt %(object)s geändert"),
    "meetings.attendance.changed": _("hat die Anwesenheit der Sitzung %(object)s erfasst"),
    "meetings.decision.created": _("hat %(object)s gefasst"),
    "meetings.action.created": _("hat die Aufgabe %(object)s angelegt"),
    "meetings.action.done": _("hat die Aufgabe %(object)s erledigt"),
    "meetings.minutes.status": _("hat den Stand des Protokolls von %(object)s geändert"),
    "meetings.minutes.approved": _("hat das Protokoll von %(object)s genehmigt"),
    "meetings.minutes.correction": _("hat eine Korrektur des Protokolls %(object)s begonnen"),
    "meetings.reader.created": _("hat %(object)s als ständige Leserin/ständigen Leser eingetragen"),
    "meetings.invitation.sent": _("hat zur Sitzung %(object)s eingeladen"),
    "meetings.invitation.answered": _("Antwort auf die Einladung zu %(object)s"),
    "meetings.circle.created": _("hat die Runde %(object)s angelegt"),
    "meetings.circle.changed": _("hat die Runde %(object)s geändert"),
    "meetings.agenda.deleted": _("hat einen Tagesordnungspunkt der Sitzung %(object)s gelöscht"),
    "meetings.decision.deleted": _("hat einen Beschluss der Sitzung %(object)s gelöscht"),
    "meetings.action.reminded": _("Erinnerung an die Aufgabe %(object)s verschickt"),
}

register_actions(ACTION_LABELS)
