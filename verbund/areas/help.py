"""Short help for this app's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "areas:area_list": _(
            "Die Sozialräume der Kommune. Ein Sozialraum ist ein Stadtteil oder Quartier, für "
            "den Zahlen, Bedarfe und Angebote zusammen betrachtet werden."
        ),
        "areas:map": _(
            "Die Sozialräume auf der Karte. Alles, was die Karte zeigt, steht auch in der "
            "Tabelle darunter."
        ),
        "areas:import_upload": _(
            "Laden Sie die Grenzen der Sozialräume als GeoJSON- oder Shape-Datei hoch. Vor dem "
            "Speichern sehen Sie eine Vorschau."
        ),
        "areas:import_preview": _(
            "Prüfen Sie, welche Sozialräume neu angelegt oder geändert werden, und bestätigen Sie "
            "dann den Import."
        ),
        "areas:area_detail": _(
            "Die Angaben zu diesem Sozialraum, seine Familienzentren und Begehungen."
        ),
        "areas:area_update": _("Ändern Sie Name, Kennung oder Grenze des Sozialraums."),
        "areas:area_delete": _(
            "Ein Sozialraum kann nur gelöscht werden, wenn nichts mehr auf ihn verweist."
        ),
        "areas:sozialraum": _(
            "Der Sozialraum dieses Familienzentrums mit seinen Zahlen und Beobachtungen."
        ),
        "areas:walk_list": _(
            "Begehungen sind Rundgänge durch einen Sozialraum, bei denen Beobachtungen mit Ort "
            "und Foto festgehalten werden."
        ),
        "areas:walk_create": _(
            "Legen Sie eine Begehung an; Beobachtungen erfassen Sie danach unterwegs, auch am "
            "Telefon."
        ),
        "areas:walk_detail": _(
            "Die Beobachtungen dieser Begehung. Mit „Beobachtung erfassen“ fügen Sie weitere hinzu."
        ),
        "areas:walk_update": _("Ändern Sie Titel, Datum oder Sozialraum der Begehung."),
        "areas:walk_delete": _("Die Begehung wird mit allen Beobachtungen und Fotos gelöscht."),
        "areas:observation_create": _(
            "Beschreiben Sie, was Sie sehen, und tippen Sie auf die Karte oder geben Sie die "
            "Koordinaten ein. Der Punkt muss in Ihrer Kommune liegen."
        ),
        "areas:observation_update": _("Ändern Sie Beschreibung, Ort oder Foto der Beobachtung."),
        "areas:observation_delete": _("Die Beobachtung wird mit ihrem Foto gelöscht."),
    }
)
