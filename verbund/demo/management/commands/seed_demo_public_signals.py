"""Demo content of "Was fehlt Ihnen?" and of offer translations in Lindenhagen: a few hints
from families (new ones, one already turned into a need by the coordinator) and English and
Arabic translations of three demo offers (one of them outdated). Idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import Membership
from verbund.analysis.signals_models import NeedSignal
from verbund.analysis.signals_services import need_signal_create, need_signal_to_need
from verbund.core.roles import Role
from verbund.offers.models import Offer, OfferTranslation
from verbund.offers.models.translations import offer_source_hash, source_hash
from verbund.taxonomy.models import Term
from verbund.tenancy.models import FamilyCentre, Municipality

SIGNALS = [
    # centre slug (or None: only the area), topic key, life phase key, text
    ("nordstadt", "childcare", "0-1", "Eine Krabbelgruppe am Nachmittag, nicht nur vormittags."),
    ("nordstadt", "integration", "3-6", "Ein Elterncafé mit Übersetzung auf Arabisch."),
    (None, "health", "pregnancy", "Geburtsvorbereitung in der Nähe, ohne lange Busfahrt."),
    ("muehlbach", "participation", "10-16", "Ein Ort für Jugendliche am Wochenende."),
]
TO_NEED = 1  # the Arabic parents' café became a need

TRANSLATIONS = {
    "en": [
        ("Parents' café", "An open meeting for parents with young children."),
        ("Baby massage", "Gentle touch for you and your baby, in a small group."),
        ("Parenting advice", "Free and confidential advice on bringing up children."),
    ],
    "ar": [
        ("مقهى الوالدين", "لقاء مفتوح للآباء والأمهات مع أطفالهم الصغار."),
        ("تدليك الرضع", "لمسة لطيفة لكم ولطفلكم في مجموعة صغيرة."),
        ("استشارة تربوية", "استشارة مجانية وسرية حول تربية الأطفال."),
    ],
}


class Command(BaseCommand):
    help = "Lädt Demo-Hinweise von Familien und Übersetzungen von Angeboten (nach seed_demo)."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst `manage.py seed_demo` ausführen.")
            if NeedSignal.objects.filter(municipality=town).exists():
                self.stdout.write("Hinweise von Familien sind schon vorhanden.")
                return
        with scope(municipality=town.pk), transaction.atomic():
            signals = self.signals(town)
            translations = self.translations(town)
        self.stdout.write(
            self.style.SUCCESS(
                f"{signals} Hinweise von Familien und {translations} Übersetzungen angelegt."
            )
        )

    def signals(self, town) -> int:
        terms = {(t.vocabulary, t.key): t for t in Term.objects.filter(municipality=town)}
        centres = {c.slug: c for c in FamilyCentre.objects.filter(municipality=town)}
        area = centres["nordstadt"].areas.first() if "nordstadt" in centres else None
        created = []
        for slug, topic, phase, text in SIGNALS:
            data = {
                "centre": centres.get(slug) if slug else None,
                "area": None if slug else area,
                "topic": terms.get(("topic", topic)),
                "life_phase": terms.get(("life_phase", phase)),
                "text": text,
            }
            created.append(need_signal_create(municipality=town, data=data))
        signal = created[TO_NEED]
        coordinator = (
            Membership.objects.filter(
                municipality=town, role=Role.COORDINATOR, centre=signal.centre
            )
            .select_related("user")
            .first()
        )
        if coordinator is not None:
            need_signal_to_need(
                actor=coordinator.user,
                signal=signal,
                centre=signal.centre,
                data={
                    "area": signal.centre.areas.first(),
                    "title": "Elterncafé mit Sprachmittlung (Arabisch)",
                    "description": "Aus einem Hinweis von Familien über die öffentliche Seite.",
                    "target_group": terms[("target_group", "other_language")],
                    "life_phase": terms[("life_phase", "3-6")],
                    "topic": terms[("topic", "integration")],
                    "priority": "medium",
                    "status": "open",
                },
            )
        return len(created)

    def translations(self, town) -> int:
        offers = list(Offer.objects.filter(municipality=town).order_by("id")[:3])
        now = timezone.now()
        rows = []
        for language, texts in TRANSLATIONS.items():
            for index, (offer, (title, summary)) in enumerate(zip(offers, texts, strict=False)):
                # The third English one was made from an older German text: it shows outdated.
                stale = language == "en" and index == 2
                digest = source_hash(offer.title, "", "") if stale else offer_source_hash(offer)
                rows.append(
                    OfferTranslation(
                        municipality=town,
                        offer=offer,
                        language=language,
                        title=title,
                        summary=summary,
                        source_hash=digest,
                        translated_at=now,
                    )
                )
        OfferTranslation.objects.bulk_create(rows)
        return len(rows)
