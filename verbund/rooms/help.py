"""Short help for this app's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "rooms:room_list": _(
            "Räume Ihrer Einrichtungen und Räume von Partnern, die eine Kooperationsvereinbarung "
            "für Ihr Familienzentrum freigibt. Die Auslastung zählt die gebuchten Stunden der "
            "nächsten vier Wochen gegen die Öffnungszeit."
        ),
        "rooms:room_create": _(
            "Ein Raum gehört zu einer Einrichtung des Verbunds oder zu einer Partnerorganisation."
        ),
        "rooms:room_update": _(
            "Ändern Sie Plätze, Barrierefreiheit, Ausstattung und Öffnungszeit."
        ),
        "rooms:room_detail": _(
            "Der Kalender zeigt jede Buchung, auch jeden Termin einer Reihe. Blättern Sie mit "
            "„vorige“ und „nächste“; auf dem Telefon erscheinen die Tage als Liste."
        ),
        "rooms:room_archive": _("Archivierte Räume können nicht mehr gebucht werden."),
        "rooms:room_share": _(
            "Ein Partnerraum wird für ein Familienzentrum buchbar, wenn eine Vereinbarung in "
            "Kraft ihn als Ressource „Räume“ einbringt."
        ),
        "rooms:room_unshare": _("Das Familienzentrum kann den Raum danach nicht mehr buchen."),
        "rooms:booking_create": _(
            "„Prüfen“ zeigt die Termine und jede Überschneidung mit anderen Buchungen, bevor "
            "Sie speichern. Eine Reihe braucht ein Enddatum oder eine Anzahl."
        ),
        "rooms:booking_detail": _(
            "Die nächsten Termine der Buchung; einzelne Termine einer Reihe können Sie absagen."
        ),
        "rooms:booking_update": _("Ändern Sie Zeit, Regel oder Ausnahmen; geprüft wird erneut."),
        "rooms:booking_cancel": _("Alle Termine der Buchung werden wieder frei."),
        "rooms:holidays": _(
            "Schulferien aus einer iCal-Datei: erst die Vorschau, dann wird alles übernommen "
            "oder nichts. Reihen mit „nicht in den Schulferien“ lassen diese Tage aus."
        ),
        "rooms:holiday_delete": _("Reihen finden an diesen Tagen danach wieder statt."),
    }
)
