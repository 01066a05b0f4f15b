"""Demo development report for Lindenhagen (run after seed_demo_planning and seed_demo_budget).

The coordinator of the Familienzentrum Nordstadt (login ``koordination``) has started the
development report 2026: the figures come from the demo data of every app, three sections
already carry her text. She can open it, add the rest, and generate it as PDF and DOCX or
freeze it into the centre's archive. Running it again changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import User
from verbund.reports import services
from verbund.reports.models import Report
from verbund.tenancy.models import FamilyCentre, Municipality

CENTRE = "Familienzentrum Nordstadt"

TEXTS = {
    "introduction": (
        "Dieser Bericht beschreibt die Entwicklung des Familienzentrums Nordstadt als "
        "sozialräumliches Verbundsystem im Jahr 2026. Die Zahlen stammen aus Verbund, die "
        "Einschätzungen aus dem Team der Koordination."
    ),
    "text_profile": (
        "Die Nordstadt bleibt der Sozialraum mit dem höchsten Anteil an Kindern in "
        "Familien mit SGB-II-Bezug. Viele Familien sprechen zu Hause eine andere Sprache "
        "als Deutsch; niedrigschwellige Angebote bleiben deshalb Schwerpunkt."
    ),
    "text_network": (
        "Mit der Erziehungs- und Familienberatungsstelle Nord arbeiten wir jetzt auf Grundlage "
        "einer unterzeichneten Kooperationsvereinbarung. Der Runde Tisch Frühe Hilfen tagt "
        "regelmäßig; neue Partner kamen aus dem Gesundheitsbereich dazu."
    ),
    "text_goals": (
        "Das Ziel, mehr Familien mit Babys zu erreichen, ist auf gutem Weg. Das Elterncafé "
        "wird gut angenommen; die Werbung in den Kinderarztpraxen passen wir an."
    ),
}


class Command(BaseCommand):
    help = "Demo-Entwicklungsbericht 2026 des Familienzentrums Nordstadt anlegen."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst „manage.py seed_demo“ ausführen.")
            if Report.objects.filter(municipality=town).exists():
                self.stdout.write("Der Demo-Entwicklungsbericht ist schon vorhanden.")
                return
            coordinator = User.objects.filter(username="koordination").first()
            if coordinator is None:
                raise CommandError("Die Demo-Logins fehlen (seed_demo).")
        with transaction.atomic(), scope(municipality=town.pk):
            centre = FamilyCentre.objects.get(municipality=town, name=CENTRE)
            services.report_create(
                actor=coordinator,
                centre=centre,
                data={
                    "title": "Entwicklungsbericht 2026",
                    "period_start": date(2026, 1, 1),
                    "period_end": date(2026, 12, 31),
                    **TEXTS,
                },
            )
        self.stdout.write(self.style.SUCCESS("Demo-Entwicklungsbericht 2026 angelegt."))
