"""Short help for the pages of the document archive (shown at the foot of each page)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "documents:list": _(
            "Das Archiv Ihres Familienzentrums und der Kommune: Protokolle, Anträge, Nachweise, "
            "Konzeptionen, Broschüren. Die Suche findet auch Wörter im Text von PDF-, Word- "
            "und ODT-Dateien; die Filter stehen in der Adresse, Sie können sie weitergeben."
        ),
        "documents:create": _(
            "Laden Sie eine Datei hoch und sagen Sie, was sie ist. Dateien mit Makros, "
            "JavaScript oder versteckten Inhalten werden abgelehnt. Der Text wird danach im "
            "Hintergrund für die Suche gelesen."
        ),
        "documents:detail": _(
            "Alle Fassungen des Dokuments, womit es verknüpft ist, bis wann es aufbewahrt wird "
            "und wer was geändert hat."
        ),
        "documents:edit": _(
            "Titel, Art, Schlagwörter und Sichtbarkeit ändern. Öffentliche Broschüren stehen auf "
            "der Homepage des Familienzentrums zum Herunterladen."
        ),
        "documents:delete": _(
            "Das Dokument mit allen Fassungen löschen. Die Löschung wird protokolliert."
        ),
        "documents:version_create": _(
            "Eine neue Fassung hochladen; die bisherigen Fassungen bleiben erhalten."
        ),
        "documents:link_create": _(
            "Das Dokument mit einer Sitzung, Vereinbarung, einem Angebot oder Gremium verknüpfen, "
            "damit es dort zu finden ist."
        ),
        "documents:link_delete": _("Die Verknüpfung wird entfernt, das Dokument bleibt."),
    }
)
