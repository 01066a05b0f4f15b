"""Demo cooperation agreements for the demo municipality Lindenhagen (run after seed_demo).

Creates the network organisations it needs if they are missing (linked to the demo facilities
by name, so that the demo partner login sees its agreements) and five agreements in different
stages: active with a review due soon, signed with a second version under negotiation (to see
the version comparison), a draft, one ending soon, and one that has ended.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import User
from verbund.cooperation import services
from verbund.cooperation.models import Agreement, ResourceKind, Status
from verbund.cooperation.selectors import agreement_get
from verbund.network.models import Contact, Organisation, Sector
from verbund.tenancy.models import Facility, FamilyCentre, Municipality

ORGANISATIONS = [
    # name, sector, linked facility name (or None), street
    (
        "Erziehungs- und Familienberatungsstelle Nord",
        Sector.COUNSELLING,
        "Erziehungs- und Familienberatungsstelle Nord",
        "Hauptstraße 118",
    ),
    (
        "Stadtteilbibliothek Nordstadt",
        Sector.CULTURE_LIBRARY,
        "Stadtteilbibliothek Nordstadt",
        "Hauptstraße 96",
    ),
    ("TuS Nordstadt 1921 e. V.", Sector.SPORT_CLUB, "TuS Nordstadt 1921 e. V.", "Am Sportplatz 1"),
    (
        "Schwangerschaftsberatung donum vitae",
        Sector.COUNSELLING,
        "Schwangerschaftsberatung donum vitae",
        "Mühlenstraße 30",
    ),
    (
        "Familienbildungsstätte Lindenhagen",
        Sector.FAMILY_EDUCATION,
        "Familienbildungsstätte Lindenhagen",
        "Burgstraße 14",
    ),
    ("Hebammenpraxis Lindenhagen-Nord", Sector.HEALTH, None, "Lerchenweg 30"),
]


class Command(BaseCommand):
    help = "Lädt Demo-Kooperationsvereinbarungen in die Demo-Kommune Lindenhagen."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst „manage.py seed_demo“ ausführen.")
            if Agreement.objects.filter(municipality=town).exists():
                self.stdout.write("Demo-Vereinbarungen sind schon vorhanden.")
                return
            actor = User.objects.filter(username="koordination").first()
        with transaction.atomic(), scope(municipality=town.pk):
            orgs = self._organisations(town)
            centres = {c.slug: c for c in FamilyCentre.objects.filter(municipality=town)}
            count = self._agreements(town, centres, orgs, actor)
        self.stdout.write(self.style.SUCCESS(f"{count} Demo-Vereinbarungen angelegt."))

    def _organisations(self, town) -> dict[str, Organisation]:
        orgs = {}
        for name, sector, facility_name, street in ORGANISATIONS:
            facility = (
                Facility.objects.filter(municipality=town, name=facility_name).first()
                if facility_name
                else None
            )
            org = Organisation.objects.filter(municipality=town, name=name).first()
            if org is None and facility is None and name.startswith("Hebammenpraxis"):
                # The network demo may already know a midwives' practice under another name.
                org = Organisation.objects.filter(
                    municipality=town, name__startswith="Hebammenpraxis"
                ).first()
            if org is None and facility is not None:
                org = Organisation.objects.filter(municipality=town, facility=facility).first()
            if org is None:
                org = Organisation.objects.create(
                    municipality=town,
                    name=name,
                    sector=sector,
                    facility=facility,
                    street=street,
                    postcode=facility.postcode if facility else "51061",
                    city="Lindenhagen",
                )
            orgs[name] = org
        return orgs

    def _network_contact(self, party):
        """The first contact the network knows at the party's organisation, if any."""
        if not party.organisation_id:
            return None
        return (
            Contact.objects.filter(organisation=party.organisation, erased_at__isnull=True)
            .order_by("id")
            .first()
        )

    def _create(self, town, centre, partners, actor, data, items):
        agreement = services.agreement_create(
            actor=actor, municipality=town, centre=centre, partners=partners, data=data
        )
        self._items(agreement, actor, items)
        return agreement_get(municipality=town, pk=agreement.pk)

    def _items(self, agreement, actor, items):
        parties = {p.name: p for p in agreement.parties.all()}
        for kind, party_name, values in items:
            party = parties[party_name]
            if kind == "task":
                task, scope_, contact = values
                person = self._network_contact(party) if contact is None else None
                services.responsibility_create(
                    actor=actor,
                    agreement=agreement,
                    data={
                        "party": party,
                        "task": task,
                        "scope": scope_,
                        "contact": "" if person else (contact or ""),
                        "contact_person": person,
                    },
                )
            elif kind == "resource":
                rkind, description, amount, unit = values
                services.resource_create(
                    actor=actor,
                    agreement=agreement,
                    data={
                        "party": party,
                        "kind": rkind,
                        "description": description,
                        "amount": amount,
                        "unit": unit,
                    },
                )
            else:
                services.party_update(actor=actor, party=party, data=values)

    def _sign(self, agreement, actor, signed_on, then=()):
        agreement = services.agreement_transition(
            actor=actor, agreement=agreement, to=Status.NEGOTIATION
        )
        agreement = services.agreement_transition(
            actor=actor, agreement=agreement, to=Status.SIGNED, signed_on=signed_on
        )
        for status in then:
            agreement = services.agreement_transition(actor=actor, agreement=agreement, to=status)
        return agreement

    def _agreements(self, town, centres, orgs, actor) -> int:
        today = timezone.localdate()
        nord, muehl, alt = centres["nordstadt"], centres["muehlbach"], centres["altstadt"]
        eb = orgs["Erziehungs- und Familienberatungsstelle Nord"]
        bib = orgs["Stadtteilbibliothek Nordstadt"]
        tus = orgs["TuS Nordstadt 1921 e. V."]
        donum = orgs["Schwangerschaftsberatung donum vitae"]
        fbs = orgs["Familienbildungsstätte Lindenhagen"]
        hebamme = orgs["Hebammenpraxis Lindenhagen-Nord"]

        # 1. Active, review due in 30 days, municipality is a party.
        a = self._create(
            town,
            nord,
            [eb],
            actor,
            {
                "title": "Offene Sprechstunde der Erziehungsberatung im Familienzentrum",
                "subject": "Die Erziehungs- und Familienberatungsstelle Nord bietet wöchentlich "
                "eine offene Sprechstunde in den Räumen des Familienzentrums Nordstadt an. "
                "Eltern können ohne Anmeldung kommen; bei Bedarf vermittelt die Beratungsstelle "
                "in ihre Regelangebote.",
                "goals": "Niedrigschwelliger Zugang zu Erziehungsberatung für Familien im "
                "Stadtteil; frühe Unterstützung bei Erziehungsfragen; Entlastung der Fachkräfte "
                "der Kitas durch kollegiale Fallberatung.",
                "includes_municipality": True,
                "start_date": today - timedelta(days=330),
                "end_date": today + timedelta(days=400),
                "review_date": today + timedelta(days=30),
                "notice_period": "drei Monate zum Ende eines Kita-Jahres, schriftlich",
            },
            [
                (
                    "task",
                    "Erziehungs- und Familienberatungsstelle Nord",
                    (
                        "Offene Sprechstunde für Eltern",
                        "wöchentlich dienstags, 9–11 Uhr",
                        None,
                    ),
                ),
                (
                    "task",
                    "Erziehungs- und Familienberatungsstelle Nord",
                    (
                        "Kollegiale Fallberatung für Kita-Fachkräfte",
                        "monatlich, 90 Minuten",
                        "Teamleitung",
                    ),
                ),
                (
                    "task",
                    "Familienzentrum Nordstadt",
                    (
                        "Bekanntmachung der Sprechstunde, Raum und Terminorganisation",
                        "laufend",
                        "Koordinierungskraft Aylin Demir",
                    ),
                ),
                (
                    "task",
                    "Stadt Lindenhagen",
                    (
                        "Finanzierung der Beratungsstunden aus Mitteln der Jugendhilfeplanung",
                        "jährlich",
                        "Jugendhilfeplanung, Markus Hoffmann",
                    ),
                ),
                (
                    "resource",
                    "Familienzentrum Nordstadt",
                    (
                        ResourceKind.ROOM,
                        "Beratungsraum im Erdgeschoss, barrierefrei",
                        Decimal("2"),
                        "Std./Woche",
                    ),
                ),
                (
                    "resource",
                    "Erziehungs- und Familienberatungsstelle Nord",
                    (ResourceKind.STAFF_HOURS, "Beratungsfachkraft", Decimal("3"), "Std./Woche"),
                ),
                (
                    "resource",
                    "Stadt Lindenhagen",
                    (ResourceKind.MONEY, "Zuschuss Beratungsstunden", Decimal("4800"), "€/Jahr"),
                ),
                (
                    "party",
                    "Familienzentrum Nordstadt",
                    {
                        "added_value": "Eltern erhalten Beratung dort, wo sie ohnehin sind; "
                        "Fachkräfte werden entlastet.",
                        "signatory": "Jana Becker, Leitung",
                    },
                ),
                (
                    "party",
                    "Erziehungs- und Familienberatungsstelle Nord",
                    {
                        "added_value": "Zugang zu Familien, die den Weg in die "
                        "Beratungsstelle nicht finden; frühere Hilfen.",
                        "signatory": "Dr. Anna Berg, Leitung",
                    },
                ),
                (
                    "party",
                    "Stadt Lindenhagen",
                    {
                        "added_value": "Präventive Hilfe senkt späteren Bedarf an Hilfen zur "
                        "Erziehung.",
                        "signatory": "Amt für Kinder, Jugend und Familie",
                    },
                ),
            ],
        )
        self._sign(a, actor, today - timedelta(days=335), then=[Status.ACTIVE])

        # 2. Signed version 1, version 2 under negotiation with changes (to compare).
        b = self._create(
            town,
            nord,
            [bib, tus],
            actor,
            {
                "title": "Sprachförderung: Vorlesepaten und Bewegungsgeschichten",
                "subject": "Bibliothek, Sportverein und Familienzentrum gestalten gemeinsam "
                "ein Vorlese- und Bewegungsangebot für Kinder von drei bis sechs Jahren.",
                "goals": "Freude an Sprache und Bewegung; Familien lernen Bibliothek und "
                "Verein kennen.",
                "includes_municipality": False,
                "start_date": today - timedelta(days=200),
                "end_date": today + timedelta(days=530),
                "review_date": today + timedelta(days=160),
                "notice_period": "",
            },
            [
                (
                    "task",
                    "Stadtteilbibliothek Nordstadt",
                    ("Vorlesestunde mit Ehrenamtlichen", "14-täglich, 1 Stunde", None),
                ),
                (
                    "task",
                    "TuS Nordstadt 1921 e. V.",
                    ("Bewegungsgeschichten in der Turnhalle", "monatlich", None),
                ),
                (
                    "resource",
                    "TuS Nordstadt 1921 e. V.",
                    (ResourceKind.ROOM, "Gymnastikhalle", Decimal("1"), "Std./Monat"),
                ),
                (
                    "resource",
                    "Stadtteilbibliothek Nordstadt",
                    (
                        ResourceKind.MATERIAL,
                        "Bilderbuch-Kisten in Deutsch, Türkisch, Arabisch",
                        Decimal("3"),
                        "Kisten",
                    ),
                ),
            ],
        )
        b = self._sign(b, actor, today - timedelta(days=205), then=[Status.ACTIVE])
        services.version_start_draft(actor=actor, agreement=b)
        b = agreement_get(municipality=town, pk=b.pk)
        services.agreement_update(
            actor=actor,
            agreement=b,
            partners=[bib, tus],
            data={
                "goals": "Freude an Sprache und Bewegung; Familien lernen Bibliothek und Verein "
                "kennen; mehrsprachige Familien werden gezielt eingeladen.",
                "review_date": today + timedelta(days=120),
            },
        )
        b = agreement_get(municipality=town, pk=b.pk)
        self._items(
            b,
            actor,
            [
                (
                    "task",
                    "Familienzentrum Nordstadt",
                    (
                        "Einladung mehrsprachiger Familien über die Kitas",
                        "vor jedem Termin",
                        "Koordinierungskraft",
                    ),
                ),
            ],
        )
        old = next(r for r in b.resources.all() if r.kind == ResourceKind.ROOM)
        services.resource_delete(actor=actor, item=old)
        self._items(
            b,
            actor,
            [
                (
                    "resource",
                    "TuS Nordstadt 1921 e. V.",
                    (ResourceKind.ROOM, "Gymnastikhalle", Decimal("2"), "Std./Monat"),
                ),
            ],
        )

        # 3. A draft that is still being written.
        self._create(
            town,
            nord,
            [hebamme],
            actor,
            {
                "title": "Hebammensprechstunde und Babytreff",
                "subject": "Die Hebammenpraxis bietet eine Sprechstunde für Schwangere und "
                "junge Eltern im Familienzentrum an und begleitet den Babytreff.",
                "goals": "",
                "includes_municipality": False,
                "start_date": None,
                "end_date": None,
                "review_date": None,
                "notice_period": "",
            },
            [
                (
                    "task",
                    hebamme.name,
                    ("Sprechstunde für Schwangere und junge Eltern", "wöchentlich", None),
                ),
            ],
        )

        # 4. Mühlbach: active, ends in 50 days.
        d = self._create(
            town,
            muehl,
            [donum],
            actor,
            {
                "title": "Schwangerenberatung vor Ort",
                "subject": "donum vitae berät Schwangere und Familien mit Säuglingen einmal im "
                "Monat im Familienzentrum Am Mühlbach.",
                "goals": "Frühe Hilfen im Sozialraum erreichbar machen.",
                "includes_municipality": False,
                "start_date": today - timedelta(days=680),
                "end_date": today + timedelta(days=50),
                "review_date": today - timedelta(days=320),
                "notice_period": "",
            },
            [
                (
                    "task",
                    "Schwangerschaftsberatung donum vitae",
                    ("Beratung vor Ort", "monatlich, 3 Stunden", "Beraterin vor Ort"),
                ),
                (
                    "resource",
                    "Familienzentrum Am Mühlbach",
                    (ResourceKind.ROOM, "Elterncafé-Raum", Decimal("3"), "Std./Monat"),
                ),
            ],
        )
        self._sign(d, actor, today - timedelta(days=690), then=[Status.ACTIVE])

        # 5. Altstadt: ended.
        e = self._create(
            town,
            alt,
            [fbs],
            actor,
            {
                "title": "Elternkurse „Starke Eltern – starke Kinder“",
                "subject": "Die Familienbildungsstätte führt zwei Elternkurse pro Jahr im "
                "Familienzentrum Altstadt durch.",
                "goals": "Erziehungskompetenz stärken.",
                "includes_municipality": False,
                "start_date": today - timedelta(days=900),
                "end_date": today - timedelta(days=170),
                "review_date": today - timedelta(days=535),
                "notice_period": "",
            },
            [
                (
                    "task",
                    "Familienbildungsstätte Lindenhagen",
                    ("Elternkurs mit zertifizierter Kursleitung", "2 Kurse/Jahr", ""),
                ),
            ],
        )
        self._sign(e, actor, today - timedelta(days=905), then=[Status.ACTIVE, Status.ENDED])
        return 5
