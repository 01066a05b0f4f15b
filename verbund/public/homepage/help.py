"""Page help of the homepage part's internal pages (one per page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "public:homepage_edit": _(
            "Die Homepage Ihres Familienzentrums für Familien. „Vorschau“ zeigt die Seite, "
            "bevor Sie speichern; Änderungen an einer veröffentlichten Seite sind nach dem "
            "Speichern sofort öffentlich. Kontaktdaten erscheinen nur, wenn die Person "
            "zugestimmt hat."
        ),
        "public:homepage_preview": _(
            "So sehen Familien die gespeicherte Homepage, auch wenn sie noch nicht "
            "veröffentlicht ist."
        ),
        "public:homepage_publish": _(
            "Nach dem Veröffentlichen ist die Seite für alle im Internet erreichbar."
        ),
        "public:homepage_unpublish": _(
            "Die Seite ist danach nicht mehr öffentlich; der Inhalt bleibt gespeichert."
        ),
        "public:homepage_downloads": _(
            "Faltblätter und Broschüren zum Herunterladen, gern in mehreren Sprachen. "
            "Erlaubt sind PDF-Dateien und Bilder bis 10 MB."
        ),
        "public:homepage_download_remove": _(
            "Der Download verschwindet sofort von der öffentlichen Seite."
        ),
        "public:site_edit": _(
            "Impressum, Datenschutzerklärung und Erklärung zur Barrierefreiheit gelten für "
            "alle öffentlichen Seiten der Kommune. Die Einbettung der Angebotssuche ist nur "
            "auf den hier genannten Seiten erlaubt."
        ),
    }
)
