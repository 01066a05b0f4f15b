"""A believable demo municipality with centres, facilities and one login per role.

The places are invented (Lindenhagen and Erlenbrück do not exist); coordinates lie in the
Rhineland so that maps have somewhere plausible to show them.
"""

from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scopes_disabled

from verbund.accounts.models import User
from verbund.accounts.services import membership_grant, user_create
from verbund.core.roles import Role
from verbund.tenancy.models import FamilyCentre, Municipality, Provider
from verbund.tenancy.services import facility_create

# The demo content of each capability, a command of this app each, run in this order after the
# base municipalities exist (later ones build on earlier ones: statistics need the areas).
DEMO_EXTENSIONS = [
    "seed_demo_areas",
    "seed_demo_statistics",
    "seed_demo_analysis",
    "seed_demo_network",
    "seed_demo_cooperation",
    "seed_demo_rooms",
    "seed_demo_dashboard",
    "seed_demo_offers",
    "seed_demo_meetings",
    "seed_demo_documents",
    "seed_demo_public_homepage",
    "seed_demo_public_signals",
    "seed_demo_visits",
    "seed_demo_planning",
    "seed_demo_quality",
    "seed_demo_budget",
    "seed_demo_reports",
    "seed_demo_feeds",
    "seed_demo_api",
]

DEMO_PASSWORD = "Verbund-Demo-2026"  # noqa: S105  (documented demo logins, see README)

PROVIDERS = {
    "awo": ("AWO Kreisverband Lindenhagen e. V.", "eingetragener Verein"),
    "caritas": ("Caritasverband für die Stadt Lindenhagen e. V.", "eingetragener Verein"),
    "stadt": ("Stadt Lindenhagen – Amt für Kinder, Jugend und Familie", "Gebietskörperschaft"),
    "ev": ("Ev. Kirchengemeinde Lindenhagen-Süd", "Körperschaft des öffentlichen Rechts"),
}

CENTRES = [
    # slug, name, provider, street, postcode, lat, lon
    ("nordstadt", "Familienzentrum Nordstadt", "awo", "Lerchenweg 12", "51061", 50.9931, 7.0048),
    (
        "muehlbach",
        "Familienzentrum Am Mühlbach",
        "caritas",
        "Mühlenstraße 3",
        "51063",
        50.9712,
        7.0209,
    ),
    (
        "altstadt",
        "Städtisches Familienzentrum Altstadt",
        "stadt",
        "Marktplatz 7",
        "51065",
        50.9623,
        7.0071,
    ),
    ("suedfeld", "Ev. Familienzentrum Südfeld", "ev", "Kirchgasse 2", "51069", 50.9489, 7.0312),
]

FACILITIES = [
    # centre, name, kind, street, postcode, lat, lon, provider (optional)
    ("nordstadt", "Kita Sonnenblume", "kita", "Lerchenweg 12", "51061", 50.9931, 7.0048, "awo"),
    ("nordstadt", "Kita Regenbogen", "kita", "Amselstraße 40", "51061", 50.9957, 7.0102, "awo"),
    (
        "nordstadt",
        "Gemeinschaftsgrundschule Nordstadt",
        "primary_school",
        "Schulstraße 5",
        "51061",
        50.9944,
        7.0003,
        "stadt",
    ),
    (
        "nordstadt",
        "Erziehungs- und Familienberatungsstelle Nord",
        "counselling",
        "Hauptstraße 118",
        "51061",
        50.9902,
        7.0071,
        "awo",
    ),
    (
        "nordstadt",
        "Stadtteilbibliothek Nordstadt",
        "library",
        "Hauptstraße 96",
        "51061",
        50.9896,
        7.0055,
        "stadt",
    ),
    (
        "nordstadt",
        "TuS Nordstadt 1921 e. V.",
        "club",
        "Am Sportplatz 1",
        "51061",
        50.9978,
        7.0131,
        None,
    ),
    (
        "muehlbach",
        "Kath. Kita St. Elisabeth",
        "kita",
        "Mühlenstraße 3",
        "51063",
        50.9712,
        7.0209,
        "caritas",
    ),
    (
        "muehlbach",
        "Kita Mühlbachzwerge",
        "kita",
        "Bachstraße 21",
        "51063",
        50.9735,
        7.0244,
        "caritas",
    ),
    (
        "muehlbach",
        "Offene Ganztagsgrundschule Am Mühlbach",
        "primary_school",
        "Weiherweg 8",
        "51063",
        50.9698,
        7.0187,
        "stadt",
    ),
    (
        "muehlbach",
        "Schwangerschaftsberatung donum vitae",
        "counselling",
        "Mühlenstraße 30",
        "51063",
        50.9720,
        7.0230,
        None,
    ),
    (
        "muehlbach",
        "Kindertagespflege Mühlbach (Verbund)",
        "family_daycare",
        "Bachstraße 2",
        "51063",
        50.9741,
        7.0199,
        None,
    ),
    (
        "altstadt",
        "Städtische Kita Marktplatz",
        "kita",
        "Marktplatz 7",
        "51065",
        50.9623,
        7.0071,
        "stadt",
    ),
    (
        "altstadt",
        "Familienbildungsstätte Lindenhagen",
        "family_education",
        "Burgstraße 14",
        "51065",
        50.9611,
        7.0049,
        None,
    ),
    (
        "altstadt",
        "Allgemeiner Sozialer Dienst Bezirk Mitte",
        "youth_office",
        "Rathausplatz 1",
        "51065",
        50.9630,
        7.0090,
        "stadt",
    ),
    (
        "altstadt",
        "Kinder- und Jugendgesundheitsdienst",
        "health",
        "Rathausplatz 3",
        "51065",
        50.9632,
        7.0095,
        "stadt",
    ),
    (
        "altstadt",
        "Gesamtschule Lindenhagen-Mitte",
        "secondary_school",
        "Schillerstraße 20",
        "51065",
        50.9590,
        7.0120,
        "stadt",
    ),
    ("suedfeld", "Ev. Kita Arche Noah", "kita", "Kirchgasse 2", "51069", 50.9489, 7.0312, "ev"),
    (
        "suedfeld",
        "Grundschule Südfeld",
        "primary_school",
        "Feldstraße 11",
        "51069",
        50.9472,
        7.0281,
        "stadt",
    ),
    (
        "suedfeld",
        "Jugendzentrum Südpol",
        "youth_centre",
        "Feldstraße 40",
        "51069",
        50.9466,
        7.0336,
        "ev",
    ),
    (
        "suedfeld",
        "Migrationsberatung für Familien",
        "counselling",
        "Südring 5",
        "51069",
        50.9501,
        7.0350,
        None,
    ),
]

