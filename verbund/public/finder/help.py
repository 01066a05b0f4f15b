"""Page help of the finder part's internal page."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "public:search_stats": _(
            "Wonach Familien in der öffentlichen Angebotssuche suchen, anonym gezählt: je Tag "
            "und Kombination der Filter (Alter, Thema, Sprache, kostenlos, Wochentag, Tageszeit, "
            "Art des Ortes, stufenlos). Gespeichert werden keine IP-Adressen, keine Suchwörter "
            "und keine Orte. Vergleichen Sie die Zahlen mit den Lücken in der Präventionskette."
        ),
    }
)
