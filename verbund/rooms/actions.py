"""German wording of the audit actions of rooms (registered in RoomsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

ACTION_LABELS = {
    "rooms.room.created": _("hat den Raum %(object)s angelegt"),
    "rooms.room.changed": _("hat den Raum %(object)s geändert"),
    "rooms.room.archived": _("hat den Raum %(object)s archiviert"),
    "rooms.room.restored": _("hat den Raum %(object)s wieder aktiviert"),
    "rooms.share.created": _("hat den Raum über die Vereinbarung freigegeben: %(object)s"),
    "rooms.share.deleted": _("hat die Raumfreigabe %(object)s beendet"),
    "rooms.booking.created": _("hat die Buchung %(object)s angelegt"),
    "rooms.booking.changed": _("hat die Buchung %(object)s geändert"),
    "rooms.booking.cancelled": _("hat die Buchung %(object)s storniert"),
    "rooms.holiday.imported": _("hat die Ferienzeit %(object)s importiert"),
    "rooms.holiday.deleted": _("hat die Ferienzeit %(object)s gelöscht"),
}

register_actions(ACTION_LABELS)
