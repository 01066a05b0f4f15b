"""Demo rooms and bookings for Lindenhagen (run after seed_demo_cooperation).

Rooms in the Nordstadt Kitas, the counselling centre (the demo partner login's facility) and
the Familienbildungsstätte; the TuS sports club's Gymnastikhalle, brought into the active
agreement "Vorlesen und Bewegung" as a room resource, is shared with Familienzentrum
Nordstadt; the midwives' course room is not (their agreement is still a draft). The TuS
agreement of the cooperation demo is being renegotiated (not in force), so this adds the
signed "Hallenzeiten" agreement in which TuS brings in the Gymnastikhalle. NRW school
holidays 2026/27, and bookings around today: weekly series (one skipping the holidays),
every other week, a monthly date and single dates. Running it again changes nothing.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import User
from verbund.cooperation import services as coop_services
from verbund.cooperation.models import Resource, ResourceKind, Status
from verbund.core.recurrence import Kind, Recurrence
from verbund.network.models import Organisation
from verbund.rooms import services
from verbund.rooms.holidays_ical import ParsedHoliday
from verbund.rooms.models import Room
from verbund.tenancy.models import Facility, FamilyCentre, Municipality

HOLIDAYS_NRW = [
    ("Herbstferien 2026", date(2026, 10, 17), date(2026, 10, 31)),
    ("Weihnachtsferien 2026/2027", date(2026, 12, 23), date(2027, 1, 6)),
    ("Osterferien 2027", date(2027, 3, 22), date(2027, 4, 3)),
    ("Pfingstferien 2027", date(2027, 5, 18), date(2027, 5, 18)),
    ("Sommerferien 2027", date(2027, 7, 19), date(2027, 8, 31)),
    ("Herbstferien 2027", date(2027, 10, 23), date(2027, 11, 6)),
]

HALL_AGREEMENT = "Hallenzeiten für Bewegungsangebote des Familienzentrums"

# holder (facility or organisation name), room name, capacity, flags, equipment, opening
ROOMS = [
    (
        "Kita Sonnenblume",
        "Familiencafé",
        25,
        {"step_free": True, "accessible_wc": True},
        "Küche, Spielecke, Wickeltisch",
        (time(8), time(18)),
    ),
    (
        "Kita Sonnenblume",
        "Mehrzweckraum",
        40,
        {"step_free": True, "accessible_wc": True, "induction_loop": True},
        "Beamer, Leinwand, Stuhlkreis für 30",
        (time(8), time(21)),
    ),
    (
        "Kita Sonnenblume",
        "Beratungsraum im Erdgeschoss",
        6,
        {"step_free": True},
        "Tisch für vier, Spielkiste",
        (time(8), time(17)),
    ),
    ("Kita Regenbogen", "Elternraum", 12, {}, "Sofaecke, Bücherregal", (time(7, 30), time(16))),
    (
        "Erziehungs- und Familienberatungsstelle Nord",
        "Gruppenraum der Beratungsstelle",
        14,
        {"step_free": True, "induction_loop": True},
        "Flipchart, Sitzkissen",
        (time(9), time(19)),
    ),
    (
        "Familienbildungsstätte Lindenhagen",
        "Lehrküche",
        14,
        {"step_free": True, "accessible_wc": True},
        "Vier Kochinseln, Geschirr für 20",
        (time(8), time(21)),
    ),
]
PARTNER_ROOMS = [
    # organisation, room name, capacity, flags, equipment, the agreement's room resource
    (
        "TuS Nordstadt 1921 e. V.",
        "Gymnastikhalle",
        30,
        {"step_free": True},
        "Matten, Bänke, Musikanlage",
        HALL_AGREEMENT,
    ),
    (
        "Hebammenpraxis Lindenhagen-Nord",
        "Kursraum der Hebammenpraxis",
        10,
        {},
        "Gymnastikbälle",
        None,
    ),
]


class Command(BaseCommand):
    help = "Lädt Demo-Räume, Schulferien und Raumbuchungen in die Demo-Kommune Lindenhagen."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst „manage.py seed_demo“ ausführen.")
            if Room.objects.filter(municipality=town).exists():
                self.stdout.write("Demo-Räume sind schon vorhanden.")
                return
            actor = User.objects.filter(username="koordination").first()
        with transaction.atomic(), scope(municipality=town.pk):
            services.holidays_import(
                actor=actor,
                municipality=town,
                periods=[ParsedHoliday(0, *values) for values in HOLIDAYS_NRW],
                source="Schulferien NRW (Demo)",
            )
            rooms = self._rooms(town, actor)
            count = self._bookings(town, rooms, actor)
        self.stdout.write(
            self.style.SUCCESS(f"{len(rooms)} Demo-Räume, {count} Buchungen angelegt.")
        )

    def _rooms(self, town, actor) -> dict[str, Room]:
        rooms = {}
        for holder, name, capacity, flags, equipment, (opens, closes) in ROOMS:
            facility = Facility.objects.filter(municipality=town, name=holder).first()
            if facility is None:
                continue
            rooms[name] = services.room_create(
                actor=actor,
                municipality=town,
                data=self._data(name, capacity, flags, equipment, opens, closes, facility=facility),
            )
        for org_name, name, capacity, flags, equipment, resource_name in PARTNER_ROOMS:
            organisation = Organisation.objects.filter(municipality=town, name=org_name).first()
            if organisation is None:
                organisation = Organisation.objects.filter(
                    municipality=town, name__startswith=org_name.split()[0]
                ).first()
            if organisation is None:
                continue
            room = services.room_create(
                actor=actor,
                municipality=town,
                data=self._data(
                    name, capacity, flags, equipment, time(8), time(20), organisation=organisation
                ),
            )
            rooms[name] = room
            if resource_name:
                resource = self._hall_agreement(town, organisation, name, actor)
                services.room_share(actor=actor, room=room, resource=resource)
        return rooms

    def _hall_agreement(self, town, organisation, room_name, actor) -> Resource:
        """A signed, active agreement of Nordstadt in which the club brings in its hall."""
        today = timezone.localdate()
        centre = FamilyCentre.objects.get(municipality=town, slug="nordstadt")
        agreement = coop_services.agreement_create(
            actor=actor,
            municipality=town,
            centre=centre,
            partners=[organisation],
            data={
                "title": HALL_AGREEMENT,
                "subject": "Der TuS Nordstadt stellt dem Familienzentrum seine Gymnastikhalle "
                "für Eltern-Kind-Bewegungsangebote zur Verfügung; das Familienzentrum bucht die "
                "Zeiten im Raumkalender.",
                "goals": "Bewegung für Familien mit kleinen Kindern im Stadtteil; Familien "
                "lernen den Verein kennen.",
                "includes_municipality": False,
                "start_date": today - timedelta(days=60),
                "end_date": today + timedelta(days=670),
                "review_date": today + timedelta(days=300),
                "notice_period": "drei Monate zum Halbjahr",
            },
        )
        party = agreement.parties.get(organisation=organisation)
        coop_services.responsibility_create(
            actor=actor,
            agreement=agreement,
            data={
                "party": party,
                "task": "Hallenzeiten freihalten, Schlüsselübergabe",
                "scope": "nach Buchung im Raumkalender",
                "contact": "Abteilungsleitung Breitensport",
            },
        )
        resource = coop_services.resource_create(
            actor=actor,
            agreement=agreement,
            data={
                "party": party,
                "kind": ResourceKind.ROOM,
                "description": room_name,
                "amount": Decimal("4"),
                "unit": "Std./Monat",
            },
        )
        for status, signed_on in (
            (Status.NEGOTIATION, None),
            (Status.SIGNED, today - timedelta(days=60)),
            (Status.ACTIVE, None),
        ):
            agreement = coop_services.agreement_transition(
                actor=actor, agreement=agreement, to=status, signed_on=signed_on
            )
        return resource

    @staticmethod
    def _data(name, capacity, flags, equipment, opens, closes, facility=None, organisation=None):
        return {
            "facility": facility,
            "organisation": organisation,
            "name": name,
            "capacity": capacity,
            "step_free": flags.get("step_free", False),
            "accessible_wc": flags.get("accessible_wc", False),
            "induction_loop": flags.get("induction_loop", False),
            "equipment": equipment,
            "notes": "",
            "open_from": opens,
            "open_until": closes,
            "open_days": "01234",
        }

    def _bookings(self, town, rooms, actor) -> int:
        nord = FamilyCentre.objects.get(municipality=town, slug="nordstadt")
        alt = FamilyCentre.objects.get(municipality=town, slug="altstadt")
        today = timezone.localdate()
        monday = today - timedelta(days=today.weekday())

        def on(weekday, weeks=0):
            return monday + timedelta(days=weekday + 7 * weeks)

        half_year = today + timedelta(days=182)
        plans = [
            ("Familiencafé", nord, "Elterncafé", "Angebot", on(1, -2), (9, 11),
             {"kind": Kind.WEEKLY, "until": half_year, "skip_holidays": True}),
            ("Familiencafé", nord, "Babymassage-Kurs", "Angebot", on(3), (10, 11.5),
             {"kind": Kind.WEEKLY, "count": 8}),
            ("Familiencafé", nord, "Stillgruppe", "Angebot", on(4), (14, 15.5),
             {"kind": Kind.MONTHLY_NTH, "nth": -1, "weekdays": (4,), "until": half_year}),
            ("Mehrzweckraum", nord, "Teamsitzung Verbund", "Teamsitzung", on(0), (14, 16),
             {"kind": Kind.BIWEEKLY, "until": half_year}),
            ("Mehrzweckraum", nord, "Elternabend „Medien in der Familie“", "Veranstaltung",
             on(2, 1), (19, 20.5), {}),
            ("Mehrzweckraum", nord, "Vorlesestunde mehrsprachig", "Angebot", on(2), (15, 16),
             {"kind": Kind.BIWEEKLY, "count": 10}),
            ("Beratungsraum im Erdgeschoss", nord, "Offene Sprechstunde der Erziehungsberatung",
             "Beratung", on(1, -1), (9, 11), {"kind": Kind.WEEKLY, "until": half_year}),
            ("Gymnastikhalle", nord, "Bewegungsgeschichten", "Angebot", on(4), (15, 16),
             {"kind": Kind.MONTHLY_NTH, "nth": 1, "weekdays": (4,), "count": 6}),
            ("Gruppenraum der Beratungsstelle", None, "Gruppe für getrennt Erziehende",
             "Angebot", on(0), (18, 19.5), {"kind": Kind.WEEKLY, "count": 10}),
            ("Lehrküche", alt, "Kochkurs für Väter", "Angebot", on(5, 1), (10, 13),
             {"kind": Kind.BIWEEKLY, "count": 6}),
        ]  # fmt: skip
        count = 0
        for room_name, centre, title, purpose, start, (begin, end), rule in plans:
            room = rooms.get(room_name)
            if room is None:
                continue
            recurrence = Recurrence(
                start_date=start,
                start_time=_time(begin),
                end_time=_time(end),
                **rule,
            )
            services.booking_create(
                actor=actor,
                room=room,
                data={"title": title, "purpose": purpose, "centre": centre},
                recurrence=recurrence,
            )
            count += 1
        return count


def _time(hours: float) -> time:
    return time(int(hours), round((hours % 1) * 60))
