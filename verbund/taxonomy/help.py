"""Short help for the taxonomy pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "taxonomy:index": _(
            "Diese Listen teilen sich Angebote und Bedarfe: Lebensphasen, Übergänge, Themen, "
            "Zielgruppen und Leistungsarten. Was Sie hier ändern, gilt überall in der Kommune."
        ),
        "taxonomy:list": _(
            "Bezeichnung, Erläuterung und Reihenfolge können Sie jederzeit ändern. Der "
            "Schlüssel bleibt fest, damit Importe und Schnittstellen weiter passen. Nicht mehr "
            "angebotene Begriffe bleiben an bestehenden Einträgen erhalten."
        ),
        "taxonomy:create": _(
            "Der Schlüssel wird aus der Bezeichnung gebildet und kann nur jetzt geändert werden."
        ),
        "taxonomy:update": _(
            "Ändern Sie Bezeichnung, Erläuterung, Reihenfolge oder ob der Begriff in "
            "Auswahllisten angeboten wird. Der Schlüssel bleibt fest."
        ),
    }
)
