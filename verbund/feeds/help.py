"""Short help for the pages of the directory import (shown at the foot of each page)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "feeds:sources": _(
            "Angebotsverzeichnisse anderer Kommunen (Open Referral HSDS), die Sie eingelesen "
            "haben. Ihre Angebote zählen in der Lückenmatrix mit."
        ),
        "feeds:source_new": _(
            "Geben Sie die Adresse der HSDS-Schnittstelle an oder laden Sie ein Datenpaket "
            "(ZIP) hoch. Verbund prüft erst alles und zeigt eine Vorschau."
        ),
        "feeds:source": _(
            "Die eingelesenen Angebote. Für Familien sichtbar werden sie erst, wenn Sie sie "
            "freigeben."
        ),
        "feeds:run": _(
            "Vorschau: Fehler je Eintrag und unbekannte Begriffe, die Sie unseren zuordnen. "
            "Übernommen wird alles oder nichts; die Zuordnung gilt auch beim nächsten Mal."
        ),
    }
)
