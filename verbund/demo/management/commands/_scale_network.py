"""Organisations, relationships, bodies and agreements for ``seed_scale``, in batches.

Only ids are held across batches (a few thousand integers per municipality), never rows."""

from __future__ import annotations

from datetime import date, timedelta

from verbund.cooperation.models import Agreement, AgreementVersion, Party
from verbund.cooperation.models.agreements import Status as AgreementStatus
from verbund.cooperation.models.parties import PartyKind
from verbund.network.models import Body, BodyKind, BodyMember, Cadence, Organisation, Sector
from verbund.network.models.relationships import Quality, Relationship, Status

from ._scale_areas import SPAN_LAT, SPAN_LON, batched

ORG_TYPES = ["Verein", "Amt", "Praxis", "Schule", "Kita", "Beratungsstelle", "Gemeinde", "Firma"]
ORG_WORDS = ["Sonnenschein", "Regenbogen", "Lichtblick", "Brücke", "Kompass", "Anker", "Weitblick"]
TOPICS = ["Sprache", "Bewegung", "Gesundheit", "Erziehung", "Übergang Schule", "Ernährung"]
STATUSES = list(Status.values)
AGREEMENT_STATUSES = list(AgreementStatus.values)
SECTORS = list(Sector.values)


def _point(rng, origin):
    lat0, lon0 = origin
    return f"{lat0 + rng.random() * SPAN_LAT:.6f}", f"{lon0 + rng.random() * SPAN_LON:.6f}"


def create_organisations(rng, municipality, origin, count, leaves, batch, facility_id=None):
    """``count`` organisations; each serves one or two leaf areas when there are areas. The
    first is linked to ``facility_id`` (the partner account's facility) when given."""
    through = Organisation.areas_served.through
    leaf_list = list(leaves.values())

    def rows():
        for n in range(count):
            lat, lon = _point(rng, origin)
            yield Organisation(
                municipality=municipality,
                name=f"{rng.choice(ORG_TYPES)} {rng.choice(ORG_WORDS)} {n + 1}",
                sector=rng.choice(SECTORS),
                org_type=rng.choice(ORG_TYPES),
                facility_id=facility_id if n == 0 else None,
                street=f"Vereinsweg {rng.randint(1, 200)}",
                postcode=f"{rng.randint(10000, 99999)}",
                city=municipality.name,
                latitude=lat,
                longitude=lon,
            )

    created = 0
    for chunk in batched(rows(), batch):
        organisations = Organisation.objects.bulk_create(chunk)
        created += len(organisations)
        if leaf_list:
            through.objects.bulk_create(
                through(organisation_id=o.pk, area_id=area_id)
                for o in organisations
                for area_id in set(rng.sample(leaf_list, min(len(leaf_list), rng.randint(1, 2))))
            )
    return created


def create_relationships(rng, municipality, centre_ids, organisation_ids, count, batch):
    """``count`` relationships spread evenly over the centres, each centre with distinct
    organisations (one relationship per centre and organisation, as the model requires)."""
    if not centre_ids or not organisation_ids:
        return 0
    per_centre, extra = divmod(count, len(centre_ids))
    today = date(2026, 1, 1)

    def rows():
        for position, centre_id in enumerate(centre_ids):
            wanted = min(len(organisation_ids), per_centre + (1 if position < extra else 0))
            for organisation_id in rng.sample(organisation_ids, wanted):
                status = rng.choice(STATUSES)
                started = today - timedelta(days=rng.randint(30, 3000))
                yield Relationship(
                    municipality=municipality,
                    centre_id=centre_id,
                    organisation_id=organisation_id,
                    relevance_centre=rng.randint(0, 3),
                    relevance_families=rng.randint(0, 3),
                    influence=rng.randint(0, 3),
                    quality=rng.choice(Quality.values),
                    status=status,
                    topics=", ".join(rng.sample(TOPICS, 2)),
                    started_on=started,
                    ended_on=started + timedelta(days=365) if status == Status.ENDED else None,
                )

    created = 0
    for chunk in batched(rows(), batch):
        Relationship.objects.bulk_create(chunk)
        created += len(chunk)
    return created


def create_bodies(rng, municipality, centre_ids, organisation_ids, count, batch, members=8):
    """``count`` bodies, each with about ``members`` seats, half centres, half organisations."""
    if not centre_ids:
        return 0
    kinds, cadences = list(BodyKind.values), list(Cadence.values)
    bodies = Body.objects.bulk_create(
        Body(
            municipality=municipality,
            name=f"Arbeitskreis {rng.choice(TOPICS)} {n + 1}",
            kind=rng.choice(kinds),
            cadence=rng.choice(cadences),
            centre_id=rng.choice(centre_ids),
            purpose="Austausch und Abstimmung im Sozialraum.",
        )
        for n in range(count)
    )

    def seats():
        for body in bodies:
            for centre_id in rng.sample(centre_ids, min(len(centre_ids), members // 2)):
                yield BodyMember(municipality=municipality, body=body, centre_id=centre_id)
            for org_id in rng.sample(organisation_ids, min(len(organisation_ids), members // 2)):
                yield BodyMember(municipality=municipality, body=body, organisation_id=org_id)

    for chunk in batched(seats(), batch):
        BodyMember.objects.bulk_create(chunk)
    return len(bodies)


def create_agreements(rng, municipality, centre_ids, organisation_ids, count, batch):
    """``count`` agreements between a centre and one to three partner organisations, every
    fifth with the municipality as a party."""
    if not centre_ids or not organisation_ids:
        return 0
    created = 0
    for chunk_start in range(0, count, batch):
        size = min(batch, count - chunk_start)
        agreements = []
        for n in range(chunk_start, chunk_start + size):
            start = date(2022, 1, 1) + timedelta(days=rng.randint(0, 1400))
            agreements.append(
                Agreement(
                    municipality=municipality,
                    centre_id=rng.choice(centre_ids),
                    title=f"Kooperation {rng.choice(TOPICS)} {n + 1}",
                    subject="Gemeinsame Angebote für Familien im Sozialraum.",
                    goals="Familien früh erreichen.",
                    includes_municipality=n % 5 == 0,
                    start_date=start,
                    end_date=start + timedelta(days=730) if n % 3 == 0 else None,
                    review_date=start + timedelta(days=365),
                    status=rng.choice(AGREEMENT_STATUSES),
                )
            )
        agreements = Agreement.objects.bulk_create(agreements)
        # Every agreement has a current version, a draft here (its content is the live data).
        AgreementVersion.objects.bulk_create(
            AgreementVersion(municipality=municipality, agreement=agreement, number=1)
            for agreement in agreements
        )
        parties = []
        for agreement in agreements:
            parties.append(
                Party(municipality=municipality, agreement=agreement, kind=PartyKind.CENTRE)
            )
            partners = rng.sample(organisation_ids, min(len(organisation_ids), rng.randint(1, 3)))
            for position, organisation_id in enumerate(partners, start=1):
                parties.append(
                    Party(
                        municipality=municipality,
                        agreement=agreement,
                        kind=PartyKind.PARTNER,
                        organisation_id=organisation_id,
                        position=position,
                    )
                )
            if agreement.includes_municipality:
                parties.append(
                    Party(
                        municipality=municipality,
                        agreement=agreement,
                        kind=PartyKind.MUNICIPALITY,
                        position=len(partners) + 1,
                    )
                )
        Party.objects.bulk_create(parties)
        created += len(agreements)
    return created
