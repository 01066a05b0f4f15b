"""The HSDS API at 10,000 public offers in one municipality (issue 13, figures): the median
time of a ``/services`` page (first, middle and last page; 25 and 100 per page; the list and
``full=true``) through the whole stack (URL, django-ninja, selectors, HSDS objects, JSON), its
query count (the same for every page and page size). The datapackage has its own benchmark
(``bench.api_datapackage``).

Data: ``seed_scale`` (one municipality, its centres, areas and organisations), then the offers
straight into the tables as in ``bench.offers_search`` (terms, areas, one weekly schedule each,
public, approved, running). Baseline: one offer by its key through the ORM, in the same run.
Target: median ≤ 100 ms per page.

Run: ``.venv/bin/python -m bench.api_services`` (``--ci`` / ``BENCH_SCALE=ci``: 2,000 offers);
on PostgreSQL with ``DATABASE_URL=postgres://…``. Do not run the full scale on a shared machine
while others measure.
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal

from bench.harness import count_queries, report, scaled, setup_django, temp_database, timed

OFFERS = scaled(10_000, 2_000)
CENTRES = scaled(100, 20)
REPEAT = scaled(15, 2)
PAGE_TARGET_MS = 100.0
BATCH = 2000


def build(rng: random.Random) -> float:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from bench.offers_search import (
        KINDS,
        OFFER_COLUMNS,
        QUALIFIERS,
        SCHEDULE_COLUMNS,
        _insert,
    )
    from verbund.areas.models import Area
    from verbund.core import fulltext
    from verbund.demo.management.commands._scale_areas import batched
    from verbund.network.models import Organisation
    from verbund.offers.choices import Cost, OfferFormat
    from verbund.offers.search import TEXT_INDEX
    from verbund.taxonomy.models import Term
    from verbund.tenancy.models import FamilyCentre, Municipality

    started = time.perf_counter()
    call_command(
        "seed_scale", "--prefix=api", f"--centres={CENTRES}", "--municipalities=1",
        "--facilities-per-centre=1", "--areas=25", "--area-vertices=8", "--organisations=40",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )  # fmt: skip
    now = timezone.now()
    with scopes_disabled(), TEXT_INDEX.bulk_loading(connection), connection.cursor() as cursor:
        municipality = Municipality.objects.get(slug="api-1")
        mun = municipality.pk
        centres = list(
            FamilyCentre.objects.filter(municipality=municipality).values_list(
                "pk", "name", "latitude", "longitude"
            )
        )
        organisations = list(
            Organisation.objects.filter(municipality=municipality).values_list("pk", flat=True)
        )
        areas = list(Area.objects.filter(municipality=municipality).values_list("pk", flat=True))
        terms: dict[str, list[int]] = {}
        for pk, vocabulary in Term.objects.filter(municipality=municipality).values_list(
            "pk", "vocabulary"
        ):
            terms.setdefault(vocabulary, []).append(pk)
        offers, term_rows, area_rows, schedules = [], [], [], []
        for pk in range(1, OFFERS + 1):
            centre_id, _name, lat, lon = rng.choice(centres)
            provider = rng.choice(organisations) if rng.random() < 0.6 else None
            title = f"{rng.choice(KINDS)} {rng.choice(QUALIFIERS)}"
            lat = lat + Decimal(f"{rng.uniform(-0.02, 0.02):.6f}")
            lon = lon + Decimal(f"{rng.uniform(-0.03, 0.03):.6f}")
            offers.append(
                (pk, now, now, mun, "Marktstraße 1", "50667", "Köln", lat, lon, centre_id,
                 provider, title, "Ein Angebot für Familien im Stadtteil.", "Beschreibung.",
                 rng.choice(list(OfferFormat.values)), rng.choice([Cost.FREE, Cost.FEE]), "",
                 "open", rng.choice(["de", "de tr", "de-ls", "de ar"]), False, True, False, "",
                 False, "address", "", "Team", "team@fz.example", "0301234", "active", "public",
                 "approved", "", "", fulltext._line(title))
            )  # fmt: skip
            picked = {rng.choice(ids) for ids in terms.values()}
            term_rows += [(pk, term_id) for term_id in picked]
            area_rows += [(pk, area_id) for area_id in rng.sample(areas, 2)]
            schedules.append(
                (now, now, mun, pk, "series", "FREQ=WEEKLY;BYDAY=TU", "[]", False, "", 2, 540)
            )
        with transaction.atomic():
            for chunk in batched(offers, BATCH):
                _insert(cursor, "offers_offer", OFFER_COLUMNS, chunk)
            for chunk in batched(term_rows, BATCH * 4):
                _insert(cursor, "offers_offer_terms", "offer_id, term_id", chunk)
            for chunk in batched(area_rows, BATCH * 4):
                _insert(cursor, "offers_offer_areas_served", "offer_id, area_id", chunk)
            for chunk in batched(schedules, BATCH):
                _insert(cursor, "offers_offerschedule", SCHEDULE_COLUMNS, chunk)
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('offers_offer', 'id'), max(id)) "
                "FROM offers_offer"
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - started


def main() -> int:
    setup_django()
    from django.test import Client
    from django_scopes import scopes_disabled

    from verbund.api import api as api_module
    from verbund.offers.search import public_offers
    from verbund.tenancy.models import Municipality

    api_module.RATE_LIMIT.limit = 10**9  # (the bench is one client asking many times)
    ok = True
    with temp_database() as vendor:
        built_s = build(random.Random(13))
        municipality = Municipality.objects.get(slug="api-1")
        with scopes_disabled():
            public = public_offers(municipality=municipality)
            total = public.count()
            some = public.order_by("pk").values_list("pk", flat=True)[:1][0]
            baseline = timed(lambda: list(public.filter(pk=some)[:1]), repeat=REPEAT, warmup=2)
        baseline_ms = baseline["median_s"] * 1000
        client = Client()
        base = f"/api/v1/{municipality.slug}/services"
        counts = set()
        for per_page in (25, 100):
            last = max(1, -(-total // per_page))
            for full in ("false", "true"):
                for page in sorted({1, (last + 1) // 2, last}):
                    url = f"{base}?per_page={per_page}&page={page}&full={full}"

                    def get(url=url):
                        response = client.get(url)
                        assert response.status_code == 200, response.content[:300]
                        return response

                    queries = count_queries(get)
                    counts.add((full, queries))
                    figures = timed(get, repeat=REPEAT, warmup=1)
                    median_ms = figures["median_s"] * 1000
                    within = median_ms <= PAGE_TARGET_MS
                    ok &= within
                    report(
                        f"api.services.{'full' if full == 'true' else 'list'}.{per_page}.p{page}",
                        vendor=vendor,
                        offers=total,
                        median_ms=round(median_ms, 1),
                        min_ms=round(figures["min_s"] * 1000, 1),
                        queries=queries,
                        baseline_median_ms=round(baseline_ms, 2),
                        ratio_to_baseline=round(median_ms / baseline_ms, 1),
                        runs=figures["runs"],
                        target_ms=PAGE_TARGET_MS,
                        within_target=within,
                    )
        same_queries = len({q for _full, q in counts if _full == "false"}) == 1 and (
            len({q for _full, q in counts if _full == "true"}) == 1
        )
        ok &= same_queries
        # the datapackage has its own benchmark: bench/api_datapackage.py
        report(
            "api.services.queries",
            vendor=vendor,
            offers=total,
            query_count_same_for_every_page=same_queries,
            data_built_s=round(built_s, 1),
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
