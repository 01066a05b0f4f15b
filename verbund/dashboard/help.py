"""Short help for the dashboard's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "dashboard:notifications": _(
            "Hier sammelt Verbund, was neu ansteht: fällige Überprüfungen, gemeldete Bedarfe, "
            "Ansprechpersonen zum Bestätigen. Ein Klick führt dorthin, wo Sie es erledigen."
        ),
        "dashboard:notification_settings": _(
            "Legen Sie fest, ob Sie einmal am Tag eine E-Mail mit den neuen Benachrichtigungen "
            "bekommen."
        ),
        "dashboard:search": _(
            "Die Suche findet Familienzentren, Organisationen, Ansprechpersonen, Vereinbarungen, "
            "Sozialräume, Bedarfe und Begehungen – nur, was Sie sehen dürfen. Groß- und "
            "Kleinschreibung ist egal, ä, ö, ü und ß dürfen Sie auch als ae, oe, ue und ss "
            "schreiben."
        ),
        "dashboard:my_centre": _(
            "Wählen Sie das Familienzentrum, dessen Übersicht Sie sehen möchten."
        ),
        "dashboard:centre_page": _(
            "Alles zu einem Familienzentrum auf einer Seite: Sozialraum, Bedarfe, Partner, "
            "Vereinbarungen, Gremien, Begehungen und Kennzahlen."
        ),
        "dashboard:my_organisation": _(
            "Ihre Organisation im Netzwerk: Ihre Angaben und die Vereinbarungen mit den "
            "Familienzentren."
        ),
    }
)
