"""Test data for development reports: a centre with ``n`` partners, agreements, offers,
needs and meetings in 2026, one area with indicators and an approved, reviewed programme."""

from __future__ import annotations

from datetime import date

from django_scopes import scopes_disabled

from .. import services

PERIOD = {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)}


def make_report(centre, **texts):
    with scopes_disabled():
        return services.report_create(
            actor=None, centre=centre, data={"title": "Entwicklungsbericht 2026", **PERIOD, **texts}
        )


def fill(tenant, n: int, *, tag: str = ""):
    from verbund.analysis.tests.factories import (
        AreaFactory,
        IndicatorFactory,
        IndicatorValueFactory,
        NeedFactory,
    )
    from verbund.cooperation.models.agreements import Status as AgreementStatus
    from verbund.cooperation.tests.factories import AgreementFactory
    from verbund.meetings.tests.factories import MeetingFactory
    from verbund.network.tests.factories import (
        BodyFactory,
        OrganisationFactory,
        RelationshipFactory,
    )
    from verbund.offers.tests.factories import OfferFactory
    from verbund.planning import services as planning
    from verbund.planning.tests.helpers import programme_with_goals
    from verbund.taxonomy.tests.factories import term

    m, centre = tenant.municipality, tenant.centre
    with scopes_disabled():
        if not centre.areas.exists():
            area = AreaFactory(municipality=m, name="Nordstadt-Mitte")
            area.centres.add(centre)
            for key in ("Kinderarmut", "Alleinerziehende"):
                indicator = IndicatorFactory(municipality=m, name=key)
                IndicatorValueFactory(indicator=indicator, area=area, year=2024, value=20.5)
                IndicatorValueFactory(indicator=indicator, area=area, year=2025, value=23.0)
            programme = programme_with_goals(centre, year=2026, goals=1, approved=True)
            review = planning.review_plan(
                actor=None, programme=programme, data={"planned_on": date(2026, 6, 30)}
            )
            goal = programme.goals.get()
            planning.review_record(
                actor=None,
                review=review,
                results={
                    goal.pk: {"current_value": 12, "traffic_light": "yellow", "decision": "adapt"}
                },
                held_on=date(2026, 6, 30),
            )
        body = BodyFactory(municipality=m, centre=centre, name=f"Runder Tisch Frühe Hilfen{tag}")
        phase = term(m, "life_phase", "0-1")
        for i in range(n):
            organisation = OrganisationFactory(municipality=m, name=f"Partner {tag}{i}")
            RelationshipFactory(municipality=m, centre=centre, organisation=organisation)
            AgreementFactory(
                municipality=m,
                centre=centre,
                title=f"Kooperation Hebammen {tag}{i}",
                status=AgreementStatus.ACTIVE,
                start_date=date(2026, 3, 1),
            )
            offer = OfferFactory(municipality=m, centre=centre, title=f"Babytreff {tag}{i}")
            offer.terms.add(phase)
            need = NeedFactory(municipality=m, centre=centre, title=f"Bedarf Sprache {tag}{i}")
            need.status = "met"
            need.save()
            offer.needs.add(need)
            MeetingFactory(
                municipality=m, body=body, title=f"Sitzung {tag}{i}", date=date(2026, 5, 1 + i % 28)
            )
