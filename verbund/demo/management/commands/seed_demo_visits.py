"""Demo content of the welcome visits in Lindenhagen: the street table and a small births list
(``verbund/demo/visits_*.csv``) imported through the same services as an upload, the one family
outside every Sozialraum assigned to Nordstadt by hand, and three visits of the Nordstadt visit
team (one declined). Idempotent."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import User
from verbund.tenancy.models import FamilyCentre, Municipality
from verbund.visits import services
from verbund.visits.models import Family, StreetSegment
from verbund.visits.selectors import visit_settings

DATA = Path(__file__).resolve().parents[2]
VISITS = [
    # parent name, days ago, outcome, topics, materials, consent
    (
        "Ayşe Yılmaz",
        12,
        "visited",
        ["Stillen und Ernährung", "Angebote im Familienzentrum"],
        ["Gesund groß werden", "Willkommen im Leben", "Lokale Kontakte"],
        True,
    ),
    ("Julia Neumann", 8, "declined", [], [], False),
    ("Mariam Haddad", 3, "visited", ["Schlaf", "Kinderbetreuung"], ["Gesund groß werden"], False),
]


class Command(BaseCommand):
    help = "Lädt Demo-Daten der Begrüßungsbesuche (nach seed_demo)."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst `manage.py seed_demo` ausführen.")
            if Family.objects.filter(municipality=town).exists():
                self.stdout.write("Begrüßungsbesuche sind schon vorhanden.")
                return
            visitor = User.objects.get(username="besuchsdienst")
            admin = User.objects.get(username="verwaltung")
        with scope(municipality=town.pk), transaction.atomic():
            if not StreetSegment.objects.filter(municipality=town).exists():
                services.streets_import(
                    actor=admin, municipality=town, upload=self._file("visits_streets.csv")
                )
            draft, parsed = services.births_preview(
                actor=visitor, municipality=town, upload=self._file("visits_births.csv")
            )
            if draft is None:
                raise CommandError("; ".join(parsed.errors))
            centres = {c.slug: c for c in FamilyCentre.objects.filter(municipality=town)}
            chosen = {row["line"]: centres["nordstadt"].pk for row in draft.rows}
            families = services.births_commit(
                actor=visitor,
                draft=draft,
                chosen=chosen,
                centre_ids={c.pk for c in centres.values()},
            )
            settings = visit_settings(municipality=town)
            by_name = {family.parent_name: family for family in families}
            now = timezone.now().replace(minute=0, second=0, microsecond=0)
            for name, days, outcome, topics, materials, consent in VISITS:
                when = now - timedelta(days=days)
                services.visit_record(
                    actor=visitor,
                    family=by_name[name],
                    data={
                        "appointment": when,
                        "visitor": visitor,
                        "outcome": outcome,
                        "attempts": 1,
                        "topics": topics,
                        "materials": materials,
                        "consent_given": consent,
                        "consent_date": when.date() if consent else None,
                        "consent_wording": settings.consent_wording if consent else "",
                    },
                )
        self.stdout.write(
            self.style.SUCCESS(f"{len(families)} Familien und {len(VISITS)} Besuche angelegt.")
        )

    @staticmethod
    def _file(name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, (DATA / name).read_bytes())
