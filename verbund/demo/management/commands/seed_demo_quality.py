"""Demo self-check for the Gütesiegel in Lindenhagen (run after the other extensions).

Familienzentrum Nordstadt gets last year's self-check (some criteria confirmed, with where the
evidence is filed) and this year's, pre-filled with the evidence the demo data holds
(agreements, bodies, minutes, offers, rooms, needs): the coordinator (login ``koordination``)
has confirmed a few criteria, marked one as missing and left the rest to check — the page
shows what is still missing to reach the seal. Running it again changes nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.accounts.models import User
from verbund.quality import services
from verbund.quality.models import CheckState, CriterionCheck, SelfCheck
from verbund.tenancy.models import FamilyCentre, Municipality

CENTRE = "Familienzentrum Nordstadt"

LAST_YEAR = {
    "S2.2": "Stellenbeschreibung Koordination (Ordner Konzeption)",
    "S4.1": "Jahresprogramm, Ablage Leitung",
    "L2.5": "Protokolle Elternbeirat",
    "L4.1": "Elternbefragung Betreuungszeiten",
}
MISSING_NOTE = (
    "Elternbefragung ist für das Frühjahr geplant; Fragebogen mit dem Elternbeirat abstimmen."
)


class Command(BaseCommand):
    help = "Demo-Selbstcheck zum Gütesiegel für das Familienzentrum Nordstadt anlegen."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst „manage.py seed_demo“ ausführen.")
            centre = FamilyCentre.objects.filter(municipality=town, name=CENTRE).first()
            if centre is None:
                raise CommandError(f"{CENTRE} fehlt in den Demo-Daten.")
            if SelfCheck.objects.filter(centre=centre).exists():
                self.stdout.write("Demo-Selbstcheck ist schon vorhanden.")
                return
            coordinator = User.objects.filter(username="koordination").first()
        year = timezone.localdate().year
        with scope(municipality=town.pk), transaction.atomic():
            last = services.selfcheck_create(
                actor=coordinator, municipality=town, centre=centre, year=year - 1
            )
            for key, where in LAST_YEAR.items():
                self._judge(coordinator, last, key, CheckState.CONFIRMED, where)
            current = services.selfcheck_create(
                actor=coordinator, municipality=town, centre=centre, year=year
            )
            from verbund.quality.selectors import result_for

            result, _stored = result_for(current)
            confirmed = 0
            for area in result.areas:
                for row in area.rows:
                    if row.suggested and row.criterion["level"] == "basic" and confirmed < 6:
                        self._judge(coordinator, current, row.criterion["key"], "confirmed", "")
                        confirmed += 1
            self._judge(coordinator, current, "S4.2", CheckState.MISSING, "", MISSING_NOTE)
        self.stdout.write(
            f"Selbstcheck Gütesiegel {CENTRE} {year - 1} und {year} angelegt "
            f"({confirmed} Kriterien mit Nachweis bestätigt)."
        )

    def _judge(self, actor, check, key, state, where, note=""):
        row = CriterionCheck.objects.get(selfcheck=check, key=key)
        services.criterion_judge(
            actor=actor,
            row=row,
            data={
                "state": state,
                "note": note or row.note,
                "document_reference": where or row.document_reference,
            },
        )
