"""Demo offers of Lindenhagen along the prevention chain (data in ``verbund.demo.offers_data``).

Run after ``seed_demo`` (and the network demo, whose organisations provide many offers). Rows
are written with the ORM inside ``scopes_disabled()`` (each validated with ``full_clean``), the
search text is kept by ``verbund.offers.text.refresh_search_text``; like the other demo
commands it writes no audit entries for the offers themselves. Idempotent: nothing happens when
the demo municipality already has offers.
"""

from __future__ import annotations

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.accounts.models import User
from verbund.analysis import services as analysis_services
from verbund.analysis.models import Need
from verbund.areas.models import Area
from verbund.demo import offers_data as data
from verbund.network.models import Organisation
from verbund.offers.choices import PlaceKind, ReviewState, ScheduleKind
from verbund.offers.models import Offer, OfferSchedule
from verbund.offers.occurrences import holiday_periods
from verbund.offers.scheduling import book_room
from verbund.offers.text import refresh_search_text
from verbund.rooms.models import Room
from verbund.taxonomy.models import Term
from verbund.tenancy.models import Facility, FamilyCentre, Municipality

DAYS = {"MO": "MO", "DI": "TU", "MI": "WE", "DO": "TH", "FR": "FR", "SA": "SA", "SO": "SU"}
DAY_INDEX = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
VOCABULARIES = {
    "phases": "life_phase",
    "transitions": "transition",
    "topics": "topic",
    "groups": "target_group",
    "kinds": "service_kind",
}
NOT_AT_A_PLACE = {"home_visit": PlaceKind.OUTREACH, "interpreting": PlaceKind.OUTREACH}


class Command(BaseCommand):
    help = "Lädt Demo-Angebote entlang der Präventionskette (nach seed_demo)."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst `manage.py seed_demo` ausführen.")
            if Offer.objects.filter(municipality=town).exists():
                self.stdout.write("Angebots-Demo-Daten sind schon vorhanden.")
                return
            with transaction.atomic():
                count = Seeder(town).run()
        self.stdout.write(self.style.SUCCESS(f"{count} Demo-Angebote angelegt."))


