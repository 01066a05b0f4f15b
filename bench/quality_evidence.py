"""Quality-seal evidence for a whole state (issue 15, figures).

Targets: the evidence of every centre of the state-scale data (3,000 centres) against the
shipped Gütesiegel catalogue ≤ 60 s as a background job (``@tenant_task``, run through the
real enqueue path, which executes at once in the benchmark's settings); one centre's
self-check page ≤ 200 ms; the page's query count the same on a small and on the large data.

Data: ``seed_scale`` (centres with facilities, organisations, bodies with seats, agreements
with parties, offers with terms), plus approved meetings of every body and needs, generated
here with ``bulk_create``. The small town has 20 centres with the same mix per centre.
Baseline: a trivial query measured in the same run.

Run: ``.venv/bin/python -m bench.quality_evidence`` (``--ci``: 200 instead of 3,000 centres).
"""

import random
import sys
import time
from datetime import timedelta

from bench.harness import count_queries, report, scaled, setup_django, temp_database, timed

CENTRES = scaled(3_000, 200)
SMALL = 20
TARGET_ALL_S = 60.0
TARGET_PAGE_S = 0.200


def build(prefix: str, centres: int, seed: int):
    from django.core.management import call_command
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from verbund.analysis.models import Need
    from verbund.meetings.models import Meeting, MinutesStatus
    from verbund.network.models import Body
    from verbund.tenancy.models import FamilyCentre, Municipality

    call_command(
        "seed_scale",
        centres=centres,
        facilities_per_centre=1,
        organisations=max(centres // 2, 10),
        bodies=max(centres // 10, 2),
        agreements=centres * 3,
        offers=centres * 10,
        prefix=prefix,
        seed=seed,
        password="bench-quality-2026",  # noqa: S106
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    rng = random.Random(seed)
    today = timezone.localdate()
    with scopes_disabled():
        town = Municipality.objects.get(slug=f"{prefix}-1")
        bodies = list(Body.objects.filter(municipality=town).values_list("pk", flat=True))
        Meeting.objects.bulk_create(
            [
                Meeting(
                    municipality=town,
                    body_id=body_id,
                    title=f"Sitzung {n}",
                    date=today - timedelta(days=rng.randint(1, 700)),
                    start_time="10:00",
                    end_time="12:00",
                    address="Rathaus",
                    minutes_status=rng.choice([MinutesStatus.APPROVED, MinutesStatus.DRAFT]),
                )
                for body_id in bodies
                for n in range(6)
            ],
            batch_size=2_000,
        )
        centre_ids = list(
            FamilyCentre.objects.filter(municipality=town).values_list("pk", flat=True)
        )
        from verbund.taxonomy.models import Term

        terms = {
            vocabulary: Term.objects.filter(municipality=town, vocabulary=vocabulary).first()
            for vocabulary in ("life_phase", "topic", "target_group")
        }
        Need.objects.bulk_create(
            [
                Need(
                    municipality=town,
                    centre_id=centre_id,
                    title=f"Bedarf {n}",
                    life_phase=terms["life_phase"],
                    topic=terms["topic"],
                    target_group=terms["target_group"],
                    status=rng.choice(["open", "confirmed", "in_progress", "met"]),
                )
                for centre_id in centre_ids
                for n in range(2)
            ],
            batch_size=2_000,
        )
    return town


def main() -> int:
    setup_django()
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scope, scopes_disabled

    from verbund.accounts.models import User
    from verbund.core.models import BackgroundJob
    from verbund.quality import services
    from verbund.quality.models import CentreEvidence
    from verbund.tenancy.models import FamilyCentre

    ok = True
    with temp_database():
        started = time.perf_counter()
        small = build("qsmall", SMALL, seed=1)
        big = build("qstate", CENTRES, seed=2)
        built_s = time.perf_counter() - started

        def trivial():
            with scope(municipality=big.pk):
                FamilyCentre.objects.filter(municipality=big).exists()

        baseline = timed(trivial, repeat=20)

        def run_all():
            with scopes_disabled():
                job = services.evidence_request_all(actor=None, municipality=big)
                job.refresh_from_db()
                assert job.status == "succeeded", job.message

        all_figures = timed(run_all, repeat=2, warmup=0)
        with scopes_disabled():
            stored = CentreEvidence.objects.filter(municipality=big).count()
            jobs = BackgroundJob.objects.filter(municipality=big).count()
        within_all = all_figures["median_s"] <= TARGET_ALL_S and stored == CENTRES
        ok &= within_all
        report(
            "quality.evidence.all_centres",
            centres=CENTRES,
            stored=stored,
            jobs=jobs,
            build_s=round(built_s, 1),
            median_s=round(all_figures["median_s"], 2),
            baseline_ms=round(baseline["median_s"] * 1000, 3),
            ratio_to_baseline=round(all_figures["median_s"] / baseline["median_s"], 1),
            target_s=TARGET_ALL_S,
            within_target=within_all,
        )

        def page_for(town, prefix):
            with scopes_disabled():
                user = User.objects.get(username=f"{prefix}-koordination")
                centre = user.memberships.get().centre
                check = services.selfcheck_create(
                    actor=None, municipality=town, centre=centre, year=2026
                )
            client = Client()
            client.force_login(user)
            url = reverse(
                "quality:selfcheck",
                kwargs={"municipality_slug": town.slug, "selfcheck_id": check.pk},
            )

            def get():
                response = client.get(url)
                assert response.status_code == 200, response.status_code

            return get

        small_page, big_page = page_for(small, "qsmall"), page_for(big, "qstate")
        figures = timed(big_page, repeat=10)
        # Both warm: a web process keeps a signed-in session's rows after its first request
        # (``core.session_cache``), so a first request counts three queries more.
        small_page()
        queries_small, queries_big = count_queries(small_page), count_queries(big_page)
        within_page = figures["median_s"] <= TARGET_PAGE_S
        same = queries_small == queries_big
        ok &= within_page and same
        report(
            "quality.selfcheck.page",
            centres=CENTRES,
            median_ms=round(figures["median_s"] * 1000, 1),
            baseline_ms=round(baseline["median_s"] * 1000, 3),
            ratio_to_baseline=round(figures["median_s"] / baseline["median_s"], 1),
            queries_small=queries_small,
            queries_large=queries_big,
            independent_of_size=same,
            target_ms=TARGET_PAGE_S * 1000,
            within_target=within_page,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
