"""Demo content of the welcome visits in Lindenhagen: the street table and a small births list
(``verbund/demo/visits_*.csv``) imported through the same services as an upload, the one family
outside every Sozialraum assigned to Nordstadt by hand, three contacts of the Nordstadt visit
team (two visits, one family declining by phone), one unsuccessful try at another family, and
the announcement letters of the families still open. Idempotent."""

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
from verbund.visits import services, services_family
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
    ("Julia Neumann", 8, "declined", [], [], False),  # by phone, after the letter
    ("Mariam Haddad", 3, "visited", ["Schlaf", "Kinderbetreuung"], ["Gesund groß werden"], False),
]


# Turkish titles of Nordstadt's offers for babies: the personal offer list of the Turkish
# family prints these (the others in German, marked as such).
TURKISH = {
    "Hebammensprechstunde": ("Ebe danışma saati", "Hamilelik ve doğum hakkında sorular"),
    "Babymassage": ("Bebek masajı", "Ebeveynler ve bebekler için dokunuş ve huzur"),
    "Babytreff am Donnerstag": ("Perşembe bebek buluşması", "Bebekli ailelerin buluşması"),
    "Stillcafé": ("Emzirme kafesi", "Emzirme hakkında sohbet ve danışma"),
    "Stilltreff für junge Mütter": ("Genç anneler için emzirme buluşması", ""),
    "Babysprechstunde des Gesundheitsamts": ("Sağlık dairesinin bebek danışma saati", ""),
}


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
                if outcome == "declined":
                    services_family.family_decline(
                        actor=visitor,
                        family=by_name[name],
                        declined_on=when.date(),
                        channel="phone",
                    )
                    continue
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
            nordstadt = centres["nordstadt"].pk
            tried = [
                f
                for f in families
                if f.centre_id == nordstadt and f.parent_name not in {v[0] for v in VISITS}
            ][:1]
            for family in tried:
                services.visit_record(
                    actor=visitor,
                    family=family,
                    data={
                        "appointment": now - timedelta(days=2),
                        "visitor": visitor,
                        "outcome": "not_reached",
                        "attempts": 1,
                    },
                )
            still_open = list(
                Family.objects.filter(
                    municipality=town, centre_id=nordstadt, status="open"
                ).order_by("pk")
            )
            services.letters_prepare(
                actor=visitor,
                families=still_open,
                first=(now + timedelta(days=7)).replace(hour=10),
                step_minutes=90,
            )
            translated = self.turkish(town)
        self.stdout.write(
            self.style.SUCCESS(
                f"{translated} türkische Übersetzungen, {len(families)} Familien und "
                f"{len(VISITS)} Besuche angelegt."
            )
        )

    @staticmethod
    def turkish(town) -> int:
        from verbund.offers.models import Offer, OfferTranslation
        from verbund.offers.models.translations import offer_source_hash

        rows = []
        offers = Offer.objects.filter(municipality=town, title__in=list(TURKISH)).exclude(
            translations__language="tr"
        )
        for offer in offers:
            title, summary = TURKISH[offer.title]
            rows.append(
                OfferTranslation(
                    municipality=town,
                    offer=offer,
                    language="tr",
                    title=title,
                    summary=summary,
                    source_hash=offer_source_hash(offer),
                    translated_at=timezone.now(),
                )
            )
        OfferTranslation.objects.bulk_create(rows)
        return len(rows)

    @staticmethod
    def _file(name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, (DATA / name).read_bytes())
