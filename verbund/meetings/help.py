"""Short help for this app's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "meetings:meeting_list": _(
            "Sitzungen der Gremien, in denen Ihr Familienzentrum oder Ihre Organisation "
            "Mitglied ist, und Ihrer Runden. Oben die kommenden, darunter die vergangenen."
        ),
        "meetings:meeting_create": _(
            "Wählen Sie einen Raum des Verbunds (er wird gleich gebucht), eine Adresse oder "
            "einen Online-Link. Die Mitglieder des Gremiums stehen danach auf der "
            "Anwesenheitsliste."
        ),
        "meetings:meeting_update": _("Ein genehmigtes Protokoll kann nicht mehr geändert werden."),
        "meetings:meeting_detail": _(
            "Tagesordnung mit den offenen Aufgaben früherer Sitzungen, Anwesenheit und wer das "
            "genehmigte Protokoll bekommen hat."
        ),
        "meetings:agenda_create": _("Thema, wer es einbringt, und die geplante Dauer."),
        "meetings:agenda_update": _(
            "Die Protokollnotiz darf Absätze, Listen, fett und kursiv enthalten."
        ),
        "meetings:attendance": _(
            "Wer abwesend oder entschuldigt ist, bekommt das Protokoll nach der Genehmigung "
            "per E-Mail."
        ),
        "meetings:minutes": _(
            "Entwurf → zur Korrektur verschickt → genehmigt. Nach der Genehmigung ist das "
            "Protokoll eingefroren; eine Korrektur ergibt eine neue Fassung."
        ),
        "meetings:minutes_status": _(
            "Der Stand des Protokolls wird auf der Protokollseite geändert."
        ),
        "meetings:minutes_correct": _(
            "Eine Korrektur öffnet das genehmigte Protokoll; die nächste Genehmigung ergibt eine "
            "neue Fassung, der Unterschied zur vorigen wird gezeigt."
        ),
        "meetings:invite": _(
            "Alle auf der Anwesenheitsliste mit E-Mail-Adresse bekommen eine Einladung mit "
            "Kalenderdatei und einem persönlichen Link zum Zu- oder Absagen."
        ),
        "meetings:rsvp": _("Ihre Antwort wird gespeichert; eine Anmeldung ist nicht nötig."),
        "meetings:readers": _(
            "Ständige Leserinnen und Leser bekommen jedes genehmigte Protokoll des Gremiums per "
            "E-Mail, auch vertrauliche."
        ),
        "meetings:decision_create": _("Beschlüsse werden je Gremium fortlaufend nummeriert."),
        "meetings:action_create": _(
            "Zuständig sein kann eine Person mit Zugang, eine Ansprechperson oder eine "
            "Organisation des Gremiums."
        ),
        "meetings:decisions": _("Alle Beschlüsse Ihrer Gremien; suchen Sie nach einem Wort."),
        "meetings:overdue": _("Offene Aufgaben, deren Frist abgelaufen ist, je Gremium."),
        "meetings:my_tasks": _(
            "Ihre offenen Aufgaben aus allen Sitzungen; erledigen Sie sie mit einem Vermerk."
        ),
        "meetings:action_done": _("Der Vermerk steht danach bei der Aufgabe."),
        "meetings:circle_list": _(
            "Interne Runden wie das Team des Familienzentrums oder die Runde der "
            "Koordinierungskräfte, mit Mitgliedern auch aus anderen Zentren und Organisationen."
        ),
        "meetings:circle_create": _(
            "Name, verantwortliches Familienzentrum und Mitglieder der Runde. Mitglieder lesen "
            "ihre Sitzungen und Protokolle."
        ),
        "meetings:circle_detail": _("Die Mitglieder der Runde und ihre Sitzungen."),
        "meetings:circle_update": _(
            "Neue Mitglieder kommen auch auf die Anwesenheitsliste der geplanten Sitzungen."
        ),
        "meetings:agenda_delete": _(
            "Den Tagesordnungspunkt löschen – nur solange das Protokoll nicht freigegeben ist."
        ),
        "meetings:decision_delete": _(
            "Den Beschluss löschen – nur solange das Protokoll nicht freigegeben ist."
        ),
    }
)
