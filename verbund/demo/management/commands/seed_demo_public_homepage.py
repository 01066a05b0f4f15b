"""Demo homepages for Lindenhagen's family centres and the town's legal pages (issue 12).

Every centre gets a published homepage with a German introduction, opening hours and the
languages spoken; Nordstadt and Am Mühlbach name their coordinator Aylin Demir as contact
person for the Sozialraum (name, role and e-mail published with her consent, not her phone).
Nordstadt also has a Leichte-Sprache introduction. Running it again changes nothing new.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scope, scopes_disabled

from verbund.public.homepage import services
from verbund.tenancy.models import FamilyCentre, Municipality

INTRODUCTIONS = {
    "nordstadt": (
        "<p>Das <strong>Familienzentrum Nordstadt</strong> ist ein Treffpunkt für alle "
        "Familien im Stadtteil. Wir beraten, vermitteln Hilfe und laden zu Kursen und offenen "
        "Treffs ein.</p><ul><li>Elterncafé jeden Dienstag</li><li>Sprechstunde der "
        "Erziehungsberatung</li><li>Hilfe bei Anträgen</li></ul>"
    ),
    "muehlbach": (
        "<p>Im <strong>Familienzentrum Am Mühlbach</strong> treffen sich Eltern mit Babys und "
        "kleinen Kindern. Kommen Sie vorbei – ohne Anmeldung.</p>"
    ),
    "altstadt": (
        "<p>Das <strong>Städtische Familienzentrum Altstadt</strong> hilft Familien mitten in "
        "der Stadt: Beratung, Sprachkurse für Eltern und Bewegung für Kinder.</p>"
    ),
    "suedfeld": (
        "<p>Das <strong>Ev. Familienzentrum Südfeld</strong> bietet Familienbildung, "
        "Hebammensprechstunde und einen Spielkreis für Kinder unter drei Jahren.</p>"
    ),
}

EASY_NORDSTADT = (
    "<p>Das Familien·zentrum ist für alle Familien da.</p><p>Sie haben Fragen? "
    "Wir helfen Ihnen.</p><p>Sie können einfach kommen. Es kostet nichts.</p>"
)

LANGUAGES = {
    "nordstadt": ["de", "tr", "ar", "en"],
    "muehlbach": ["de", "uk", "ru"],
    "altstadt": ["de", "en", "ar", "fa"],
    "suedfeld": ["de", "pl"],
}

OPENING_HOURS = "Mo–Do 9–16 Uhr\nFr 9–13 Uhr\nund nach Vereinbarung"

IMPRINT = """Stadt Lindenhagen
Amt für Kinder, Jugend und Familie
Rathausplatz 1, 51060 Lindenhagen
Telefon 0221 000000, E-Mail familie@lindenhagen.example

Vertreten durch die Bürgermeisterin.
Verantwortlich für den Inhalt der Seiten der Familienzentren sind die Familienzentren."""

PRIVACY = """Diese Seiten setzen keine Cookies und laden nichts von anderen Anbietern.

Wenn Sie nach Angeboten suchen, zählen wir nur, wonach gesucht wurde (zum Beispiel Alter \
und Thema) – ohne Ihre IP-Adresse und ohne Ihren Namen.

Wenn Sie uns über „Was fehlt Ihnen?“ schreiben, speichern wir nur Ihren Text ohne Angaben \
zu Ihrer Person.

Verantwortlich: Stadt Lindenhagen, Rathausplatz 1, 51060 Lindenhagen. \
Datenschutzbeauftragte: datenschutz@lindenhagen.example"""

ACCESSIBILITY = """Die Stadt Lindenhagen möchte ihre Internetseiten barrierefrei zugänglich \
machen (Barrierefreie-Informationstechnik-Verordnung, BITV 2.0).

Stand der Vereinbarkeit: Diese Seiten sind weitgehend mit der BITV 2.0 vereinbar. \
Die Karten sind nicht barrierefrei; alle Orte stehen deshalb auch in einer Liste.

Die Erklärung wurde am 1. Dezember 2026 erstellt (Selbstbewertung).

Schlichtungsverfahren: Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort \
erhalten, können Sie sich an die Schlichtungsstelle nach dem Behindertengleichstellungsgesetz \
wenden."""


class Command(BaseCommand):
    help = "Öffentliche Homepages der Demo-Familienzentren und Rechtstexte von Lindenhagen."

    @transaction.atomic
    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
        if town is None:
            self.stdout.write("Lindenhagen fehlt; erst seed_demo ausführen.")
            return
        with scope(municipality=town.pk):
            services.municipality_site_save(
                actor=None,
                municipality=town,
                data={
                    "imprint": IMPRINT,
                    "privacy": PRIVACY,
                    "accessibility": ACCESSIBILITY,
                    "feedback_email": "barrierefrei@lindenhagen.example",
                    "allowed_embed_origins": ["https://www.lindenhagen.example"],
                },
            )
            for centre in FamilyCentre.objects.filter(municipality=town):
                page = services.centre_page_save(
                    actor=None, centre=centre, data=self.page_data(centre)
                )
                services.centre_page_publish(actor=None, page=page)
        self.stdout.write("Öffentliche Homepages der Familienzentren angelegt.")

    def page_data(self, centre) -> dict:
        coordinated = centre.slug in ("nordstadt", "muehlbach")
        return {
            "introduction": INTRODUCTIONS.get(centre.slug, f"<p>Willkommen im {centre.name}.</p>"),
            "introduction_easy": EASY_NORDSTADT if centre.slug == "nordstadt" else "",
            "opening_hours": OPENING_HOURS,
            "languages": LANGUAGES.get(centre.slug, ["de"]),
            "contact_name": "Aylin Demir" if coordinated else "",
            "contact_name_public": coordinated,
            "contact_role": "Koordinatorin des Familienzentrums" if coordinated else "",
            "contact_role_public": coordinated,
            "contact_phone": "0221 987654" if coordinated else "",
            "contact_phone_public": False,
            "contact_email": "koordination@example.org" if coordinated else "",
            "contact_email_public": coordinated,
        }
