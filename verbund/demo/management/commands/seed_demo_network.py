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
from verbund.demo.network_data import (
    AREAS,
    BODIES,
    CONTACTS,
    ORGANISATIONS,
    RELATIONSHIPS,
)
from verbund.network import services
from verbund.network.facility_sync import link_existing
from verbund.network.models import Organisation
from verbund.tenancy.models import Facility, FamilyCentre, Municipality


class Command(BaseCommand):
    help = "Lädt Demo-Daten für das Netzwerk (nach seed_demo)."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst `manage.py seed_demo` ausführen.")
            # The facilities' own organisations come with the facilities (seed_demo).
            if Organisation.objects.filter(municipality=town, facility__isnull=True).exists():
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
        # Every facility already is an organisation (verbund.network.facility_sync); the demo
        # adds what only the network knows: languages, a mail address, the areas served.
        link_existing(Facility, Organisation, municipality_id=town.pk)
        for organisation in Organisation.objects.filter(
            municipality=town, facility__isnull=False
        ).select_related("facility__centre"):
            facility = organisation.facility
            code = facility.centre.slug if facility.centre else None
            orgs[facility.name] = services.organisation_update(
                actor=actor,
                organisation=organisation,
                data={
                    **{name: getattr(organisation, name) for name in services.ORGANISATION_FIELDS},
                    "languages": ["Deutsch"],
                    "email": organisation.email or f"info.{facility.pk}@example.org",
                },
                areas=[areas[code]] if code in areas else [],
            )
        for name, sector, kind, street, postcode, codes, languages, access in ORGANISATIONS:
            if name in orgs:
                # A facility of a Verbund already is this organisation: one record, with
                # what the network knows about it added.
                organisation = orgs[name]
                orgs[name] = services.organisation_update(
                    actor=actor,
                    organisation=organisation,
                    data={
                        **{f: getattr(organisation, f) for f in services.ORGANISATION_FIELDS},
                        "languages": languages,
                        "accessibility": access,
                        "preferred_channel": "email",
                    },
                    areas=[areas[c] for c in codes if c in areas],
                )
                continue
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
