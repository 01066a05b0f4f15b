"""Issue 15's figures for the development report (``python -m bench.reports_figures``).

A centre with three years of data (2024–2026): 200 offers over the life phases, 50 partners
(relationships, half of them with a running agreement), 30 meetings of its bodies, 60 needs,
an approved and reviewed annual programme per year, one area with 8 indicators over 3 years.
A second centre of the same municipality has one of each (the small case).

1. **PDF** of the three-year report: the content read from the data (``content.build``)
   and rendered by ``render.report_pdf`` — what the PDF view and the freeze call.
   Target: median ≤ 3 s.
2. **DOCX** of the same report (``render.report_docx``). Target: median ≤ 2 s.
3. **Queries**: the number of queries of ``content.build`` for the small and the large centre
   must be equal.

Every figure carries a same-run baseline, a trivial ORM query (one offer by its key), and the
ratio to it. ``BENCH_SCALE=ci`` repeats less; the data stays the same (the targets are about
this size).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from datetime import date, datetime, timedelta

from bench.harness import count_queries, report, scaled, setup_django, temp_database, timed

PDF_TARGET_S = 3.0
DOCX_TARGET_S = 2.0
OFFERS, PARTNERS, MEETINGS, NEEDS = 200, 50, 30, 60
RUNS = scaled(5, 2)


def baseline_s(offer_pk: int, municipality_pk: int, runs: int = 200) -> float:
    from django_scopes import scope

    from verbund.offers.models import Offer

    samples = []
    with scope(municipality=municipality_pk):
        Offer.objects.filter(pk=offer_pk).first()
        for _ in range(runs):
            start = time.perf_counter()
            Offer.objects.filter(pk=offer_pk).first()
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def spread(model, pks, start: date, days: int) -> None:
    """Move rows' created_at across the three years (auto_now_add sets today)."""
    from django.utils import timezone

    for n, pk in enumerate(pks):
        when = timezone.make_aware(
            datetime.combine(start + timedelta(days=n * days), datetime.min.time())
        )
        model.objects.filter(pk=pk).update(created_at=when, updated_at=when)


def build_centre(tenant, centre, *, offers, partners, meetings, needs, years, tag):
    from django_scopes import scopes_disabled

    from verbund.analysis.models import Need
    from verbund.analysis.tests.factories import NeedFactory
    from verbund.cooperation.models.agreements import Status as AgreementStatus
    from verbund.cooperation.tests.factories import AgreementFactory
    from verbund.meetings.tests.factories import MeetingFactory
    from verbund.network.models import Relationship
    from verbund.network.tests.factories import (
        BodyFactory,
        OrganisationFactory,
        RelationshipFactory,
    )
    from verbund.offers.models import Offer
    from verbund.offers.tests.factories import OfferFactory
    from verbund.planning import services as planning
    from verbund.planning.tests.helpers import programme_with_goals
    from verbund.taxonomy.models import Term

    m = tenant.municipality
    with scopes_disabled():
        phases = list(Term.objects.filter(municipality=m, vocabulary="life_phase"))
        bodies = [
            BodyFactory(municipality=m, centre=centre, name=f"Runder Tisch {tag} {n}")
            for n in range(3)
        ]
        rel_pks = []
        for n in range(partners):
            org = OrganisationFactory(municipality=m, name=f"Partner {tag} {n}")
            rel_pks.append(RelationshipFactory(municipality=m, centre=centre, organisation=org).pk)
            if n % 2 == 0:
                AgreementFactory(
                    municipality=m,
                    centre=centre,
                    title=f"Kooperation {tag} {n}",
                    status=AgreementStatus.ACTIVE,
                    start_date=date(2024, 1, 1) + timedelta(days=n * 20),
                )
        spread(Relationship, rel_pks, date(2024, 1, 5), 20)
        need_objs = []
        for n in range(needs):
            need = NeedFactory(municipality=m, centre=centre, title=f"Bedarf {tag} {n}")
            if n % 3 == 0:
                need.status = "met"
                need.save()
            need_objs.append(need)
        spread(Need, [n.pk for n in need_objs], date(2024, 1, 10), 17)
        offer_pks = []
        for n in range(offers):
            offer = OfferFactory(municipality=m, centre=centre, title=f"Angebot {tag} {n}")
            if phases:
                offer.terms.add(phases[n % len(phases)])
            offer.needs.add(need_objs[n % len(need_objs)])
            offer_pks.append(offer.pk)
        spread(Offer, offer_pks, date(2024, 1, 2), 5)
        for n in range(meetings):
            MeetingFactory(
                municipality=m,
                body=bodies[n % len(bodies)],
                title=f"Sitzung {tag} {n}",
                date=date(2024, 1, 15) + timedelta(days=n * 36),
            )
        for year in years:
            programme = programme_with_goals(centre, year=year, goals=3, approved=True)
            review = planning.review_plan(
                actor=None, programme=programme, data={"planned_on": date(year, 6, 30)}
            )
            planning.review_record(
                actor=None,
                review=review,
                results={
                    g.pk: {"current_value": 5, "traffic_light": "green", "decision": "keep"}
                    for g in programme.goals.all()
                },
                held_on=date(year, 6, 30),
            )
    return offer_pks[0]


