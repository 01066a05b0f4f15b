"""Short help for this app's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "analysis:overview": _(
            "Der Bedarfsindex fasst mehrere Kennzahlen je Sozialraum zu einer Zahl zusammen: je "
            "höher, desto größer der Bedarf im Vergleich zu den anderen Sozialräumen."
        ),
        "analysis:need_index_config": _(
            "Wählen Sie, welche Kennzahlen mit welchem Gewicht in den Bedarfsindex eingehen."
        ),
        "analysis:indicator_map": _(
            "Eine Kennzahl auf der Karte, je Sozialraum eingefärbt. Die Tabelle darunter enthält "
            "dieselben Werte."
        ),
        "analysis:area_profile": _(
            "Alle Zahlen, Bedarfe und Angebote eines Sozialraums auf einer Seite, auch als PDF."
        ),
        "analysis:figures": _(
            "Die Kennzahlen, die die Familienzentren selbst melden, zum Beispiel erreichte "
            "Familien."
        ),
        "analysis:centre_figures": _("Die gemeldeten Kennzahlen dieses Familienzentrums je Jahr."),
        "analysis:centre_figures_edit": _(
            "Tragen Sie die Zahlen des Jahres ein; leere Felder bleiben ungemeldet."
        ),
        "analysis:need_list": _(
            "Bedarfe, die Familienzentren gemeldet haben, mit ihrem Stand. Die Planung bestätigt "
            "oder fragt nach."
        ),
        "analysis:need_create": _(
            "Beschreiben Sie, was Familien im Sozialraum fehlt, und für wen. Belege (Zahlen, "
            "Beobachtungen) fügen Sie danach hinzu."
        ),
        "analysis:need_suggestions": _(
            "Vorschläge für Bedarfe aus den Kennzahlen, nach den Regeln der Planung."
        ),
        "analysis:need_detail": _(
            "Ein Bedarf mit seinen Belegen und seinem Verlauf. Der Stand zeigt, ob die Planung "
            "ihn bestätigt hat."
        ),
        "analysis:need_update": _("Ändern Sie die Beschreibung des Bedarfs."),
        "analysis:need_evidence": _(
            "Ein Beleg stützt den Bedarf: eine Kennzahl, eine Beobachtung aus einer Begehung "
            "oder ein Hinweis in eigenen Worten. Wählen Sie zuerst die Art."
        ),
        "analysis:need_status": _("Ändern Sie den Stand des Bedarfs und sagen Sie kurz, warum."),
        "analysis:rule_list": _(
            "Regeln schlagen Bedarfe vor, wenn eine Kennzahl einen Schwellenwert überschreitet."
        ),
        "analysis:rule_create": _("Legen Sie fest, ab welchem Wert ein Bedarf vorgeschlagen wird."),
        "analysis:rule_update": _("Ändern Sie Kennzahl oder Schwellenwert der Regel."),
        "analysis:signal_list": _(
            "Was Familien über „Was fehlt Ihnen?“ auf den öffentlichen Seiten geschrieben haben, "
            "ohne Namen. Neue Hinweise lesen und übernehmen oder verwerfen."
        ),
        "analysis:signal_detail": _(
            "Ein Hinweis einer Familie. Übernehmen Sie ihn als Bedarf (der Text wird ein Beleg) "
            "oder verwerfen Sie ihn."
        ),
        "analysis:signal_to_need": _(
            "Der Bedarf ist aus dem Hinweis vorausgefüllt. Prüfen und ergänzen Sie ihn."
        ),
    }
)
