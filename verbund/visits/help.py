"""Short help for the pages of the welcome visits (shown at the foot of each page)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "visits:family_list": _(
            "Die Familien, die Ihr Besuchsteam begrüßt. Nur das Besuchsteam des zuständigen "
            "Familienzentrums sieht sie; jedes Öffnen wird protokolliert."
        ),
        "visits:births_upload": _(
            "Lesen Sie die Geburtenliste des Standesamts ein. Sie sehen erst eine Vorschau; "
            "übernommen wird nur die ganze Liste."
        ),
        "visits:births_preview": _(
            "Prüfen Sie die Zuordnung zu den Familienzentren. Familien außerhalb aller "
            "Sozialräume ordnen Sie von Hand zu."
        ),
        "visits:births_discard": _("Die Liste wird verworfen, nichts wird übernommen."),
        "visits:family_detail": _(
            "Die Angaben zur Familie und ihre Besuche. Name und Anschrift werden nach der "
            "Aufbewahrungsfrist automatisch gelöscht."
        ),
        "visits:visit_create": _(
            "Halten Sie Termin, Ergebnis, Themen und Materialien fest; eine Einwilligung "
            "nur mit Datum und Fassung des Einwilligungstextes."
        ),
        "visits:family_offers": _(
            "Die persönliche Angebotsliste zum Ausdrucken: nur Altersgruppe und Sprache, "
            "keine weiteren Angaben zur Familie."
        ),
        "visits:family_offers_pdf": _("Die persönliche Angebotsliste als PDF."),
        "visits:letters": _(
            "Die Ankündigungsbriefe aller offenen Familien als ein PDF, mit vorgeschlagenem "
            "Termin und wie man absagt – in der Sprache der Familie, wo eine Übersetzung "
            "vorliegt. Sagt eine Familie danach ab, erfassen Sie das auf ihrer Seite unter "
            "„Absage erfassen“."
        ),
        "visits:family_decline": _(
            "Die Familie möchte keinen Besuch (per Telefon, Brief, E-Mail oder persönlich). "
            "Es wird kein Besuch erfasst; die Aufbewahrungsfrist beginnt mit der Absage."
        ),
        "visits:family_move": _(
            "Die Familie einem anderen Familienzentrum geben, etwa nach einem Umzug in der "
            "Kommune. Danach sieht nur noch dessen Besuchsteam die Familie."
        ),
        "visits:reassign": _(
            "Für die Verwaltung: eine Familie mit ihrer Nummer einem anderen Familienzentrum "
            "zuordnen, ohne Name oder Anschrift zu sehen. Die Änderung wird protokolliert."
        ),
        "visits:statistics": _(
            "Anonyme Zahlen für die Planung; Werte unter 5 und Werte, aus denen sie sich "
            "errechnen ließen, werden nicht gezeigt."
        ),
        "visits:streets": _(
            "Das Straßenverzeichnis ordnet Anschriften einem Punkt zu – ohne externen Dienst."
        ),
        "visits:settings": _(
            "Aufbewahrungsfrist, nach wie vielen erfolglosen Versuchen eine Familie als nicht "
            "erreicht gilt, Materialien, Gesprächsthemen und die Fassung des "
            "Einwilligungstextes."
        ),
    }
)
