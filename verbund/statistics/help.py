"""Short help for this app's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "statistics:indicator_list": _(
            "Kennzahlen sind Werte aus der amtlichen Statistik je Sozialraum, zum Beispiel die "
            "Zahl der Kinder unter sechs Jahren."
        ),
        "statistics:indicator_create": _(
            "Legen Sie eine Kennzahl an: Name, Einheit und ob ein hoher Wert mehr Bedarf bedeutet."
        ),
        "statistics:indicator_detail": _(
            "Die Werte dieser Kennzahl je Sozialraum und Jahr und woher sie stammen."
        ),
        "statistics:indicator_update": _("Ändern Sie die Angaben zur Kennzahl."),
        "statistics:indicator_delete": _("Die Kennzahl wird mit allen ihren Werten gelöscht."),
        "statistics:area_values": _("Alle Kennzahlen eines Sozialraums über die Jahre."),
        "statistics:import_list": _(
            "Laden Sie Tabellen des Statistikamts hoch (CSV oder Excel). Jeder Import zeigt vor "
            "dem Speichern, was er übernimmt."
        ),
        "statistics:import_upload": _(
            "Wählen Sie eine CSV- oder Excel-Datei. Danach ordnen Sie Spalten und Sozialräume zu."
        ),
        "statistics:import_detail": _(
            "Ordnen Sie Spalten, Kennzahlen und Sozialräume zu und prüfen Sie die Vorschau, bevor "
            "Sie den Import übernehmen."
        ),
        "statistics:import_commit": _("Übernimmt die geprüften Werte in die Kennzahlen."),
        "statistics:import_cancel": _("Bricht den Import ab; es wird nichts gespeichert."),
        "statistics:import_retry": _("Startet das Einlesen der Datei noch einmal."),
        "statistics:mapping_delete": _(
            "Entfernt eine gespeicherte Zuordnung; künftige Importe fragen wieder nach."
        ),
    }
)
