"""Duplicate report, silo view, similarity check and referral counts at municipality scale
(issue 10, items 6 and 7).

A municipality with 100 areas and 5,000 running offers (life phase, topic, kind of service,
one or two areas, half of them with a weekly time; 60 providers) and 3,000 referrals; a small
one (10 areas, 500 offers) beside it shows that the query counts do not grow. Timed as the
planner (the whole city): the first page of the duplicate report, of the silo view, the
referral counts, and ``similar_offers`` as the offer form calls it. The trivial ``gesund/`` view
is the baseline.

Run: ``.venv/bin/python -m bench.offers_overlaps``
"""

from __future__ import annotations

import random
import sys

from bench.harness import count_queries, report, scaled, setup_django, temp_database, timed

OFFERS = scaled(5000, 1000)
# As dense as the small municipality (50 offers per area) at either scale: with fewer offers per
# area the first page shows no likely duplicates and skips the queries that load them.
AREAS = scaled(100, 20)
REFERRALS = scaled(3000, 600)
SIMILAR_MAX_QUERIES = 8
TITLES = [
    "Babyschwimmen",
    "Elterncafé",
    "Krabbelgruppe",
    "Hausaufgabenhilfe",
    "Sprachkurs für Mütter",
    "Erziehungsberatung",
    "Familienfrühstück",
    "Bewegungsgruppe",
    "Kochkurs für Väter",
    "Lesepaten",
]


def build(slug: str, offers: int, areas: int, referrals: int, seed: int):
    import datetime

    from django_scopes import scopes_disabled

    from verbund.accounts.testing import build_tenant
    from verbund.areas.models import Area
    from verbund.core.roles import Role
    from verbund.network.models import Organisation
    from verbund.offers.models import Offer, OfferSchedule, Referral
    from verbund.taxonomy.models import Term

    rng = random.Random(seed)
    tenant = build_tenant(slug)
    m = tenant.municipality
    with scopes_disabled():
        area_rows = Area.objects.bulk_create(
            Area(municipality=m, code=f"{i:04d}", name=f"Stadtteil {i:03d}", level="Stadtteil")
            for i in range(areas)
        )
        providers = Organisation.objects.bulk_create(
            Organisation(municipality=m, name=f"Träger {i}", sector="other") for i in range(60)
        )
        terms = {
            vocab: list(Term.objects.filter(municipality=m, vocabulary=vocab))
            for vocab in ("life_phase", "topic", "service_kind")
        }
        rows = Offer.objects.bulk_create(
            Offer(
                municipality=m,
                centre=tenant.centre,
                provider=rng.choice(providers),
                title=f"{rng.choice(TITLES)} {i % 37}",
                summary="Ein offenes Angebot für Familien im Stadtteil.",
                format="open_meeting",
                search_text=f"angebot {i}",
            )
            for i in range(offers)
        )
        through_terms, through_areas, schedules = [], [], []
        for offer in rows:
            for vocab in ("life_phase", "topic", "service_kind"):
                through_terms.append(
                    Offer.terms.through(offer_id=offer.pk, term_id=rng.choice(terms[vocab]).pk)
                )
            for area in rng.sample(area_rows, rng.choice([1, 1, 2])):
                through_areas.append(Offer.areas_served.through(offer_id=offer.pk, area_id=area.pk))
            if rng.random() < 0.5:
                hour = rng.choice([9, 10, 15, 17])
                schedules.append(
                    OfferSchedule(
                        municipality=m,
                        offer=offer,
                        weekdays=1 << rng.randrange(5),
                        start_minute=hour * 60,
                        start_time=datetime.time(hour, 0),
                        end_time=datetime.time(hour + 1, 0),
                    )
                )
        Offer.terms.through.objects.bulk_create(through_terms, batch_size=2000)
        Offer.areas_served.through.objects.bulk_create(through_areas, batch_size=2000)
        OfferSchedule.objects.bulk_create(schedules, batch_size=2000)
        today = datetime.date.today()
        Referral.objects.bulk_create(
            (
                Referral(
                    municipality=m,
                    offer=rng.choice(rows),
                    centre=tenant.centre,
                    date=today - datetime.timedelta(days=rng.randrange(365)),
                    life_phase=rng.choice(terms["life_phase"]),
                    topic=rng.choice(terms["topic"]),
                )
                for _ in range(referrals)
            ),
            batch_size=2000,
        )
        term_ids = [terms["life_phase"][1].pk, terms["topic"][1].pk]
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    return tenant, tenant.users[Role.PLANNER], term_ids, [area_rows[0].pk]


def main() -> int:
    setup_django()
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scope

    from verbund.offers.overlaps.similarity import similar_offers

    ok = True
    with temp_database():
        client = Client()
        trivial = timed(lambda: client.get("/gesund/"), repeat=20)
        figures = {}
        for label, offers, areas, referrals in (
            ("klein", 500, 10, 300),
            ("gross", OFFERS, AREAS, REFERRALS),
        ):
            tenant, planner, term_ids, area_ids = build(
                f"ueber-{label}", offers, areas, referrals, seed=offers
            )
            client.force_login(planner)
            slug = tenant.municipality.slug
            for page, name in (
                ("report", "offers:overlap_report"),
                ("silos", "offers:silo_overview"),
                ("referral_counts", "offers:referral_counts"),
            ):
                url = reverse(name, args=[slug])

                def fetch(url=url):
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)

                figures[(label, page)] = {
                    "time": timed(fetch, repeat=5),
                    "queries": count_queries(fetch),
                }

            def similar(m=tenant.municipality, term_ids=term_ids, area_ids=area_ids):
                with scope(municipality=m.pk):
                    similar_offers(
                        municipality=m,
                        title="Babyschwimmen für Eltern",
                        summary="Ein offenes Angebot für Familien.",
                        term_ids=term_ids,
                        area_ids=area_ids,
                        provider_id=None,
                        slots=[(1, 540)],
                    )

            figures[(label, "similar_offers")] = {
                "time": timed(similar, repeat=9),
                "queries": count_queries(similar),
            }
        for page in ("report", "silos", "referral_counts", "similar_offers"):
            small, large = figures[("klein", page)], figures[("gross", page)]
            same = small["queries"] == large["queries"]
            if page == "similar_offers":
                # The title-word query is skipped once the term candidates fill the limit.
                same = large["queries"] <= small["queries"] <= SIMILAR_MAX_QUERIES
            ok &= same
            report(
                f"offers.overlaps.{page}",
                offers=OFFERS,
                areas=AREAS,
                trivial_median_ms=round(trivial["median_s"] * 1000, 2),
                median_ms=round(large["time"]["median_s"] * 1000, 1),
                ratio_to_trivial=round(large["time"]["median_s"] / trivial["median_s"], 1),
                small_median_ms=round(small["time"]["median_s"] * 1000, 1),
                queries=large["queries"],
                queries_small=small["queries"],
                queries_constant=same,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