class Seeder:
    def __init__(self, town):
        self.town = town
        self.today = timezone.localdate()
        self.rng = random.Random(10)
        self.centres = {c.slug: c for c in FamilyCentre.objects.filter(municipality=town)}
        self.facilities = {f.name: f for f in Facility.objects.filter(municipality=town)}
        self.organisations = {
            o.name: o for o in Organisation.objects.filter(municipality=town, archived_at=None)
        }
        # By name; a Stadtteil wins over another level of the same name.
        areas = sorted(Area.objects.filter(municipality=town), key=lambda a: a.level == "Stadtteil")
        self.areas = {area.name: area for area in areas}
        self.terms = {(t.vocabulary, t.key): t for t in Term.objects.filter(municipality=town)}
        self.rooms: dict[int, list] = {}
        for room in Room.objects.filter(municipality=town, active=True, facility__isnull=False):
            self.rooms.setdefault(room.facility_id, []).append(room)
        self.holidays = holiday_periods(town)
        self.booked = 0

    def run(self) -> int:
        offers = [self._offer(entry) for entry in data.OFFERS if entry["centre"] in self.centres]
        self._needs()
        refresh_search_text(
            Offer.objects.filter(pk__in=[o.pk for o in offers])
            .select_related("provider", "location")
            .prefetch_related("terms")
        )
        return len(offers)

    # ------------------------------------------------------------------ one offer

    def _offer(self, entry: dict) -> Offer:
        centre = self.centres[entry["centre"]]
        provider = self.organisations.get(entry.get("provider") or "")
        offer = Offer(
            municipality=self.town,
            centre=centre,
            provider=provider,
            title=entry["title"],
            summary=entry.get("summary", ""),
            format=entry["format"],
            cost=entry.get("cost", "free"),
            cost_note=entry.get("cost_note", ""),
            admission=entry.get("admission", "open"),
            languages=entry.get("languages", "de"),
            interpretation=entry.get("interpretation", False),
            childcare=entry.get("childcare", False),
            capacity=entry.get("capacity"),
            status=entry.get("status", "active"),
            visibility=entry.get("visibility", "public"),
            review_state=entry.get("review_state", ReviewState.APPROVED),
            funding_programme=(
                "Bundesstiftung Frühe Hilfen" if "early_help" in entry.get("kinds", ()) else ""
            ),
            last_checked=self._last_checked(entry),
        )
        if offer.review_state == ReviewState.APPROVED:
            offer.reviewed_at = timezone.now() - datetime.timedelta(days=self.rng.randint(20, 200))
        self._place(offer, entry, centre, provider)
        self._contact(offer, entry, centre, provider)
        offer.description = self._description(entry, offer)
        offer.full_clean()
        offer.save()
        offer.terms.set(self._terms(entry))
        offer.areas_served.set(
            self.areas[name]
            for name in entry.get("areas", data.CENTRE_AREAS[entry["centre"]])
            if name in self.areas
        )
        co = [
            self.organisations[n] for n in entry.get("co_providers", ()) if n in self.organisations
        ]
        if co:
            offer.co_providers.set(co)
        for when in entry["when"]:
            schedule = self._schedule(offer, when)
            schedule.full_clean()
            schedule.save()
            self._book(offer, schedule)
        return offer

    def _book(self, offer, schedule) -> None:
        """An offer at a house with rooms books one of them (the next free one in turn), so
        the rooms' calendars show what takes place; a series that collides with an earlier
        booking stays without a room."""
        rooms = self.rooms.get(offer.location_id) if offer.location_id else None
        if not rooms or schedule.kind == ScheduleKind.ON_REQUEST:
            return
        for shift in range(len(rooms)):
            room = rooms[(self.booked + shift) % len(rooms)]
            if book_room(actor=None, schedule=schedule, room=room, holidays=self.holidays):
                self.booked += 1
                return

    def _last_checked(self, entry) -> datetime.date:
        if entry["title"] == data.LONG_UNCHECKED:
            return self.today - datetime.timedelta(days=540)
        return self.today - datetime.timedelta(days=self.rng.randint(3, 150))

    def _place(self, offer, entry, centre, provider) -> None:
        fmt = entry["format"]
        if entry.get("online"):
            offer.place_kind = PlaceKind.ONLINE
            offer.online_url = entry["online"]
            return
        if fmt in NOT_AT_A_PLACE:
            offer.place_kind = NOT_AT_A_PLACE[fmt]
            return
        if entry.get("address"):
            _, street, postcode = entry["address"]
            offer.place_kind = PlaceKind.OUTREACH if fmt == "outreach" else PlaceKind.ADDRESS
            offer.street, offer.postcode, offer.city = street, postcode, "Lindenhagen"
            return
        facility = self.facilities.get(entry.get("at") or "")
        if facility is None and provider is not None and provider.facility_id:
            facility = self.facilities.get(provider.name)
        if facility is None:
            # Partners and the centre itself use the rooms of the centre's main house.
            facility = self.facilities.get(data.CENTRE_HOUSE[entry["centre"]])
        if facility is None:
            offer.place_kind = PlaceKind.ADDRESS
            offer.street, offer.postcode, offer.city = centre.street, centre.postcode, centre.city
            return
        offer.place_kind = PlaceKind.FACILITY
        offer.location = facility
        offer.street, offer.postcode, offer.city = facility.street, facility.postcode, facility.city
        offer.latitude, offer.longitude = facility.latitude, facility.longitude
        offer.step_free = self.rng.random() < 0.7
        offer.accessible_toilet = offer.step_free and self.rng.random() < 0.5

    @staticmethod
    def _contact(offer, entry, centre, provider) -> None:
        if entry.get("contact"):
            offer.contact_name, offer.contact_email, offer.contact_phone = entry["contact"]
        elif provider is not None and not provider.facility_id:
            offer.contact_name = f"Team {provider.name}"[:120]
            offer.contact_email = provider.email
            offer.contact_phone = provider.phone
        else:
            offer.contact_name, offer.contact_email, offer.contact_phone = data.CENTRE_CONTACT[
                entry["centre"]
            ]

    @staticmethod
    def _description(entry, offer) -> str:
        parts = [entry.get("summary") or f"{entry['title']} im {offer.centre.name}."]
        if entry.get("address"):
            parts.append(f"Ort: {entry['address'][0]}.")
        if offer.childcare:
            parts.append("Während des Angebots werden die Kinder betreut.")
        if offer.admission == "registration":
            parts.append("Bitte melden Sie sich vorher an.")
        else:
            parts.append("Kommen Sie einfach vorbei.")
        return " ".join(parts)

    def _terms(self, entry) -> list[Term]:
        return [
            self.terms[(vocabulary, key)]
            for field, vocabulary in VOCABULARIES.items()
            for key in entry.get(field, ())
            if (vocabulary, key) in self.terms
        ]

    # ------------------------------------------------------------------ schedules

    def _schedule(self, offer, when: str) -> OfferSchedule:
        """Parse the short notation of ``offers_data`` (see its docstring)."""
        schedule = OfferSchedule(municipality=self.town, offer=offer)
        words = when.split()
        if words[0] == "anfrage":
            schedule.kind = ScheduleKind.ON_REQUEST
            schedule.note = "Termine nach Vereinbarung"
            return schedule
        start, end = words[2].split("-")
        schedule.start_time = datetime.time.fromisoformat(start)
        schedule.end_time = datetime.time.fromisoformat(end)
        schedule.start_minute = schedule.start_time.hour * 60 + schedule.start_time.minute
        if words[0] == "am":
            schedule.kind = ScheduleKind.SINGLE
            schedule.start_date = self.today + datetime.timedelta(days=int(words[1]))
            schedule.weekdays = 1 << schedule.start_date.weekday()
            return schedule
        schedule.kind = ScheduleKind.SERIES
        schedule.skip_school_holidays = "ferien" in words
        if words[0] == "mon":
            nth, day = int(words[1][0]), DAYS[words[1][1:]]
            rule = f"FREQ=MONTHLY;BYDAY={nth}{day}"
            schedule.start_date = _nth_weekday(self.today.replace(day=1), nth, DAY_INDEX[day])
            if schedule.start_date > self.today:  # start with last month's date
                last_month = (self.today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
                schedule.start_date = _nth_weekday(last_month, nth, DAY_INDEX[day])
        else:
            day = DAYS[words[1]]
            rule = "FREQ=WEEKLY" + (";INTERVAL=2" if words[0] == "2wö" else "") + f";BYDAY={day}"
            first = self.today - datetime.timedelta(weeks=6)
            if words[0] == "kurs":
                first = self.today + datetime.timedelta(weeks=2)
                schedule.count = int(words[3].lstrip("x"))
            schedule.start_date = _next_weekday(first, DAY_INDEX[day])
        schedule.weekdays = 1 << DAY_INDEX[day]
        if schedule.count:
            schedule.rrule = f"{rule};COUNT={schedule.count}"
        else:
            # Every series ends: the demo's run until the summer of next year.
            schedule.until = datetime.date(self.today.year + 1, 7, 15)
            schedule.rrule = f"{rule};UNTIL={schedule.until:%Y%m%d}"
        return schedule

    # ------------------------------------------------------------------ needs

    def _needs(self) -> None:
        """The confirmed needs the deliberate gaps leave open (shown by the gap matrix)."""
        actor = User.objects.filter(username="koordination").first()
        for need in data.NEEDS:
            centre = self.centres.get(need["centre"])
            if centre is None:
                continue
            if Need.objects.filter(municipality=self.town, title=need["title"]).exists():
                continue
            values = {k: v for k, v in need.items() if k not in ("centre", "area")}
            values["area"] = self.areas.get(need["area"])
            for field in ("target_group", "life_phase", "topic"):  # keys → the taxonomy's terms
                values[field] = Term.objects.get(
                    municipality=self.town, vocabulary=field, key=values[field]
                )
            analysis_services.need_create(actor=actor, centre=centre, data=values)


def _next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _nth_weekday(first_of_month: datetime.date, nth: int, weekday: int) -> datetime.date:
    """The n-th (1–4) given weekday of the month that starts on ``first_of_month``."""
    return _next_weekday(first_of_month, weekday) + datetime.timedelta(weeks=nth - 1)
