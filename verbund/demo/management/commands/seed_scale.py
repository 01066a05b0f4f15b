"""Large synthetic data for benchmarks: ``seed_scale --centres 3000``.

Rows are written with bulk_create in batches (no per-row services or audit entries: this is
generated test data, not user work). Users share one pre-computed password hash so that
thousands of accounts cost no hashing time.
"""

import random
import time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership, User
from verbund.core.roles import Role
from verbund.tenancy.models import Facility, FacilityKind, FamilyCentre, Municipality, Provider

PLACES = ["Nord", "Süd", "Ost", "West", "Mitte", "Altstadt", "Neustadt", "Am Hang", "Auf der Heide"]
STREETS = ["Hauptstraße", "Schulstraße", "Gartenweg", "Lindenallee", "Kirchplatz", "Ringstraße"]
PROVIDER_NAMES = ["AWO", "Caritas", "Diakonie", "DRK", "Paritätischer", "Stadt"]
BATCH = 2000


class Command(BaseCommand):
    help = "Erzeugt große synthetische Datenmengen für Benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--centres", type=int, default=100)
        parser.add_argument("--facilities-per-centre", type=int, default=5)
        parser.add_argument("--municipalities", type=int, default=1)
        parser.add_argument("--prefix", default="skala")
        parser.add_argument("--password", default=None, help="Passwort der erzeugten Konten")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **opts):
        started = time.perf_counter()
        rng = random.Random(opts["seed"])
        prefix = opts["prefix"]
        if opts["centres"] < 1 or opts["municipalities"] < 1:
            raise CommandError("--centres und --municipalities müssen mindestens 1 sein.")
        with scopes_disabled(), transaction.atomic():
            if Municipality.objects.filter(slug__startswith=f"{prefix}-").exists():
                raise CommandError(f"Es gibt schon Kommunen mit dem Präfix „{prefix}-“.")
            municipalities = Municipality.objects.bulk_create(
                Municipality(name=f"Skalenstadt {n + 1}", slug=f"{prefix}-{n + 1}")
                for n in range(opts["municipalities"])
            )
            providers = Provider.objects.bulk_create(
                Provider(municipality=m, name=f"{name} Kreisverband {m.name}")
                for m in municipalities
                for name in PROVIDER_NAMES
            )
            by_municipality = {}
            for provider in providers:
                by_municipality.setdefault(provider.municipality_id, []).append(provider)
            centres = FamilyCentre.objects.bulk_create(
                (
                    self._centre(rng, n, municipalities[n % len(municipalities)], by_municipality)
                    for n in range(opts["centres"])
                ),
                batch_size=BATCH,
            )
            Facility.objects.bulk_create(
                (
                    self._facility(rng, centre, k)
                    for centre in centres
                    for k in range(opts["facilities_per_centre"])
                ),
                batch_size=BATCH,
            )
            password = make_password(opts["password"]) if opts["password"] else "!"
            users = User.objects.bulk_create(
                (
                    User(username=f"{prefix}-koordination-{n + 1}", password=password)
                    for n in range(len(centres))
                ),
                batch_size=BATCH,
            )
            Membership.objects.bulk_create(
                (
                    Membership(
                        user=user,
                        role=Role.COORDINATOR,
                        municipality_id=centre.municipality_id,
                        centre=centre,
                    )
                    for user, centre in zip(users, centres, strict=True)
                ),
                batch_size=BATCH,
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(municipalities)} Kommunen, {len(centres)} Zentren, "
                f"{len(centres) * opts['facilities_per_centre']} Einrichtungen, "
                f"{len(users)} Konten in {elapsed:.1f} s angelegt."
            )
        )

    def _centre(self, rng, n, municipality, by_municipality):
        lat, lon = self._position(rng)
        return FamilyCentre(
            municipality=municipality,
            provider=rng.choice(by_municipality[municipality.pk]),
            name=f"Familienzentrum {rng.choice(PLACES)} {n + 1}",
            slug=f"fz-{n + 1}",
            street=f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
            postcode=f"{rng.randint(10000, 99999)}",
            city=municipality.name,
            latitude=lat,
            longitude=lon,
        )

    def _facility(self, rng, centre, k):
        lat, lon = self._position(rng)
        kind = rng.choice(FacilityKind.values)
        return Facility(
            municipality_id=centre.municipality_id,
            centre=centre,
            provider_id=centre.provider_id,
            name=f"{FacilityKind(kind).label} {centre.pk}-{k + 1}",
            kind=kind,
            street=f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
            postcode=centre.postcode,
            city=centre.city,
            latitude=lat,
            longitude=lon,
        )

    @staticmethod
    def _position(rng):
        return (
            Decimal(f"{rng.uniform(47.5, 54.8):.6f}"),
            Decimal(f"{rng.uniform(6.0, 14.8):.6f}"),
        )
