"""Large synthetic data for benchmarks at real shape.

    manage.py seed_scale --centres 3000 --municipalities 40
    manage.py seed_scale --prefix gross --centres 300 --facilities-per-centre 34 --areas 2000 \
        --value-years 3 --organisations 5000 --relationships 45000 --bodies 100 \
        --agreements 1500 --password ...
    manage.py seed_scale --centres 3000 --areas 100 --organisations 200 --offers 150000

Counts of areas, organisations, relationships, bodies and agreements are per municipality;
``--offers`` is the total, spread evenly over the municipalities and their centres (see
``verbund.demo.scale_offers``).
Rows are written with bulk_create in batches (no per-row services or audit entries: this is
generated test data, not user work); only ids are kept between batches, so memory stays
bounded at any size. Bulk-created municipalities get what a municipality created one by one
gets from its signals (the indicator catalogue). Users share one pre-computed password hash so
that thousands of accounts cost no hashing time. With areas, every centre belongs to the
Planungsraum it lies in (and its Stadtteil and Bezirk). One account per main role is made for
the first municipality: ``<prefix>-planung``, ``-koordination``, ``-leitung``, ``-traeger``,
``-partner``, ``-verwaltung``.
"""

import random
import time
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership, User
from verbund.core.db_maintenance import analyze
from verbund.core.roles import Role
from verbund.dashboard import items_cache as dashboard_items
from verbund.demo.scale_offers import create_offers
from verbund.network import metrics_cache
from verbund.network.models import Organisation
from verbund.statistics.services import indicator_catalogue_seed
from verbund.taxonomy.services import taxonomy_seed
from verbund.tenancy import rows_cache as tenancy_rows
from verbund.tenancy.models import Facility, FacilityKind, FamilyCentre, Municipality, Provider

from ._scale_areas import (
    SPAN_LAT,
    SPAN_LON,
    AreaGrid,
    batched,
    create_areas,
    create_values,
    leaf_ids,
    link_centres,
)
from ._scale_network import (
    create_agreements,
    create_bodies,
    create_organisations,
    create_relationships,
)

PLACES = ["Nord", "Süd", "Ost", "West", "Mitte", "Altstadt", "Neustadt", "Am Hang", "Auf der Heide"]
STREETS = ["Hauptstraße", "Schulstraße", "Gartenweg", "Lindenallee", "Kirchplatz", "Ringstraße"]
PROVIDER_NAMES = ["AWO", "Caritas", "Diakonie", "DRK", "Paritätischer", "Stadt"]
BATCH = 2000
ROLE_ACCOUNTS = {
    "planung": Role.PLANNER,
    "koordination": Role.COORDINATOR,
    "leitung": Role.CENTRE_LEAD,
    "traeger": Role.PROVIDER_ADMIN,
    "partner": Role.PARTNER,
    "verwaltung": Role.ADMIN,
}
COUNTED = (
    "areas",
    "values",
    "organisations",
    "relationships",
    "bodies",
    "agreements",
    "offers",
)


