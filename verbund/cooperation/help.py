"""Short help for this app's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "cooperation:agreement_list": _(
            "Kooperationsvereinbarungen halten fest, wer was übernimmt und wann die "
            "Zusammenarbeit überprüft wird."
        ),
        "cooperation:agreement_create": _(
            "Wählen Sie das Familienzentrum und die Partner; Zuständigkeiten und Überprüfung "
            "können Sie gleich mit erfassen."
        ),
        "cooperation:agreement_due": _(
            "Vereinbarungen, deren Überprüfung fällig ist oder bald fällig wird."
        ),
        "cooperation:agreement_detail": _(
            "Die Vereinbarung mit Partnern, Zuständigkeiten, Fassungen und Dateien. Eine "
            "unterzeichnete Fassung bleibt unverändert; Änderungen brauchen eine neue Fassung."
        ),
        "cooperation:agreement_update": _("Ändern Sie den Entwurf der Vereinbarung."),
        "cooperation:agreement_transition": _(
            "Ändern Sie den Status, zum Beispiel von „Entwurf“ zu „In Abstimmung“."
        ),
        "cooperation:agreement_new_version": _(
            "Eine neue Fassung übernimmt den Inhalt der unterzeichneten und kann bearbeitet werden."
        ),
        "cooperation:party_update": _("Ändern Sie, wer für diesen Partner unterschreibt."),
        "cooperation:responsibility_create": _("Wer übernimmt was, bis wann?"),
        "cooperation:responsibility_delete": _("Die Zuständigkeit wird aus dem Entwurf entfernt."),
        "cooperation:resource_create": _("Was bringt wer ein, zum Beispiel Räume oder Stunden?"),
        "cooperation:resource_delete": _("Die Ressource wird aus dem Entwurf entfernt."),
        "cooperation:version_detail": _("Der Inhalt dieser Fassung, wie er festgehalten wurde."),
        "cooperation:attachment_upload": _(
            "Laden Sie zum Beispiel den unterschriebenen Scan als PDF hoch."
        ),
        "cooperation:attachment_delete": _("Die Datei wird aus der Vereinbarung entfernt."),
    }
)
