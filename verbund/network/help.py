"""Short help for this app's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "network:network": _(
            "Das Netzwerk zeigt, wer mit wem zusammenarbeitet. Organisationen, die Partner "
            "verbinden, die sonst nichts voneinander wissen, sind hervorgehoben; die Tabelle "
            "enthält dasselbe wie die Karte."
        ),
        "network:organisation_list": _(
            "Alle Partnerorganisationen des Netzwerks: Vereine, Beratungsstellen, Schulen, Ämter."
        ),
        "network:organisation_create": _(
            "Legen Sie eine Partnerorganisation an. Ansprechpersonen und Einschätzungen fügen Sie "
            "auf ihrer Seite hinzu."
        ),
        "network:partner_add": _(
            "Nehmen Sie einen neuen Partner auf einer Seite auf: die Organisation, wenn Sie "
            "möchten eine erste Ansprechperson und Ihre Einschätzung der Zusammenarbeit. "
            "Gespeichert wird alles zusammen oder nichts."
        ),
        "network:organisation_import": _(
            "Laden Sie eine Liste von Organisationen hoch (CSV, Excel, GeoJSON oder gezippte "
            "Shape-Datei), zum Beispiel die Vereinsliste oder die eigene Export-Datei. In der "
            "Vorschau sehen und ändern Sie, welche Spalte was enthält; gespeichert wird erst "
            "danach, alles oder nichts."
        ),
        "network:organisation_detail": _(
            "Die Organisation mit Ansprechpersonen, Beziehungen und Einschätzungen."
        ),
        "network:organisation_update": _("Ändern Sie die Angaben zur Organisation."),
        "network:organisation_archive": _(
            "Archivierte Organisationen bleiben erhalten, erscheinen aber nicht mehr in Listen."
        ),
        "network:contact_create": _(
            "Eine Ansprechperson braucht einen Vor- oder Nachnamen und eine Rechtsgrundlage, "
            "zum Beispiel ihre Einwilligung."
        ),
        "network:contact_review": _(
            "Ansprechpersonen, deren Angaben wieder bestätigt werden sollten."
        ),
        "network:contact_detail": _(
            "Die Angaben zu dieser Person, ihre Rechtsgrundlage und wer sie zuletzt bestätigt hat."
        ),
        "network:contact_update": _("Ändern Sie die Angaben zur Ansprechperson."),
        "network:contact_confirm": _("Bestätigen Sie, dass die Angaben noch stimmen."),
        "network:contact_erase": _(
            "Löscht die personenbezogenen Daten dieser Person (Art. 17 DSGVO). Das lässt sich "
            "nicht rückgängig machen."
        ),
        "network:processing_register": _(
            "Das Verzeichnis der Verarbeitungstätigkeiten: welche Daten zu welchem Zweck und auf "
            "welcher Rechtsgrundlage gespeichert werden."
        ),
        "network:relationship_list": _(
            "Beziehungen zwischen Organisationen, mit Ihrer Einschätzung der Zusammenarbeit."
        ),
        "network:relationship_create": _(
            "Wählen Sie die beiden Organisationen und schätzen Sie die Zusammenarbeit ein. "
            "Jede Bewertung wählen Sie selbst; es gibt keine Vorgabe."
        ),
        "network:relationship_detail": _("Die Beziehung mit ihren Kontakten und Einschätzungen."),
        "network:relationship_update": _("Ändern Sie die Einschätzung der Zusammenarbeit."),
        "network:interaction_create": _("Halten Sie einen Kontakt fest, zum Beispiel ein Treffen."),
        "network:matrix": _("Wer mit wem: die Beziehungen als Tabelle."),
        "network:suggestions": _(
            "Vorschläge für Partner, die gut passen würden, aber noch nicht verbunden sind."
        ),
        "network:body_list": _("Gremien, zum Beispiel Arbeitskreise oder Stadtteilkonferenzen."),
        "network:body_create": _("Legen Sie ein Gremium an; Mitglieder fügen Sie danach hinzu."),
        "network:body_detail": _("Das Gremium mit seinen Mitgliedern."),
        "network:body_update": _("Ändern Sie die Angaben zum Gremium."),
        "network:body_member_add": _("Fügen Sie eine Organisation oder Person als Mitglied hinzu."),
        "network:body_member_end": _("Die Mitgliedschaft endet; sie bleibt im Verlauf sichtbar."),
        "network:list_import": _(
            "Übernehmen Sie Kitas, Schulen oder andere Einrichtungen aus einer öffentlichen Liste "
            "(CSV, Excel, GeoJSON oder gezippte Shape-Datei, Koordinaten in jedem System). In der "
            "Vorschau steht unter jeder Auswahl, warum eine Spalte erkannt wurde; ändern Sie die "
            "Zuordnung und wählen Sie „Vorschau aktualisieren“. Die Zuordnung wird für die "
            "nächste Liste mit denselben Spalten gemerkt. Was es schon gibt (gleicher Name und "
            "Adresse oder ganz nah), überspringen Sie, ergänzen den vorhandenen Eintrag oder "
            "legen ihn trotzdem an. „Verwerfen“ löscht die hochgeladene Datei; nach sechs "
            "Stunden wird sie ohnehin gelöscht. Übernommen wird alles oder nichts."
        ),
        "network:list_import_job": _(
            "Große Listen werden im Hintergrund übernommen. Die Seite zeigt den Fortschritt und "
            "aktualisiert sich selbst; „Übernahme abbrechen“ stoppt sie, dann wird nichts "
            "gespeichert."
        ),
    }
)