class Command(BaseCommand):
    help = "Erzeugt große synthetische Datenmengen für Benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--centres", type=int, default=100)
        parser.add_argument("--facilities-per-centre", type=int, default=5)
        parser.add_argument("--municipalities", type=int, default=1)
        parser.add_argument("--areas", type=int, default=0, help="Gebiete je Kommune")
        parser.add_argument(
            "--area-vertices", type=int, default=200, help="Eckpunkte einer Planungsraumgrenze"
        )
        parser.add_argument(
            "--value-years",
            type=int,
            default=0,
            help="Jahre mit Kennzahlwerten (je Gebiet und Kennzahl des Katalogs)",
        )
        parser.add_argument("--organisations", type=int, default=0, help="je Kommune")
        parser.add_argument("--relationships", type=int, default=0, help="je Kommune")
        parser.add_argument("--bodies", type=int, default=0, help="Gremien je Kommune")
        parser.add_argument("--agreements", type=int, default=0, help="je Kommune")
        parser.add_argument(
            "--offers", type=int, default=0, help="Angebote insgesamt, über die Zentren verteilt"
        )
        parser.add_argument("--prefix", default="skala")
        parser.add_argument("--password", default=None, help="Passwort der erzeugten Konten")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=BATCH)

    def handle(self, *args, **opts):
        started = time.perf_counter()
        self.rng = random.Random(opts["seed"])
        self.batch = max(1, opts["batch"])
        prefix = opts["prefix"]
        if opts["centres"] < 1 or opts["municipalities"] < 1:
            raise CommandError("--centres und --municipalities müssen mindestens 1 sein.")
        if opts["relationships"] and not opts["organisations"]:
            raise CommandError("--relationships braucht --organisations.")
        self.password = make_password(opts["password"]) if opts["password"] else "!"
        counts = dict.fromkeys(("centres", "facilities", "users", *COUNTED), 0)
        with scopes_disabled(), transaction.atomic():
            if Municipality.objects.filter(slug__startswith=f"{prefix}-").exists():
                raise CommandError(f"Es gibt schon Kommunen mit dem Präfix „{prefix}-“.")
            municipalities = Municipality.objects.bulk_create(
                Municipality(name=f"Skalenstadt {prefix} {n + 1}", slug=f"{prefix}-{n + 1}")
                for n in range(opts["municipalities"])
            )
            for municipality in municipalities:
                # bulk_create sends no post_save: seed what the signals would have.
                indicator_catalogue_seed(municipality=municipality)
                taxonomy_seed(municipality=municipality)
            origins = {m.pk: self._origin() for m in municipalities}
            providers = Provider.objects.bulk_create(
                Provider(municipality=m, name=f"{name} Kreisverband {m.name}")
                for m in municipalities
                for name in PROVIDER_NAMES
            )
            by_municipality = {}
            for provider in providers:
                by_municipality.setdefault(provider.municipality_id, []).append(provider.pk)
            self._centres(opts, prefix, municipalities, origins, by_municipality, counts)
            for municipality in municipalities:  # written without the ORM's signals
                tenancy_rows.bump(municipality.pk)
            for municipality in municipalities:
                self._extras(opts, municipality, origins[municipality.pk], counts)
            self._offers(opts, municipalities, counts)
            self._role_accounts(prefix, municipalities[0], by_municipality)
            counts["users"] += len(ROLE_ACCOUNTS)
            for municipality in municipalities:  # written without the ORM's signals
                dashboard_items.bump(municipality.pk)
        analyze()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(municipalities)} Kommunen, {counts['centres']} Zentren, "
                f"{counts['facilities']} Einrichtungen, {counts['users']} Konten, "
                f"{counts['areas']} Gebiete, {counts['values']} Kennzahlwerte, "
                f"{counts['organisations']} Organisationen, {counts['relationships']} "
                f"Beziehungen, {counts['bodies']} Gremien, {counts['agreements']} "
                f"Vereinbarungen, {counts['offers']} Angebote in {elapsed:.1f} s angelegt."
            )
        )

    # ------------------------------------------------------------------ centres, facilities

    def _centres(self, opts, prefix, municipalities, origins, by_municipality, counts):
        """Centres in batches; each batch's facilities and coordinator accounts right after."""
        total, per_centre = opts["centres"], opts["facilities_per_centre"]
        for numbers in batched(range(total), max(1, self.batch // max(1, per_centre))):
            centres = FamilyCentre.objects.bulk_create(
                self._centre(n, municipalities[n % len(municipalities)], origins, by_municipality)
                for n in numbers
            )
            for chunk in batched(
                (self._facility(c, k) for c in centres for k in range(per_centre)), self.batch
            ):
                Facility.objects.bulk_create(chunk)
                counts["facilities"] += len(chunk)
            users = User.objects.bulk_create(
                User(username=f"{prefix}-koordination-{n + 1}", password=self.password)
                for n in numbers
            )
            Membership.objects.bulk_create(
                Membership(
                    user=user,
                    role=Role.COORDINATOR,
                    municipality_id=centre.municipality_id,
                    centre=centre,
                )
                for user, centre in zip(users, centres, strict=True)
            )
            counts["centres"] += len(centres)
            counts["users"] += len(users)

    def _centre(self, n, municipality, origins, by_municipality):
        lat, lon = self._position(origins[municipality.pk])
        return FamilyCentre(
            municipality=municipality,
            provider_id=self.rng.choice(by_municipality[municipality.pk]),
            name=f"Familienzentrum {self.rng.choice(PLACES)} {n + 1}",
            slug=f"fz-{n + 1}",
            street=f"{self.rng.choice(STREETS)} {self.rng.randint(1, 200)}",
            postcode=f"{self.rng.randint(10000, 99999)}",
            city=municipality.name,
            latitude=lat,
            longitude=lon,
        )

    def _facility(self, centre, k):
        kind = self.rng.choice(FacilityKind.values)
        lat, lon = centre.latitude, centre.longitude
        return Facility(
            municipality_id=centre.municipality_id,
            centre=centre,
            provider_id=centre.provider_id,
            name=f"{FacilityKind(kind).label} {centre.pk}-{k + 1}",
            kind=kind,
            street=f"{self.rng.choice(STREETS)} {self.rng.randint(1, 200)}",
            postcode=centre.postcode,
            city=centre.city,
            latitude=lat + Decimal(f"{self.rng.uniform(-0.004, 0.004):.6f}"),
            longitude=lon + Decimal(f"{self.rng.uniform(-0.004, 0.004):.6f}"),
        )

    def _origin(self):
        """The south-west corner of a municipality's box, somewhere in Germany."""
        return self.rng.uniform(47.6, 54.6), self.rng.uniform(6.1, 14.5)

    def _position(self, origin):
        lat0, lon0 = origin
        return (
            Decimal(f"{lat0 + self.rng.uniform(0.002, SPAN_LAT - 0.002):.6f}"),
            Decimal(f"{lon0 + self.rng.uniform(0.002, SPAN_LON - 0.002):.6f}"),
        )

    # ------------------------------------------------------------------ per municipality

    def _extras(self, opts, municipality, origin, counts):
        rng, batch = self.rng, self.batch
        centres = FamilyCentre.objects.filter(municipality=municipality)
        grid = AreaGrid(origin, opts["areas"])
        if opts["areas"]:
            counts["areas"] += create_areas(rng, municipality, grid, opts["area_vertices"], batch)
            link_centres(
                municipality,
                grid,
                centres.values_list("pk", "latitude", "longitude").iterator(chunk_size=batch),
                batch,
            )
        if opts["value_years"]:
            counts["values"] += create_values(rng, municipality, opts["value_years"], batch)
        if not opts["organisations"]:
            return
        leaves = leaf_ids(municipality) if opts["areas"] else {}
        partner_facility = self._partner_facility(municipality)
        counts["organisations"] += create_organisations(
            rng, municipality, origin, opts["organisations"], leaves, batch, partner_facility
        )
        centre_ids = list(centres.order_by("pk").values_list("pk", flat=True))
        organisation_ids = list(
            Organisation.objects.filter(municipality=municipality)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        counts["relationships"] += create_relationships(
            rng, municipality, centre_ids, organisation_ids, opts["relationships"], batch
        )
        counts["bodies"] += create_bodies(
            rng, municipality, centre_ids, organisation_ids, opts["bodies"], batch
        )
        counts["agreements"] += create_agreements(
            rng, municipality, centre_ids, organisation_ids, opts["agreements"], batch
        )
        # Written without the ORM's signals: what is cached from the network is read anew.
        metrics_cache.bump_now_and_on_commit(municipality.pk)

    def _offers(self, opts, municipalities, counts):
        if opts["offers"] <= 0:
            return
        from verbund.offers.gaps import cache as gap_cache
        from verbund.offers.search import TEXT_INDEX

        started = time.perf_counter()
        per_municipality, extra = divmod(opts["offers"], len(municipalities))
        # The full-text index is built once at the end, not row by row.
        with TEXT_INDEX.bulk_loading():
            for position, municipality in enumerate(municipalities):
                wanted = per_municipality + (1 if position < extra else 0)
                counts["offers"] += create_offers(self.rng, municipality, wanted, self.batch)
                gap_cache.bump(municipality.pk)  # written without the ORM's signals
        elapsed = time.perf_counter() - started
        rate = counts["offers"] / elapsed if elapsed else 0
        self.stdout.write(
            f"{counts['offers']} Angebote (mit Begriffen, Gebieten, Terminen) in {elapsed:.1f} s "
            f"({rate:,.0f} Angebote/s)."
        )

    @staticmethod
    def _partner_facility(municipality):
        return (
            Facility.objects.filter(municipality=municipality)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    def _role_accounts(self, prefix, municipality, by_municipality):
        centre = FamilyCentre.objects.filter(municipality=municipality).order_by("pk").first()
        facility_id = self._partner_facility(municipality)
        for suffix, role in ROLE_ACCOUNTS.items():
            if role == Role.PARTNER and facility_id is None:
                continue
            user = User.objects.create(
                username=f"{prefix}-{suffix}", password=self.password, first_name=suffix.title()
            )
            scope = {}
            if role in (Role.COORDINATOR, Role.CENTRE_LEAD):
                scope = {"centre": centre}
            elif role == Role.PROVIDER_ADMIN:
                scope = {"provider_id": centre.provider_id}
            elif role == Role.PARTNER:
                scope = {"facility_id": facility_id}
            Membership.objects.create(user=user, role=role, municipality=municipality, **scope)
