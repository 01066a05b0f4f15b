"""Demo meetings for Lindenhagen (run after seed_demo_network).

The coordinator (login ``koordination``, who also looks after Mühlbach) runs the "Arbeitskreis
Übergang Kita–Schule Mühlbach": a meeting six weeks ago with attendance, notes, two decisions
and three action items, approved (the school was excused, the Kita absent: they and the
provider's head of department — login ``traeger``, a standing reader — get the PDF through
the background job), and the next meeting in three weeks, whose agenda carries the open
items. An internal circle, the "Koordinationsrunde Nordstadt–Mühlbach" (run by the Nordstadt
centre; members from the Nordstadt and Mühlbach centres, the provider and the partner's
counselling service), meets in ten days; its last meeting had an organisation and a guest
among those present. Running it again changes nothing.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import User
from verbund.meetings import services
from verbund.meetings.models import AttendanceStatus, Meeting
from verbund.network.models import Body, Contact, Organisation
from verbund.tenancy.models import FamilyCentre, Municipality

BODY = "Arbeitskreis Übergang Kita–Schule Mühlbach"
SCHOOL = "Offene Ganztagsgrundschule Am Mühlbach"
KITA = "Kath. Kita St. Elisabeth"

NOTES = [
    (
        "Rückblick Schnuppertage",
        "Frau Demir",
        20,
        "<p>Die Schnuppertage im Mai waren gut besucht: 38 Kinder aus vier Kitas. "
        "Die Eltern wünschen sich den Elternabend <strong>vor</strong> den Schnuppertagen.</p>",
    ),
    (
        "Gemeinsamer Elternabend zur Einschulung",
        "Grundschule",
        30,
        "<p>Termin im Herbst; Dolmetschung für Arabisch und Türkisch wird gebraucht.</p>"
        "<ul><li>Ort: Aula der Grundschule</li><li>Einladung über die Kitas</li></ul>",
    ),
    ("Verschiedenes", "", 10, "<p>Keine weiteren Themen.</p>"),
]


class Command(BaseCommand):
    help = "Demo-Sitzungen des Arbeitskreises Übergang Kita–Schule Mühlbach anlegen."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst „manage.py seed_demo“ ausführen.")
            if Meeting.objects.filter(municipality=town).exists():
                self.stdout.write("Demo-Sitzungen sind schon vorhanden.")
                return
            body = Body.objects.filter(municipality=town, name=BODY).first()
            if body is None:
                raise CommandError(f"Das Gremium „{BODY}“ fehlt (seed_demo_network).")
            coordinator = User.objects.get(username="koordination")
            head = User.objects.filter(username="traeger").first()
        with transaction.atomic(), scope(municipality=town.pk):
            self._seed(town, body, coordinator, head)
        self.stdout.write(self.style.SUCCESS("4 Demo-Sitzungen und 1 Runde angelegt."))

    def _seed(self, town, body, coordinator, head) -> None:
        today = timezone.localdate()
        school = Organisation.objects.get(municipality=town, name=SCHOOL)
        kita = Organisation.objects.get(municipality=town, name=KITA)
        school_contact = Contact.objects.filter(organisation=school).order_by("pk").first()
        if head is not None:
            services.reader_add(actor=coordinator, body=body, user=head)
        past = services.meeting_create(
            actor=coordinator,
            municipality=town,
            data={
                "body": body,
                "title": "Arbeitskreis Übergang Kita–Schule",
                "date": today - timedelta(days=42),
                "start_time": time(14),
                "end_time": time(16),
                "address": "Grundschule Am Mühlbach, Lehrerzimmer",
            },
        )
        items = [
            services.agenda_item_create(
                actor=coordinator,
                meeting=past,
                data={"title": title, "owner": owner, "duration_minutes": minutes, "notes": notes},
            )
            for title, owner, minutes, notes in NOTES
        ]
        statuses = {}
        for line in past.attendance.all():
            if line.member and line.member.organisation_id == school.pk:
                statuses[line.pk] = AttendanceStatus.EXCUSED
            elif line.member and line.member.organisation_id == kita.pk:
                statuses[line.pk] = AttendanceStatus.ABSENT
            else:
                statuses[line.pk] = AttendanceStatus.PRESENT
        services.attendance_record(
            actor=coordinator, meeting=past, statuses=statuses, guests=["Herr Brandt (Schulamt)"]
        )
        services.decision_create(
            actor=coordinator,
            meeting=past,
            agenda_item=items[0],
            text="Die Schnuppertage finden auch im nächsten Jahr im Mai statt.",
        )
        services.decision_create(
            actor=coordinator,
            meeting=past,
            agenda_item=items[1],
            text="Der Elternabend zur Einschulung wird gemeinsam von Kitas und Grundschule "
            "vorbereitet, mit Dolmetschung.",
        )
        owners = [
            ("Dolmetschung für den Elternabend anfragen", {"owner_user": coordinator}, 14),
            (
                "Termin und Raum für den Elternabend festlegen",
                {"owner_contact": school_contact}
                if school_contact
                else {"owner_organisation": school},
                21,
            ),
            (
                "Einladung an die Eltern der Vorschulkinder verteilen",
                {"owner_organisation": kita},
                35,
            ),
        ]
        for title, owner, due_in in owners:
            services.action_create(
                actor=coordinator,
                meeting=past,
                data={
                    "title": title,
                    "agenda_item": items[1],
                    "due_on": past.date + timedelta(days=due_in),
                    **owner,
                },
            )
        services.minutes_transition(actor=coordinator, meeting=past, to="circulated")
        services.minutes_transition(actor=coordinator, meeting=past, to="approved")
        upcoming = services.meeting_create(
            actor=coordinator,
            municipality=town,
            data={
                "body": body,
                "title": "Arbeitskreis Übergang Kita–Schule",
                "date": today + timedelta(days=21),
                "start_time": time(14),
                "end_time": time(16),
                "address": "Kath. Kita St. Elisabeth, Mehrzweckraum",
            },
        )
        for title in ("Offene Aufgaben", "Planung Elternabend", "Verschiedenes"):
            services.agenda_item_create(actor=coordinator, meeting=upcoming, data={"title": title})

        self._circle(town, coordinator, kita)

    def _circle(self, town, coordinator, kita) -> None:
        """An internal circle with members from two centres and an organisation; its last
        meeting with an organisation and a guest among those present."""
        today = timezone.localdate()
        centre = FamilyCentre.objects.filter(municipality=town, slug="nordstadt").first()
        centre = centre or FamilyCentre.objects.filter(municipality=town).order_by("pk").first()
        names = ["koordination", "leitung", "fachkraft", "traeger", "partner"]
        members = list(User.objects.filter(username__in=names).order_by("username"))
        circle = services.circle_create(
            actor=coordinator,
            municipality=town,
            name="Koordinationsrunde Nordstadt–Mühlbach",
            centre=centre,
            members=members,
        )
        earlier = services.meeting_create(
            actor=coordinator,
            municipality=town,
            data={
                "circle": circle,
                "title": "Koordinationsrunde",
                "date": today - timedelta(days=18),
                "start_time": time(9),
                "end_time": time(10, 30),
                "online_url": "https://meet.example.org/koordinationsrunde",
            },
        )
        item = services.agenda_item_create(
            actor=coordinator,
            meeting=earlier,
            data={
                "title": "Sommerferienprogramm abstimmen",
                "owner": "Frau Demir",
                "duration_minutes": 30,
                "notes": "<p>Beide Zentren legen ihre Angebote zusammen; die Kita stellt den "
                "Garten zur Verfügung.</p>",
            },
        )
        statuses = {}
        for line in earlier.attendance.all():
            username = line.user.username if line.user_id else ""
            statuses[line.pk] = (
                AttendanceStatus.EXCUSED if username == "traeger" else AttendanceStatus.PRESENT
            )
        services.attendance_record(
            actor=coordinator,
            meeting=earlier,
            statuses=statuses,
            guests=["Frau Yilmaz (Stadtteilmütter)"],
            organisations=[kita],
        )
        services.decision_create(
            actor=coordinator,
            meeting=earlier,
            agenda_item=item,
            text="Das Sommerferienprogramm erscheint als ein gemeinsames Heft beider Zentren.",
        )
        services.action_create(
            actor=coordinator,
            meeting=earlier,
            data={
                "title": "Gemeinsames Ferienheft in Druck geben",
                "agenda_item": item,
                "owner_user": coordinator,
                "due_on": today + timedelta(days=2),
            },
        )
        next_meeting = services.meeting_create(
            actor=coordinator,
            municipality=town,
            data={
                "circle": circle,
                "title": "Koordinationsrunde",
                "date": today + timedelta(days=10),
                "start_time": time(9),
                "end_time": time(10, 30),
                "online_url": "https://meet.example.org/koordinationsrunde",
            },
        )
        services.agenda_item_create(
            actor=coordinator, meeting=next_meeting, data={"title": "Offene Aufgaben"}
        )
