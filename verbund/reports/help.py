"""Short help for the pages of the development report (shown at the foot of each page)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "reports:report_list": _(
            "Die Entwicklungsberichte der Familienzentren, mit ihren festgeschriebenen Fassungen."
        ),
        "reports:report_create": _(
            "Wählen Sie Familienzentrum und Zeitraum. Die Zahlen liest Verbund bei jedem Öffnen "
            "frisch aus den Daten; Ihre Texte ergänzen Sie danach."
        ),
        "reports:report_detail": _(
            "Sozialraum, Netzwerk, Angebote, Bedarfe, Ziele und Sitzungen im Zeitraum – als "
            "PDF oder Word-Dokument. „Fassung festschreiben“ legt den Bericht unveränderlich im "
            "Archiv ab."
        ),
        "reports:report_edit": _(
            "Ihre Texte zu jedem Abschnitt: Einleitung, Einordnung der Zahlen, Ausblick."
        ),
        "reports:report_docx": _(
            "Der Bericht als Word-Dokument zum Weiterbearbeiten, mit Überschriften und Tabellen."
        ),
        "reports:report_freeze": _(
            "Die Fassung wird als PDF im Archiv des Familienzentrums abgelegt und nicht mehr "
            "geändert; eine spätere Fassung wird eine neue Version."
        ),
    }
)