def build():
    from django_scopes import scopes_disabled

    from verbund.accounts.testing import build_tenant
    from verbund.analysis.tests.factories import (
        AreaFactory,
        IndicatorFactory,
        IndicatorValueFactory,
    )
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    tenant = build_tenant("bericht")
    m = tenant.municipality
    with scopes_disabled():
        small_centre = FamilyCentreFactory(municipality=m, provider=tenant.provider)
        for centre, name in ((tenant.centre, "Nordstadt"), (small_centre, "Südstadt")):
            area = AreaFactory(municipality=m, name=name)
            area.centres.add(centre)
        indicators = [IndicatorFactory(municipality=m, name=f"Kennzahl {n}") for n in range(8)]
        from verbund.areas.models import Area

        for area in Area.objects.filter(municipality=m):
            for indicator in indicators:
                for year in (2024, 2025, 2026):
                    IndicatorValueFactory(
                        indicator=indicator, area=area, year=year, value=10 + year % 7
                    )
    offer_pk = build_centre(
        tenant,
        tenant.centre,
        offers=OFFERS,
        partners=PARTNERS,
        meetings=MEETINGS,
        needs=NEEDS,
        years=(2024, 2025, 2026),
        tag="N",
    )
    build_centre(
        tenant, small_centre, offers=1, partners=1, meetings=1, needs=1, years=(2026,), tag="S"
    )
    return tenant, small_centre, offer_pk


def main() -> int:
    setup_django()
    from django_scopes import scope, scopes_disabled
    from pypdf import PdfReader

    from verbund.accounts.access import access_for
    from verbund.core.roles import Role
    from verbund.reports import services
    from verbund.reports.content import build as build_content
    from verbund.reports.render import report_docx, report_pdf

    with temp_database():
        start = time.perf_counter()
        tenant, small_centre, offer_pk = build()
        print(f"Daten: {time.perf_counter() - start:.1f} s", flush=True)
        period = {"period_start": date(2024, 1, 1), "period_end": date(2026, 12, 31)}
        with scopes_disabled():
            large = services.report_create(
                actor=None, centre=tenant.centre, data={"title": "Bericht 2024–2026", **period}
            )
            small = services.report_create(
                actor=None, centre=small_centre, data={"title": "Bericht 2024–2026", **period}
            )
        # The provider reaches both centres (the coordinator only her own).
        access = access_for(tenant.users[Role.PROVIDER_ADMIN], tenant.municipality)
        base = baseline_s(offer_pk, tenant.municipality.pk)
        ok = True
        with scope(municipality=tenant.municipality.pk):
            content = build_content(large, access=access)
            offers = next(s for s in content["sections"] if s["key"] == "offers")["data"]
            meetings = next(s for s in content["sections"] if s["key"] == "meetings")["data"]
            assert offers["total"] == OFFERS and meetings["count"] == MEETINGS, (offers, meetings)
            q_small = count_queries(lambda: build_content(small, access=access))
            q_large = count_queries(lambda: build_content(large, access=access))
            pdf = timed(lambda: report_pdf(build_content(large, access=access)), repeat=RUNS)
            docx = timed(lambda: report_docx(build_content(large, access=access)), repeat=RUNS)
            pages = len(PdfReader(io.BytesIO(report_pdf(content))).pages)
        for name, result, target in (
            ("pdf", pdf, PDF_TARGET_S),
            ("docx", docx, DOCX_TARGET_S),
        ):
            good = result["median_s"] <= target
            ok = ok and good
            report(
                f"reports.{name}",
                offers=OFFERS,
                partners=PARTNERS,
                meetings=MEETINGS,
                years=3,
                pdf_pages=pages if name == "pdf" else None,
                median_s=round(result["median_s"], 3),
                min_s=round(result["min_s"], 3),
                runs=result["runs"],
                target_s=target,
                baseline_ms=round(base * 1000, 3),
                ratio_to_baseline=round(result["median_s"] / base),
                ok=good,
            )
        equal = q_small == q_large
        ok = ok and equal
        report("reports.queries", small=q_small, large=q_large, equal=equal, ok=equal)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
