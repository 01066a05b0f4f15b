"""Short help for the offer list, schedules, calendars, gaps, overlaps, referrals and import."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "offers:offer_list": _(
            "Alle freigegebenen Angebote des Netzwerks. Die Suche findet auch gebeugte Formen "
            "und Wortteile („schwimmen“ findet „Babyschwimmen“). Jede Filterung ist ein Link, "
            "den Sie weitergeben, exportieren oder als Kalender abonnieren können."
        ),
        "offers:schedule_list": _(
            "Die Termine des Angebots: einzelne Tage, regelmäßige Reihen oder „nach "
            "Vereinbarung“. Reihen haben immer ein Ende; Schulferien können ausgelassen werden."
        ),
        "offers:schedule_create": _(
            "Wählen Sie, wie oft das Angebot stattfindet, und bis wann. Mit einem Raum wird "
            "er für alle Termine gebucht; ist er schon belegt, nennt Verbund jeden Tag."
        ),
        "offers:schedule_update": _(
            "Änderungen gelten für alle künftigen Termine dieser Reihe und ihre Raumbuchung."
        ),
        "offers:schedule_delete": _("Die Raumbuchung dieser Termine wird mit aufgehoben."),
        "offers:subscribe": _(
            "Mit der Kalenderadresse erscheinen die Termine in Ihrem Kalender (Outlook, "
            "Thunderbird, Telefon). Persönliche Adressen zeigen auch interne Angebote; "
            "widerrufen Sie sie, wenn ein Gerät verloren geht."
        ),
        "offers:gaps": _(
            "Welche Lebensphasen und Themen in Ihrem Sozialraum gut versorgt sind und wo "
            "Angebote fehlen. Niedrigschwellige Angebote zählen mehr. Bestätigte Bedarfe "
            "liegen darüber: ein Bedarf ohne Angebot ist eine Lücke."
        ),
        "offers:gaps_cell": _(
            "Die Angebote und Bedarfe dieses Feldes. Beantwortet ein Angebot einen Bedarf, "
            "verknüpfen Sie beide; der Status des Bedarfs folgt."
        ),
        "offers:overlap_report": _(
            "Verglichen werden laufende und geplante Angebote verschiedener Anbieter, die "
            "dasselbe Gebiet versorgen und mindestens eine Lebensphase und ein Thema teilen. "
            "Gewichtet zählen: gleiches Gebiet, gleiche Lebensphase, gleiches Thema, gleiche "
            "Zielgruppe, überschneidende Zeiten, ähnlicher Titel und ähnliche Beschreibung. "
            "Ergänzen sich zwei Angebote, kennzeichnen Sie das Paar mit einer Begründung."
        ),
        "offers:gaps_need_answer": _(
            "Verknüpfen Sie den Bedarf mit dem Angebot, das ihn beantwortet. Läuft das Angebot, "
            "gilt der Bedarf als gedeckt; ist es geplant oder pausiert, als in Bearbeitung."
        ),
        "offers:overlap_complementary": _(
            "Paare, die als sich ergänzend gekennzeichnet sind, mit Begründung, Person und Datum."
        ),
        "offers:overlap_unmark": _(
            "Nach dem Aufheben erscheint das Paar wieder im Bericht über Doppelstrukturen."
        ),
        "offers:overlap_pair": _(
            "Beide Angebote nebeneinander und warum sie ähnlich sind. Ergänzen sie sich, "
            "schreiben Sie kurz, warum."
        ),
        "offers:silo_overview": _(
            "Angebote nach Leistungsart je Gebiet: welche gemeinsam mit anderen Leistungsarten "
            "laufen und welche allein stehen („Versäulung“)."
        ),
        "offers:referral_create": _(
            "Halten Sie fest, dass Sie eine Familie in dieses Angebot vermittelt haben – ohne "
            "Namen und ohne Fallakte. Die Zahlen helfen der Planung."
        ),
        "offers:referral_list": _(
            "Die Vermittlungen Ihres Familienzentrums. Tragen Sie später ein, ob die Familie "
            "das Angebot wahrgenommen hat."
        ),
        "offers:referral_counts": _(
            "Zahlen zu Vermittlungen nach Lebensphase und Thema. Über mehrere Zentren hinweg "
            "werden Zahlen unter drei nicht gezeigt, damit niemand erkennbar wird."
        ),
        "offers:referral_outcome": _("Was aus der Vermittlung geworden ist."),
        "offers:import": _(
            "Laden Sie eine CSV- oder Excel-Datei hoch. Sie sehen vor dem Übernehmen jede "
            "Zeile mit Fehlern und Hinweisen; übernommen wird alles oder nichts."
        ),
        "offers:translation_list": _(
            "Übersetzungen des Angebots für die öffentlichen Seiten. „Veraltet“ heißt: der "
            "deutsche Text wurde danach geändert; Familien sehen die Übersetzung mit Hinweis."
        ),
        "offers:translation_edit": _(
            "Übersetzen Sie Titel, Kurzbeschreibung und Beschreibung. Der deutsche Text steht "
            "daneben; gespeichert wird, auf welchem Stand die Übersetzung beruht."
        ),
    }
)
