"""How long a browser request waits when it starts a 200,000-value statistics import.

    .venv/bin/python -m bench.statistics_enqueue

Through the real views (Django's test client, logged-in planner) with the database task
backend: upload with a saved mapping (the check is enqueued), ``db_worker --batch`` checks the
file, the commit request enqueues the import, ``db_worker --batch`` writes it. Target: the
commit request returns in ≤ 200 ms (median of 3). The baseline is the import list page
requested in the same run; the worker's time for the whole import is reported beside it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import report, setup_django, temp_database
from bench.statistics_import import INDICATORS, make_file

TARGET_MS = 200
ROUNDS = 3


def main() -> int:
    setup_django()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django_scopes import scope, scopes_disabled

    from verbund.accounts.testing import build_tenant
    from verbund.areas.models import Area
    from verbund.core.roles import Role
    from verbund.statistics import services
    from verbund.statistics.models import ImportRun, ImportStatus, Indicator, IndicatorValue

    failures = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            MEDIA_ROOT=tmp,
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        ),
        temp_database() as vendor,
    ):
        tenant = build_tenant("benchstadt")
        municipality = tenant.municipality
        areas_n = 2000
        with scope(municipality=municipality.pk):
            Area.objects.bulk_create(
                Area(
                    municipality=municipality,
                    code=f"{i + 1:05d}",
                    name=f"Gebiet {i + 1}",
                    level="Planungsraum",
                )
                for i in range(areas_n)
            )
            Indicator.objects.bulk_create(
                Indicator(
                    municipality=municipality, key=f"merkmal_{i}", name=f"Merkmal {i}", kind="count"
                )
                for i in range(INDICATORS)
            )
            mapping = services.mapping_save(
                actor=None,
                municipality=municipality,
                name="Bench",
                spec={
                    "area_column": "Gebietsschlüssel",
                    "year_column": "Jahr",
                    "columns": {f"Merkmal {i}": f"merkmal_{i}" for i in range(INDICATORS)},
                },
            )
        path = Path(tmp) / "werte-200k.csv"
        value_count = make_file(path, areas_n, 2)
        client = Client()
        client.force_login(tenant.users[Role.PLANNER])
        slug = municipality.slug

        def worker() -> float:
            start = time.perf_counter()
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
            return time.perf_counter() - start

        list_url = reverse("statistics:import_list", args=[slug])
        client.get(list_url)
        baseline = []
        uploads, commits, workers = [], [], []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            client.get(list_url)
            baseline.append(time.perf_counter() - start)
            with path.open("rb") as handle:
                start = time.perf_counter()
                response = client.post(
                    reverse("statistics:import_upload", args=[slug]),
                    {"file": handle, "mapping": mapping.pk},
                )
                uploads.append(time.perf_counter() - start)
            assert response.status_code == 302, response.status_code
            with scopes_disabled():
                run = ImportRun.objects.latest("pk")
            assert run.status == ImportStatus.CHECKING, run.status
            worker()  # the check
            with scopes_disabled():
                run.refresh_from_db()
            assert run.status == ImportStatus.READY, run.report.get("errors")
            start = time.perf_counter()
            response = client.post(reverse("statistics:import_commit", args=[slug, run.pk]))
            commits.append(time.perf_counter() - start)
            assert response.status_code == 302
            with scopes_disabled():
                run.refresh_from_db()
            assert run.status == ImportStatus.RUNNING, run.status
            workers.append(worker())  # the import
            with scopes_disabled():
                run.refresh_from_db()
                written = IndicatorValue.objects.filter(municipality=municipality).count()
            assert run.status == ImportStatus.DONE, run.error_message
            assert not run.file
        commit_ms = statistics.median(commits) * 1000
        base_ms = statistics.median(baseline) * 1000
        report(
            "statistics_enqueue_request",
            values=value_count,
            values_in_database=written,
            file_mb=round(path.stat().st_size / 1e6, 2),
            commit_request_ms=round(commit_ms, 1),
            upload_request_ms=round(statistics.median(uploads) * 1000, 1),
            baseline_import_list_ms=round(base_ms, 1),
            ratio_commit_to_list_page=round(commit_ms / base_ms, 2),
            worker_import_s=round(statistics.median(workers), 2),
            target_commit_request_ms=TARGET_MS,
            rounds=ROUNDS,
            vendor=vendor,
        )
        if commit_ms > TARGET_MS:
            failures.append(f"commit request {commit_ms:.0f} ms > {TARGET_MS} ms")
    for failure in failures:
        print("VERFEHLT: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
