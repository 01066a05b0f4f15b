"""Short help for the catalogue part's pages (shown at the foot of each page)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "offers:offer_create": _(
            "Tragen Sie ein Angebot so ein, wie Familien es verstehen. Gibt es schon ähnliche "
            "Angebote, zeigt Verbund sie vor dem Speichern. Angebote von Partnerorganisationen "
            "erscheinen, sobald das Familienzentrum sie freigegeben hat."
        ),
        "offers:offer_detail": _(
            "Alle Angaben zum Angebot. Ob es niedrigschwellig ist, ergibt sich aus Kosten, "
            "Anmeldung, Form, Sprachen, Kinderbetreuung und Ort. Bitte bestätigen Sie "
            "regelmäßig, dass die Angaben noch stimmen; sonst verschwindet ein öffentliches "
            "Angebot nach einer Frist aus der Übersicht für Familien."
        ),
        "offers:offer_update": _(
            "Ändert eine Partnerorganisation, was Familien sehen, geht das Angebot erneut "
            "zur Freigabe an das Familienzentrum."
        ),
        "offers:offer_status": _(
            "Pausierte und beendete Angebote erscheinen nicht mehr für Familien; sie bleiben "
            "mit ihrer Geschichte erhalten."
        ),
        "offers:offer_confirm": _(
            "Mit „Angaben stimmen noch“ bestätigen Sie, dass das Angebot wie beschrieben läuft."
        ),
        "offers:offer_submit": _(
            "Ein zurückgegebenes Angebot legen Sie dem Familienzentrum erneut zur Freigabe vor."
        ),
        "offers:review_queue": _(
            "Angebote von Partnerorganisationen warten hier auf Ihre Freigabe. Fehlt etwas, "
            "geben Sie sie mit einer Begründung zurück."
        ),
        "offers:offer_review": _(
            "Prüfen Sie das Angebot und geben Sie es frei – oder geben Sie es mit einer "
            "Begründung zurück, die der Anbieter beim Angebot sieht."
        ),
    }
)
