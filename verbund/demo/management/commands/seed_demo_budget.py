"""Demo action budget for Lindenhagen (run after seed_demo_analysis and seed_demo_network).

The municipality's youth-welfare planning (login ``planung``) gives the Sozialraum of the
Familienzentrum Nordstadt a sozialräumliches Aktionsbudget 2026 of 5.000 € (seed 004). The
coordinator (``koordination``) applied for the parents' café, answering the confirmed need
"Offener Treff für Eltern mit Babys": approved and partly spent, with two receipts. The
counselling centre (partner login ``partner``) asked for a fee that the budget does not cover
(rejected with a reason) and has a second application waiting for the planning's decision, so
the planner finds it on the start page. Running it again changes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.accounts.models import User
from verbund.analysis.models import Need
from verbund.budget import services
from verbund.budget.models import ActionBudget, DecisionBy
from verbund.network.models import Organisation
from verbund.tenancy.models import FamilyCentre, Municipality

CENTRE = "Familienzentrum Nordstadt"
PARTNER = "Erziehungs- und Familienberatungsstelle Nord"
NEED = "Offener Treff für Eltern mit Babys"


def receipt_image(lines: list[str], name: str) -> SimpleUploadedFile:
    """A photographed till receipt, as a phone would send it (PNG)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 40 + 22 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((16, 16 + 22 * index), line, fill="black")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class Command(BaseCommand):
    help = "Demo-Aktionsbudget 2026 für den Sozialraum des Familienzentrums Nordstadt anlegen."

    def handle(self, *args, **options):
        with scopes_disabled():
            town = Municipality.objects.filter(slug="lindenhagen").first()
            if town is None:
                raise CommandError("Bitte zuerst „manage.py seed_demo“ ausführen.")
            if ActionBudget.objects.filter(municipality=town).exists():
                self.stdout.write("Das Demo-Aktionsbudget ist schon vorhanden.")
                return
            users = {
                u.username: u
                for u in User.objects.filter(username__in=["planung", "koordination", "partner"])
            }
            if len(users) < 3:
                raise CommandError("Die Demo-Logins fehlen (seed_demo).")
        with transaction.atomic(), scope(municipality=town.pk):
            self._seed(town, users)
        self.stdout.write(self.style.SUCCESS("Demo-Aktionsbudget 2026 mit 3 Anträgen angelegt."))

    def _seed(self, town, users) -> None:
        planner, coordinator, partner = users["planung"], users["koordination"], users["partner"]
        centre = FamilyCentre.objects.get(municipality=town, name=CENTRE)
        area = centre.areas.order_by("pk").first()
        counselling = Organisation.objects.filter(municipality=town, name=PARTNER).first()
        need = Need.objects.filter(municipality=town, title=NEED).first()
        area_name = area.name if area is not None else "Nordstadt"
        budget = services.budget_create(
            actor=planner,
            municipality=town,
            data={
                "year": 2026,
                "title": f"Sozialräumliches Aktionsbudget {area_name}",
                "area": area,
                "centre": centre,
                "funding_source": "Stadt Lindenhagen, Jugendamt – Haushaltsstelle 3630 "
                "(präventive Angebote im Sozialraum)",
                "decided_by": DecisionBy.MUNICIPALITY,
                "amount": Decimal("5000.00"),
                "allow_overspend": False,
            },
        )
        planner_access = access_for(planner, town)
        cafe = services.application_create(
            actor=coordinator,
            budget=budget,
            data={
                "centre": centre,
                "purpose": "Elterncafé für Eltern mit Babys: Spielmaterial und Sprachmittlung",
                "description": "Krabbeldecken, Spielmaterial für das erste Lebensjahr und "
                "Honorar für die Sprachmittlung (Arabisch, Türkisch) an sechs Terminen.",
                "amount_requested": Decimal("850.00"),
                "need": need,
                "planned_on": date(2026, 3, 2),
            },
        )
        services.application_decide(
            actor=planner,
            access=planner_access,
            application=cafe,
            status="approved",
            amount=None,
            reason="Passt zum bestätigten Bedarf im Sozialraum.",
        )
        for spent_on, amount, note, lines, name in (
            (
                date(2026, 3, 4),
                Decimal("212.40"),
                "Krabbeldecken und Spielmaterial",
                [
                    "Spielwaren Krause, Lindenhagen",
                    "2 Krabbeldecken   79,80",
                    "Greifspielzeug   132,60",
                    "Summe EUR        212,40",
                ],
                "Kassenbon Spielwaren Krause.png",
            ),
            (
                date(2026, 3, 16),
                Decimal("180.00"),
                "Sprachmittlung Arabisch, 2 Termine",
                [
                    "Honorarquittung Sprachmittlung",
                    "2 x 2 Std. a 45,00 EUR",
                    "Summe EUR        180,00",
                ],
                "Quittung Sprachmittlung März.png",
            ),
        ):
            services.spending_record(
                actor=coordinator,
                application=cafe,
                data={"spent_on": spent_on, "amount": amount, "note": note},
                receipt=receipt_image(lines, name),
            )
        if counselling is None:
            return
        fee = services.application_create(
            actor=partner,
            budget=budget,
            data={
                "organisation": counselling,
                "purpose": "Honorar für eine feste Beratungsstunde in der Kita",
                "amount_requested": Decimal("2400.00"),
                "planned_on": date(2026, 4, 1),
            },
        )
        services.application_decide(
            actor=planner,
            access=planner_access,
            application=fee,
            status="rejected",
            amount=None,
            reason="Laufende Personalkosten trägt das Aktionsbudget nicht; bitte über die "
            "Kooperationsvereinbarung mit der Kita regeln.",
        )
        services.application_create(
            actor=partner,
            budget=budget,
            data={
                "organisation": counselling,
                "purpose": "Elternabend „Trotzphase“ mit Dolmetschung",
                "amount_requested": Decimal("320.00"),
                "need": need,
                "planned_on": date(2026, 5, 20),
            },
        )