LOGINS = [
    # username, first, last, role, scope key
    ("koordination", "Aylin", "Demir", Role.COORDINATOR, ("centre", "nordstadt")),
    ("leitung", "Jana", "Becker", Role.CENTRE_LEAD, ("centre", "nordstadt")),
    ("fachkraft", "Tobias", "Wagner", Role.STAFF, ("centre", "nordstadt")),
    ("traeger", "Petra", "Schulz", Role.PROVIDER_ADMIN, ("provider", "awo")),
    ("planung", "Markus", "Hoffmann", Role.PLANNER, None),
    (
        "partner",
        "Sabine",
        "Krüger",
        Role.PARTNER,
        ("facility", "Erziehungs- und Familienberatungsstelle Nord"),
    ),
    ("verwaltung", "Katrin", "Wolf", Role.ADMIN, None),
    ("besuchsdienst", "Selin", "Kaya", Role.VISITOR, ("centre", "nordstadt")),
]


class Command(BaseCommand):
    help = "Lädt die Demo-Kommune Lindenhagen (und Erlenbrück) mit einem Login je Rolle."

    def handle(self, *args, **options):
        with scopes_disabled():
            if Municipality.objects.filter(slug="lindenhagen").exists():
                self.stdout.write("Demo-Daten sind schon vorhanden.")
                return
            with transaction.atomic():
                self._lindenhagen()
                self._erlenbrueck()
        for command in DEMO_EXTENSIONS:
            call_command(command, stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(self.style.SUCCESS("Demo-Daten angelegt. Passwort: " + DEMO_PASSWORD))

    def _lindenhagen(self) -> None:
        town = Municipality.objects.create(
            name="Stadt Lindenhagen",
            slug="lindenhagen",
            official_key="05399001",
            state="Nordrhein-Westfalen",
        )
        providers = {
            key: Provider.objects.create(municipality=town, name=name, legal_form=form)
            for key, (name, form) in PROVIDERS.items()
        }
        centres = {}
        for slug, name, provider, street, postcode, lat, lon in CENTRES:
            centres[slug] = FamilyCentre.objects.create(
                municipality=town,
                slug=slug,
                name=name,
                provider=providers[provider],
                street=street,
                postcode=postcode,
                city="Lindenhagen",
                latitude=Decimal(str(lat)),
                longitude=Decimal(str(lon)),
                email=f"fz-{slug}@example.org",
            )
        facilities = {}
        for centre, name, kind, street, postcode, lat, lon, provider in FACILITIES:
            facilities[name] = facility_create(
                actor=None,
                municipality=town,
                data={
                    "name": name,
                    "kind": kind,
                    "centre": centres[centre],
                    "provider": providers[provider] if provider else None,
                    "street": street,
                    "postcode": postcode,
                    "city": "Lindenhagen",
                    "latitude": Decimal(str(lat)),
                    "longitude": Decimal(str(lon)),
                },
            )
        targets = {"centre": centres, "provider": providers, "facility": facilities}
        for username, first, last, role, scope_key in LOGINS:
            user = user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
            )
            scope = {}
            if scope_key:
                kind, key = scope_key
                scope[kind] = targets[kind][key]
            membership_grant(actor=None, user=user, role=role, municipality=town, **scope)
        # The coordinator also looks after a second centre: memberships add up.
        membership_grant(
            actor=None,
            user=User.objects.get(username="koordination"),
            role=Role.COORDINATOR,
            municipality=town,
            centre=centres["muehlbach"],
        )

    def _erlenbrueck(self) -> None:
        village = Municipality.objects.create(
            name="Gemeinde Erlenbrück",
            slug="erlenbrueck",
            official_key="05399002",
            state="Nordrhein-Westfalen",
        )
        provider = Provider.objects.create(
            municipality=village, name="DRK-Kreisverband Erlenbrück e. V."
        )
        centre = FamilyCentre.objects.create(
            municipality=village,
            slug="dorfmitte",
            name="Familienzentrum Dorfmitte",
            provider=provider,
            street="Lindenallee 4",
            postcode="51503",
            city="Erlenbrück",
            latitude=Decimal("50.9101"),
            longitude=Decimal("7.1923"),
        )
        facility_create(
            actor=None,
            municipality=village,
            data={
                "name": "DRK-Kita Pusteblume",
                "kind": "kita",
                "centre": centre,
                "provider": provider,
                "street": "Lindenallee 4",
                "postcode": "51503",
                "city": "Erlenbrück",
            },
        )
        user = user_create(
            actor=None,
            username="koordination-erlenbrueck",
            password=DEMO_PASSWORD,
            first_name="Lukas",
            last_name="Neumann",
            email="koordination-erlenbrueck@example.org",
        )
        membership_grant(
            actor=None, user=user, role=Role.COORDINATOR, municipality=village, centre=centre
        )
