"""Demo annual programme for Lindenhagen (run after the offers, cooperation and meetings demos).

Familienzentrum Nordstadt (login ``koordination``) has last year's programme, approved by the
provider (login ``traeger``), with three SMART goals linked to the centre's needs, offers,
agreements and bodies, measures with responsible people and a mid-year review with figures
pulled from the system. Review dates for the new year are in place, so "Letztes
Jahresprogramm übernehmen" works at once. The coordinator's working-conditions sheet has her
contracted hours, one training and one supervision. Running it again changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import User
from verbund.analysis.models import Need
from verbund.cooperation.models import Agreement
from verbund.network.models import Body
from verbund.offers.models import Offer
from verbund.planning import services
from verbund.planning.models import Programme
from verbund.tenancy.models import FamilyCentre, Municipality

GOALS = [
    {
        "title": "Mehr Angebote für Familien mit Kindern unter 3 Jahren im Sozialraum",
        "target_group": "Eltern mit Babys und Kleinkindern in der Nordstadt",
        "extent": "zwei zusätzliche Angebote (Babymassage, Krabbelgruppe)",
        "indicator": "offers_under_three",
        "baseline_value": 2,
        "target_value": 4,
        "measures": [
            ("Kursleitung für Babymassage gewinnen", "koordination", "done", (2, 1), (4, 30)),
            ("Krabbelgruppe in der Kita Regenbogen starten", "leitung", "running", (5, 1), (9, 30)),
        ],
    },
    {
        "title": "Verbindliche Kooperation mit Beratung und Gesundheitsdienst",
        "target_group": "Familien, die Beratung brauchen",
        "extent": "zwei unterzeichnete Vereinbarungen mehr",
        "indicator": "partners_signed",
        "baseline_value": 1,
        "target_value": 3,
        "measures": [
            (
                "Vereinbarung mit der Erziehungsberatung abschließen",
                "koordination",
                "done",
                (1, 15),
                (6, 30),
            ),
        ],
    },
    {
        "title": "Familien gezielt in passende Angebote vermitteln",
        "target_group": "Familien, die neu in der Nordstadt sind",
        "extent": "30 Vermittlungen im Jahr",
        "indicator": "families_brokered",
        "baseline_value": 12,
        "target_value": 30,
        "measures": [
            (
                "Begrüßungsmappe mit Angebotsübersicht verteilen",
                "fachkraft",
                "running",
                (3, 1),
                (12, 15),
            ),
        ],
    },
]

ANSWERS = {
    "offers_under_three": (
        "Die Babymassage ist ausgebucht; die Krabbelgruppe startet nach den Sommerferien.",
        "Die Kursleitung kam über das Netzwerk Frühe Hilfen; Raumfrage früh geklärt.",
        "green",
        "keep",
        "",
    ),
    "partners_signed": (
        "Die Vereinbarung mit der Erziehungsberatung ist unterzeichnet, der Gesundheitsdienst "
        "prüft noch.",
        "Die Abstimmung mit dem Gesundheitsdienst dauert länger als geplant.",
        "yellow",
        "adapt",
        "Gespräch mit der Leitung des Gesundheitsdienstes im Herbst; Ziel bleibt.",
    ),
    "families_brokered": (
        "Vermittlungen zählen wir jetzt anonym in Verbund; die Zahl steigt langsam.",
        "Die Begrüßungsmappe erreicht nicht alle neuen Familien.",
        "yellow",
        "adapt",
        "Mappe zusätzlich über die Kinderärzte verteilen.",
    ),
}


class Command(BaseCommand):
    help = "Demo-Jahresprogramm des Familienzentrums Nordstadt anlegen."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst „manage.py seed_demo“ ausführen.")
        with scope(municipality=town.pk):
            if Programme.objects.filter(municipality=town).exists():
                self.stdout.write("Demo-Jahresprogramm ist schon vorhanden.")
                return
            with transaction.atomic():
                self._seed(town)
        self.stdout.write("Demo-Jahresprogramm Nordstadt angelegt.")

    def _seed(self, town):
        centre = FamilyCentre.objects.get(municipality=town, slug="nordstadt")
        users = {
            u.username: u
            for u in User.objects.filter(
                username__in=["koordination", "leitung", "fachkraft", "traeger"]
            )
        }
        coordinator, provider = users["koordination"], users["traeger"]
        year = timezone.localdate().year - 1
        programme = services.programme_create(
            actor=coordinator,
            centre=centre,
            year=year,
            data={
                "summary": "Frühe Hilfen in der Nordstadt stärken, Kooperationen verbindlich "
                "machen, neue Familien erreichen."
            },
        )
        needs = list(Need.objects.filter(centre=centre).exclude(status="rejected")[:2])
        offers = list(Offer.objects.filter(centre=centre).order_by("pk")[:3])
        agreements = list(Agreement.objects.filter(centre=centre).order_by("pk")[:2])
        bodies = list(Body.objects.filter(centre=centre).order_by("pk")[:1])
        for n, spec in enumerate(GOALS):
            goal = services.goal_create(
                actor=coordinator,
                programme=programme,
                data={
                    **{k: v for k, v in spec.items() if k != "measures"},
                    "due_on": date(year, 12, 31),
                    "needs": needs[n : n + 1],
                    "offers": offers if n == 0 else [],
                    "agreements": agreements if n == 1 else [],
                    "bodies": bodies if n != 2 else [],
                },
            )
            for title, who, status, start, end in spec["measures"]:
                services.measure_create(
                    actor=coordinator,
                    goal=goal,
                    data={
                        "title": title,
                        "responsible": users.get(who),
                        "status": status,
                        "start_on": date(year, *start),
                        "end_on": date(year, *end),
                    },
                )
        mid = services.review_plan(
            actor=coordinator,
            programme=programme,
            data={"planned_on": date(year, 6, 30), "title": "Halbjahresrückblick"},
        )
        services.review_plan(
            actor=coordinator,
            programme=programme,
            data={"planned_on": date(year, 12, 10), "title": "Jahresrückblick"},
        )
        services.programme_submit(actor=coordinator, programme=programme)
        services.programme_approve(actor=provider, programme=programme)
        goals = list(programme.goals.all())
        services.review_record(
            actor=coordinator,
            review=mid,
            results={
                g.pk: dict(
                    zip(
                        (
                            "goal_evidence",
                            "execution_evidence",
                            "traffic_light",
                            "decision",
                            "decision_note",
                        ),
                        ANSWERS[g.indicator],
                        strict=True,
                    )
                )
                for g in goals
            },
            held_on=date(year, 7, 2),
            summary="Zwei Ziele brauchen Nachsteuerung, eines ist auf gutem Weg.",
        )
        for y in (year, year + 1):
            services.hours_set(
                actor=provider,
                coordinator=coordinator,
                centre=centre,
                year=y,
                data={"weekly_hours": 19.5, "note": "halbe Stelle, zwei Familienzentren"},
            )
        services.training_create(
            actor=coordinator,
            coordinator=coordinator,
            centre=centre,
            data={
                "kind": "training",
                "title": "Sozialraumorientierung in der Praxis",
                "date": date(year, 3, 12),
                "hours": 7,
            },
        )
        services.training_create(
            actor=coordinator,
            coordinator=coordinator,
            centre=centre,
            data={
                "kind": "supervision",
                "title": "Fallsupervision der Koordinierenden",
                "date": date(year, 9, 20),
                "hours": 2,
            },
        )
