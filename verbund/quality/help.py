"""Short help for the pages of the quality-seal self-check (shown at the foot of each page)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "quality:overview": _(
            "Die Selbstchecks zum Gütesiegel je Familienzentrum und Jahr, mit dem Stand je Bereich."
        ),
        "quality:start": _(
            "Einen Selbstcheck für ein Jahr beginnen. Verbund füllt jedes Kriterium mit den "
            "Nachweisen vor, die es schon kennt; Notizen aus dem Vorjahr werden übernommen."
        ),
        "quality:selfcheck": _(
            "Jedes Kriterium mit den gefundenen Nachweisen. Bestätigen Sie, was erfüllt ist; "
            "„Was noch fehlt“ zeigt, was bis zum Gütesiegel fehlt."
        ),
        "quality:criterion": _(
            "Erfüllt, fehlt noch oder noch nicht geprüft – und wo der Nachweis abgelegt ist."
        ),
        "quality:refresh": _("Die Nachweise neu aus Verbund ermitteln."),
        "quality:xlsx": _("Der Selbstcheck als Excel-Tabelle."),
        "quality:catalogue": _(
            "Der Kriterienkatalog: Bereiche, Kriterien und die Regeln, mit denen Verbund "
            "Nachweise sucht. Er lässt sich als Datei herunterladen und ändern."
        ),
        "quality:catalogue_import": _(
            "Einen geänderten oder anderen Katalog (z. B. eines anderen Bundeslandes) "
            "einlesen. Fehler werden mit Zeile oder Stelle genannt; dann wird nichts geändert."
        ),
        "quality:evidence_all": _(
            "Die Nachweise für alle Familienzentren im Hintergrund neu ermitteln."
        ),
    }
)
