"""Demo content for the network: organisations (also the Verbund's own facilities), clubs,
contacts with example.org addresses, stakeholder assessments with history, and bodies.

Run after ``seed_demo``. If the demo municipality has no Sozialräume yet, four districts are
created (without boundaries) so that suggestions and filters have something to work with.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.accounts.models import User
from verbund.areas.models import Area
from verbund.core.privacy import LegalBasis
from verbund.network import services
from verbund.network.models import Organisation
from verbund.tenancy.models import Facility, FamilyCentre, Municipality

KIND_SECTOR = {
    "kita": "child_youth_welfare",
    "family_daycare": "child_youth_welfare",
    "primary_school": "education_school",
    "secondary_school": "education_school",
    "counselling": "counselling",
    "family_education": "family_education",
    "youth_centre": "child_youth_welfare",
    "health": "health",
    "library": "culture_library",
    "club": "sport_club",
    "youth_office": "administration",
    "other": "other",
}

AREAS = [
    # code, name, centre slug
    ("LH-01", "Nordstadt", "nordstadt"),
    ("LH-02", "Mühlbach", "muehlbach"),
    ("LH-03", "Altstadt", "altstadt"),
    ("LH-04", "Südfeld", "suedfeld"),
]

ORGANISATIONS = [
    # name, sector, type, street, postcode, areas, languages, accessibility
    (
        "Freiwillige Feuerwehr Lindenhagen – Löschzug Nord",
        "fire_safety",
        "Feuerwehr",
        "Brandweg 3",
        "51061",
        ["nordstadt"],
        ["Deutsch"],
        "Erdgeschoss, stufenlos",
    ),
    (
        "Hebammenpraxis Storchennest",
        "health",
        "Praxis",
        "Amselstraße 7",
        "51061",
        ["nordstadt", "muehlbach"],
        ["Deutsch", "Englisch", "Türkisch"],
        "Aufzug vorhanden",
    ),
    (
        "Kinderarztpraxis Dr. Yilmaz",
        "health",
        "Praxis",
        "Hauptstraße 60",
        "51061",
        ["nordstadt"],
        ["Deutsch", "Türkisch", "Arabisch"],
        "",
    ),
    (
        "Jugendamt Lindenhagen – ASD Bezirk Nord",
        "administration",
        "Amt",
        "Rathausplatz 1",
        "51065",
        ["nordstadt", "muehlbach", "altstadt", "suedfeld"],
        ["Deutsch"],
        "barrierefreier Eingang, Induktionsschleife",
    ),
    (
        "Brücke e. V. – Migrantenselbstorganisation",
        "integration",
        "Verein",
        "Lindenstraße 22",
        "51063",
        ["nordstadt", "muehlbach"],
        ["Deutsch", "Arabisch", "Farsi", "Ukrainisch"],
        "",
    ),
    (
        "Familienbildungsstätte Lindenhagen",
        "family_education",
        "Bildungsstätte",
        "Gartenstraße 14",
        "51065",
        ["nordstadt", "muehlbach", "altstadt", "suedfeld"],
        ["Deutsch", "Englisch"],
        "stufenlos, barrierefreies WC",
    ),
    (
        "DITIB-Moscheegemeinde Lindenhagen",
        "religion",
        "Religionsgemeinschaft",
        "Industriestraße 9",
        "51063",
        ["muehlbach"],
        ["Deutsch", "Türkisch"],
        "",
    ),
    (
        "Musikschule Lindenhagen",
        "culture_library",
        "Musikschule",
        "Am Markt 2",
        "51065",
        ["altstadt"],
        ["Deutsch"],
        "",
    ),
    (
        "Stadtwerke Lindenhagen",
        "economy",
        "Unternehmen",
        "Werkstraße 1",
        "51069",
        ["suedfeld"],
        ["Deutsch"],
        "",
    ),
    (
        "Jobcenter Lindenhagen",
        "administration",
        "Amt",
        "Bahnhofstraße 30",
        "51065",
        ["altstadt", "suedfeld"],
        ["Deutsch", "Englisch"],
        "",
    ),
    (
        "SV Mühlbach 1908 e. V.",
        "sport_club",
        "Verein",
        "Sportplatzweg 4",
        "51063",
        ["muehlbach"],
        ["Deutsch"],
        "",
    ),
    (
        "Schwimmverein Delphin Lindenhagen e. V.",
        "sport_club",
        "Verein",
        "Badstraße 12",
        "51069",
        ["suedfeld"],
        ["Deutsch"],
        "",
    ),
    (
        "Tafel Lindenhagen e. V.",
        "other",
        "Verein",
        "Kirchgasse 9",
        "51069",
        ["suedfeld"],
        ["Deutsch"],
        "",
    ),
    (
        "Gesundheitsamt – Kinder- und Jugendgesundheitsdienst",
        "health",
        "Amt",
        "Rathausplatz 3",
        "51065",
        ["nordstadt", "muehlbach", "altstadt", "suedfeld"],
        ["Deutsch"],
        "barrierefrei",
    ),
]

CONTACTS = [
    # organisation, first, last, function, days since confirmation
    ("Hebammenpraxis Storchennest", "Miriam", "Schäfer", "Hebamme", 40),
    (
        "Freiwillige Feuerwehr Lindenhagen – Löschzug Nord",
        "Jens",
        "Hartmann",
        "Jugendfeuerwehrwart",
        500,
    ),
    ("Jugendamt Lindenhagen – ASD Bezirk Nord", "Claudia", "Lehmann", "Bezirkssozialarbeit", 120),
    ("Brücke e. V. – Migrantenselbstorganisation", "Samir", "Haddad", "Vorstand", 30),
    ("Familienbildungsstätte Lindenhagen", "Ute", "Kaiser", "Programmplanung", 400),
    ("Erziehungs- und Familienberatungsstelle Nord", "Sabine", "Krüger", "Leitung", 10),
    ("Stadtteilbibliothek Nordstadt", "Thomas", "Vogel", "Bibliothekar", 200),
    ("TuS Nordstadt 1921 e. V.", "Frank", "Richter", "Jugendwart", 700),
    ("Kinderarztpraxis Dr. Yilmaz", "Deniz", "Yilmaz", "Kinderärztin", 90),
]

RELATIONSHIPS = [
    # centre, organisation, rel centre, rel families, influence, quality, status,
    # started (days ago), ended (days ago or None), topics, groups, next step
    (
        "nordstadt",
        "Erziehungs- und Familienberatungsstelle Nord",
        3,
        3,
        2,
        4,
        "cooperating",
        900,
        None,
        "Erziehungsberatung, Trennung",
        "Eltern, Alleinerziehende",
        "Offene Sprechstunde im Elterncafé verlängern",
    ),
    (
        "nordstadt",
        "Hebammenpraxis Storchennest",
        3,
        3,
        1,
        3,
        "cooperating",
        600,
        None,
        "Schwangerschaft, Geburt",
        "werdende Eltern",
        "Willkommensbesuche abstimmen",
    ),
    (
        "nordstadt",
        "Stadtteilbibliothek Nordstadt",
        2,
        3,
        1,
        3,
        "cooperating",
        700,
        None,
        "Sprachförderung, Vorlesen",
        "Kinder 3–6",
        "",
    ),
    (
        "nordstadt",
        "TuS Nordstadt 1921 e. V.",
        2,
        2,
        2,
        1,
        "contacted",
        120,
        None,
        "Bewegung",
        "Kinder 6–10",
        "Kennenlerntermin mit dem Jugendwart",
    ),
    (
        "nordstadt",
        "Jugendamt Lindenhagen – ASD Bezirk Nord",
        3,
        2,
        3,
        2,
        "in_talks",
        400,
        None,
        "Kinderschutz, Frühe Hilfen",
        "Familien in belasteten Lagen",
        "Kooperationsvereinbarung",
    ),
    (
        "nordstadt",
        "Brücke e. V. – Migrantenselbstorganisation",
        2,
        3,
        2,
        2,
        "in_talks",
        200,
        None,
        "Sprachmittlung",
        "Familien mit Fluchtgeschichte",
        "Dolmetscherpool besprechen",
    ),
    (
        "nordstadt",
        "Freiwillige Feuerwehr Lindenhagen – Löschzug Nord",
        1,
        2,
        1,
        0,
        "identified",
        30,
        None,
        "Brandschutzerziehung",
        "Kinder 3–6",
        "Anfrage Brandschutztag",
    ),
    (
        "nordstadt",
        "Gemeinschaftsgrundschule Nordstadt",
        3,
        3,
        2,
        3,
        "cooperating",
        1000,
        None,
        "Übergang Kita–Schule",
        "Kinder 5–7",
        "",
    ),
    (
        "nordstadt",
        "Familienbildungsstätte Lindenhagen",
        2,
        2,
        1,
        2,
        "dormant",
        1200,
        None,
        "Elternkurse",
        "Eltern",
        "",
    ),
    (
        "nordstadt",
        "Kinderarztpraxis Dr. Yilmaz",
        2,
        3,
        1,
        1,
        "ended",
        800,
        100,
        "Vorsorge",
        "Kinder 0–6",
        "",
    ),
    (
        "muehlbach",
        "Kath. Kita St. Elisabeth",
        3,
        3,
        2,
        4,
        "cooperating",
        1500,
        None,
        "Verbund",
        "Kinder 0–6",
        "",
    ),
    (
        "muehlbach",
        "Brücke e. V. – Migrantenselbstorganisation",
        2,
        3,
        2,
        3,
        "cooperating",
        500,
        None,
        "Sprachmittlung, Elterncafé",
        "Familien mit Fluchtgeschichte",
        "",
    ),
    (
        "muehlbach",
        "SV Mühlbach 1908 e. V.",
        2,
        2,
        1,
        2,
        "cooperating",
        300,
        None,
        "Bewegung",
        "Kinder 3–10",
        "",
    ),
    (
        "muehlbach",
        "Jugendamt Lindenhagen – ASD Bezirk Nord",
        3,
        2,
        3,
        3,
        "cooperating",
        800,
        None,
        "Kinderschutz",
        "Familien",
        "",
    ),
    (
        "muehlbach",
        "Hebammenpraxis Storchennest",
        2,
        3,
        1,
        1,
        "contacted",
        60,
        None,
        "Geburt",
        "werdende Eltern",
        "Vorstellung im Team",
    ),
]

BODIES = [
    # name, kind, centre slug or None, area code, cadence, purpose, mandate, resources,
    # members: (kind, key, role)
    (
        "Netzwerk Frühe Hilfen Lindenhagen",
        "early_help",
        None,
        None,
        "quarterly",
        "Frühe Hilfen nach § 3 KKG koordinieren",
        "",
        "",
        [
            ("org", "Jugendamt Lindenhagen – ASD Bezirk Nord", "chair"),
            ("org", "Hebammenpraxis Storchennest", "member"),
            ("org", "Kinderarztpraxis Dr. Yilmaz", "member"),
            ("org", "Gesundheitsamt – Kinder- und Jugendgesundheitsdienst", "member"),
            ("centre", "nordstadt", "member"),
            ("centre", "muehlbach", "member"),
        ],
    ),
    (
        "Runder Tisch Nordstadt",
        "round_table",
        "nordstadt",
        "nordstadt",
        "bimonthly",
        "Austausch der Akteure im Stadtteil, gemeinsame Aktionen",
        "",
        "",
        [
            ("centre", "nordstadt", "chair"),
            ("org", "Erziehungs- und Familienberatungsstelle Nord", "member"),
            ("org", "Stadtteilbibliothek Nordstadt", "member"),
            ("org", "Brücke e. V. – Migrantenselbstorganisation", "member"),
            ("org", "TuS Nordstadt 1921 e. V.", "guest"),
        ],
    ),
    (
        "Steuerungsgremium Familienzentren Lindenhagen",
        "steering",
        None,
        None,
        "half_yearly",
        "Strategische Steuerung der Familienzentren",
        "Beschließt das Jahresprogramm und verteilt das Aktionsbudget",
        "Aktionsbudget 20.000 € jährlich; 4 Stunden/Woche Geschäftsführung im Jugendamt",
        [
            ("org", "Jugendamt Lindenhagen – ASD Bezirk Nord", "chair"),
            ("centre", "nordstadt", "member"),
            ("centre", "muehlbach", "member"),
            ("centre", "altstadt", "member"),
            ("centre", "suedfeld", "member"),
        ],
    ),
    (
        "Treffen der Koordinierungskräfte",
        "coordinators",
        None,
        None,
        "monthly",
        "Kollegialer Austausch der Koordinierungskräfte",
        "",
        "",
        [
            ("centre", "nordstadt", "member"),
            ("centre", "muehlbach", "member"),
            ("centre", "altstadt", "member"),
            ("centre", "suedfeld", "member"),
        ],
    ),
    (
        "Arbeitskreis Übergang Kita–Schule Mühlbach",
        "working_group",
        "muehlbach",
        "muehlbach",
        "quarterly",
        "Übergänge gestalten",
        "",
        "",
        [
            ("centre", "muehlbach", "chair"),
            ("org", "Offene Ganztagsgrundschule Am Mühlbach", "member"),
            ("org", "Kath. Kita St. Elisabeth", "member"),
        ],
    ),
]


class Command(BaseCommand):
    help = "Lädt Demo-Daten für das Netzwerk (nach seed_demo)."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst `manage.py seed_demo` ausführen.")
            if Organisation.objects.filter(municipality=town).exists():
                self.stdout.write("Netzwerk-Demo-Daten sind schon vorhanden.")
                return
            with transaction.atomic():
                self._seed(town)
        self.stdout.write(self.style.SUCCESS("Netzwerk-Demo-Daten angelegt."))

    def _seed(self, town):
        today = timezone.localdate()
        actor = User.objects.filter(username="koordination").first()
        centres = {c.slug: c for c in FamilyCentre.objects.filter(municipality=town)}
        # The district (Sozialraum) of each centre, keyed by the centre's slug.
        areas = {}
        for area in (
            Area.objects.filter(municipality=town)
            .prefetch_related("centres")
            .order_by("-level", "code")
        ):
            for centre in area.centres.all():
                if area.level == "Stadtteil" or centre.slug not in areas:
                    areas[centre.slug] = area
        if not areas:
            for code, name, centre in AREAS:
                area = Area.objects.create(
                    municipality=town, code=code, name=name, level="Stadtteil"
                )
                if centre in centres:
                    area.centres.add(centres[centre])
                areas[centre] = area
        orgs = {}
        for facility in Facility.objects.filter(municipality=town).select_related("centre"):
            code = facility.centre.slug if facility.centre else None
            orgs[facility.name] = services.organisation_create(
                actor=actor,
                municipality=town,
                data={
                    "name": facility.name,
                    "sector": KIND_SECTOR.get(facility.kind, "other"),
                    "org_type": facility.get_kind_display(),
                    "facility": facility,
                    "street": facility.street,
                    "postcode": facility.postcode,
                    "city": facility.city,
                    "latitude": facility.latitude,
                    "longitude": facility.longitude,
                    "languages": ["Deutsch"],
                    "email": f"info.{facility.pk}@example.org",
                },
                areas=[areas[code]] if code in areas else [],
            )
        for name, sector, kind, street, postcode, codes, languages, access in ORGANISATIONS:
            slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
            orgs[name] = services.organisation_create(
                actor=actor,
                municipality=town,
                data={
                    "name": name,
                    "sector": sector,
                    "org_type": kind,
                    "street": street,
                    "postcode": postcode,
                    "city": "Lindenhagen",
                    "languages": languages,
                    "accessibility": access,
                    "email": f"kontakt@{slug}.example.org",
                    "preferred_channel": "email",
                },
                areas=[areas[c] for c in codes if c in areas],
            )
        contacts = {}
        for org_name, first, last, function, days in CONTACTS:
            contacts[(org_name, last)] = services.contact_create(
                actor=actor,
                municipality=town,
                data={
                    "organisation": orgs[org_name],
                    "first_name": first,
                    "last_name": last,
                    "function": function,
                    "email": f"{first.lower()}.{last.lower().replace('ä', 'ae').replace('ü', 'ue')}"
                    "@example.org",
                    "phone": "02171 55" + str(1000 + len(contacts)),
                    "legal_basis": LegalBasis.PUBLIC_TASK
                    if "Amt" in org_name or "Jugendamt" in org_name
                    else LegalBasis.CONSENT,
                    "source": "Visitenkarte beim Runden Tisch Nordstadt",
                    "last_confirmed": today - timedelta(days=days),
                },
            )
        for row in RELATIONSHIPS:
            (
                centre,
                org_name,
                rc,
                rf,
                infl,
                quality,
                status,
                started,
                ended,
                topics,
                groups,
                step,
            ) = row
            relationship = services.relationship_create(
                actor=actor,
                municipality=town,
                data={
                    "centre": centres[centre],
                    "organisation": orgs[org_name],
                    "relevance_centre": rc,
                    "relevance_families": rf,
                    "influence": infl,
                    "quality": quality,
                    "status": status,
                    "topics": topics,
                    "target_groups": groups,
                    "value_for_centre": "Fachwissen und kurze Wege für Familien"
                    if quality >= 2
                    else "",
                    "value_for_partner": "Zugang zu Familien, Räume im Familienzentrum"
                    if quality >= 2
                    else "",
                    "next_step": step,
                    "next_step_due": today + timedelta(days=30) if step else None,
                    "next_step_owner": actor if step else None,
                    "started_on": today - timedelta(days=started),
                    "ended_on": today - timedelta(days=ended) if ended else None,
                },
            )
            if quality >= 2:
                people = [c for (o, _l), c in contacts.items() if o == org_name]
                services.interaction_create(
                    actor=actor,
                    relationship=relationship,
                    data={
                        "kind": "meeting",
                        "date": today - timedelta(days=min(started, 45)),
                        "summary": f"Jahresgespräch: {topics}. Nächste Schritte vereinbart.",
                    },
                    contacts=people,
                )
                services.interaction_create(
                    actor=actor,
                    relationship=relationship,
                    data={
                        "kind": "call",
                        "date": today - timedelta(days=7),
                        "summary": "Kurze Abstimmung zu Terminen im nächsten Quartal.",
                    },
                    contacts=people,
                )
        for name, kind, centre, area, cadence, purpose, mandate, resources, members in BODIES:
            body = services.body_create(
                actor=actor,
                municipality=town,
                data={
                    "name": name,
                    "kind": kind,
                    "centre": centres.get(centre) if centre else None,
                    "area": areas.get(area) if area else None,
                    "cadence": cadence,
                    "purpose": purpose,
                    "mandate": mandate,
                    "resources": resources,
                    "founded_on": date(today.year - 3, 3, 1),
                },
            )
            for holder, key, role in members:
                data = {"role": role, "joined_on": date(today.year - 2, 1, 15)}
                if holder == "centre":
                    data["centre"] = centres[key]
                else:
                    data["organisation"] = orgs[key]
                    person = next((c for (o, _l), c in contacts.items() if o == key), None)
                    data["contact"] = person
                services.body_member_add(actor=actor, body=body, data=data)
