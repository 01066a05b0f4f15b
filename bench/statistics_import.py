"""Import throughput and memory of the statistics importer (verbund.statistics).

    .venv/bin/python -m bench.statistics_import                 # SQLite (temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m bench.statistics_import             # PostgreSQL (test_* database)

Targets: ≥ 20,000 values/s for check + commit of a German-formatted CSV (the whole path the
wizard and ``manage.py import_indicators`` take: decode, sniff, parse numbers, join areas,
upsert in batches, one transaction), and a 1,000,000-value file with a peak of Python
allocations under 300 MB (tracemalloc) – the process's maximum resident size is reported too.
The baseline is Python's csv module merely reading the same file, measured in the same run.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.harness import report, scaled, setup_django, temp_database

TARGET_VALUES_PER_SECOND = 20_000
TARGET_PEAK_MB = 300
INDICATORS = 50


def make_file(path: Path, areas: int, years: int) -> int:
    """Wide layout with a year column, German numbers, markers. Returns the value count."""
    rng = random.Random(20260101)
    header = ["Gebietsschlüssel", "Gebiet", "Jahr"] + [f"Merkmal {i}" for i in range(INDICATORS)]
    with path.open("w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        for year in range(2010, 2010 + years):
            for area in range(areas):
                row = [f"{area + 1:05d}", f"Gebiet {area + 1}", year]
                for _ in range(INDICATORS):
                    roll = rng.random()
                    if roll < 0.02:
                        row.append("-")
                    elif roll < 0.03:
                        row.append(".")
                    elif roll < 0.5:
                        row.append(f"{rng.uniform(0, 100):.1f}".replace(".", ","))
                    else:
                        row.append(f"{rng.randint(0, 250000):,}".replace(",", "."))
                writer.writerow(row)
    return areas * years * INDICATORS


def baseline_read(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="cp1252", newline="") as handle:
        for _row in csv.reader(handle, delimiter=";"):
            pass
    return time.perf_counter() - start


def main() -> int:
    setup_django()
    from django.core.files import File
    from django.db import connection
    from django.test.utils import override_settings
    from django_scopes import scope

    from verbund.areas.models import Area
    from verbund.statistics import services
    from verbund.statistics.models import ImportStatus, Indicator, IndicatorValue
    from verbund.tenancy.models import Municipality

    failures = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            MEDIA_ROOT=tmp,
        ),
        temp_database() as vendor,
    ):
        municipality = Municipality.objects.create(name="Benchstadt", slug="benchstadt")
        areas_n = scaled(2000, 400)
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
        spec = {
            "area_column": "Gebietsschlüssel",
            "year_column": "Jahr",
            "columns": {f"Merkmal {i}": f"merkmal_{i}" for i in range(INDICATORS)},
        }

        def run_import(path: Path) -> tuple[float, float, object]:
            with scope(municipality=municipality.pk):
                with path.open("rb") as handle:
                    run = services.import_upload(
                        actor=None, municipality=municipality, upload=File(handle, name=path.name)
                    )
                start = time.perf_counter()
                run = services.import_analyse(actor=None, run=run, spec=spec, options={})
                checked = time.perf_counter() - start
                assert run.status == ImportStatus.READY, run.report.get("errors")
                start = time.perf_counter()
                run = services.import_commit(actor=None, run=run, background=False)
                committed = time.perf_counter() - start
                assert run.status == ImportStatus.DONE, run.error_message
                return checked, committed, run

        def clear_values():
            with scope(municipality=municipality.pk):
                IndicatorValue.objects.filter(municipality=municipality)._raw_delete(
                    connection.alias
                )

        # 1) Throughput: 200,000 values (2,000 areas × 2 years × 50 indicators), 3 runs.
        small = Path(tmp) / "werte-200k.csv"
        small_values = make_file(small, areas_n, 2)
        base = min(baseline_read(small) for _ in range(3))
        samples = []
        for _ in range(3):
            clear_values()
            checked, committed, run = run_import(small)
            assert run.values_written == sum(run.report["values"].values())
            samples.append((checked, committed))
        check_s = sorted(s[0] for s in samples)[1]
        commit_s = sorted(s[1] for s in samples)[1]
        commit_rate = small_values / commit_s
        total_rate = small_values / (check_s + commit_s)
        report(
            "statistics_import_throughput",
            values=small_values,
            file_mb=round(small.stat().st_size / 1e6, 2),
            check_s=round(check_s, 3),
            commit_s=round(commit_s, 3),
            commit_values_per_s=round(commit_rate),
            check_and_commit_values_per_s=round(total_rate),
            baseline_csv_read_s=round(base, 4),
            ratio_commit_to_csv_read=round(commit_s / base, 1),
            target_values_per_s=TARGET_VALUES_PER_SECOND,
            vendor=vendor,
        )
        if commit_rate < TARGET_VALUES_PER_SECOND:
            failures.append(f"commit throughput {commit_rate:.0f}/s < {TARGET_VALUES_PER_SECOND}")
        # A re-import of the same file updates every value (upsert path).
        _checked, committed, run = run_import(small)
        report(
            "statistics_import_reimport",
            values=small_values,
            commit_s=round(committed, 3),
            values_per_s=round(small_values / committed),
            values_updated=run.values_updated,
        )

        # 2) Memory: 1,000,000 values (2,000 areas × 10 years × 50 indicators).
        clear_values()
        big = Path(tmp) / "werte-1m.csv"
        big_values = make_file(big, areas_n, 10)
        rss_before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        tracemalloc.start()
        checked, committed, run = run_import(big)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_mb = peak / 1024 / 1024
        report(
            "statistics_import_1m_values",
            values=big_values,
            values_written=run.values_written,
            file_mb=round(big.stat().st_size / 1e6, 1),
            check_s_traced=round(checked, 2),
            commit_s_traced=round(committed, 2),
            tracemalloc_peak_mb=round(peak_mb, 1),
            process_maxrss_mb=round(maxrss_mb, 1),
            process_maxrss_before_mb=round(rss_before_mb, 1),
            target_peak_mb=TARGET_PEAK_MB,
        )
        if peak_mb >= TARGET_PEAK_MB:
            failures.append(f"peak {peak_mb:.0f} MB >= {TARGET_PEAK_MB} MB")
        if run.values_written != big_values - run.report["empty_cells"]:
            failures.append("1M import wrote an unexpected number of values")
    if failures:
        print("Ziel verfehlt: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.exit(main())
