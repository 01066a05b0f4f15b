"""Short help for the pages of the annual programmes (shown at the foot of each page)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "planning:programme_list": _(
            "Die Jahresprogramme der Familienzentren mit ihrem Stand: Entwurf, beim Träger "
            "eingereicht, freigegeben oder zurückgegeben."
        ),
        "planning:programme_create": _(
            "Übernehmen Sie das Programm des letzten Jahres als Ausgangspunkt – Ziele, "
            "Maßnahmen und Termine rücken ein Jahr weiter – oder beginnen Sie leer."
        ),
        "planning:programme_detail": _(
            "Ziele, Maßnahmen und Überprüfungstermine des Jahres. Reichen Sie das Programm beim "
            "Träger ein, wenn es fertig ist; nach der Freigabe sind die Ziele fest."
        ),
        "planning:programme_step": _(
            "Einreichen, freigeben, zurückgeben oder wieder öffnen. Zurückgeben und wieder "
            "öffnen brauchen eine Begründung; jeder Schritt wird protokolliert."
        ),
        "planning:goal_create": _(
            "Ein Ziel braucht einen messbaren Zielwert: Was wollen wir erreichen, für wen, wie "
            "viel, bis wann – und woran sehen wir es. Verknüpfen Sie die Bedarfe, auf die es "
            "antwortet, und die Angebote, Vereinbarungen und Gremien, die ihm dienen."
        ),
        "planning:goal_detail": _(
            "Das Ziel mit seinen Verknüpfungen, Maßnahmen und den Ergebnissen der Überprüfungen."
        ),
        "planning:measure_create": _(
            "Eine Maßnahme mit verantwortlicher Person und Zeitraum. Offene Maßnahmen stehen bei "
            "der Person unter „Meine Aufgaben“."
        ),
        "planning:measure_detail": _(
            "Stand der Maßnahme; Aufgaben aus Sitzungen können mit ihr verknüpft werden."
        ),
        "planning:review_plan": _("Legen Sie fest, wann das Programm überprüft wird."),
        "planning:review": _(
            "Für jedes Ziel: der aktuelle Wert (aus Verbund ermittelt, wo möglich), Ihre "
            "Antworten auf die Auswertungsfragen, eine Ampel und die Entscheidung: beibehalten, "
            "anpassen oder aufgeben. Erst nach der Freigabe durch den Träger möglich."
        ),
        "planning:conditions_list": _(
            "Die Blätter zu den Arbeitsbedingungen der Koordinierungskräfte für das "
            "Jahresgespräch mit dem Träger."
        ),
        "planning:conditions_sheet": _(
            "Größe des Sozialraums, vertragliche Stunden, besuchte Runden, Fortbildung und "
            "Supervision auf einer Seite – auch als PDF."
        ),
        "planning:conditions_hours": _(
            "Die vertraglichen Wochenstunden der Koordinierungskraft für das Jahr."
        ),
        "planning:conditions_training": _(
            "Fortbildung, Supervision oder kollegiale Beratung mit Datum und Stunden."
        ),
    }
)
