"""How long a large boundary import holds the database's write lock (verbund.areas).

    .venv/bin/python -m bench.areas_import_lock            # SQLite (temporary file)
    AREAS=10000 .venv/bin/python -m bench.areas_import_lock

A 50,000-area import used to read, check and write everything inside one transaction: the
write lock was held for the whole import (36 s in production). Now the file is read and every
row prepared outside a transaction and only the final switch writes. Figures: the whole
import (the lock time of the old way, measured in the same run, as the baseline), the final
write transaction for new and for changed areas, their ratio to the baseline, and — on SQLite
— the longest wait of a short writer on another connection during the import.
Target: the final switch of 50,000 new areas under 5 s and under a fifth of the import.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time

from bench.harness import report, scaled, setup_django, temp_database

AREAS = int(os.environ.get("AREAS", str(scaled(50000, 5000))))
TARGET_SWITCH_S = 5.0
TARGET_RATIO = 0.2


def squares(count: int, name: str) -> bytes:
    features = []
    for n in range(count):
        lon, lat = 6 + (n % 250) * 0.01, 48 + (n // 250) * 0.01
        ring = [[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01]]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": f"{n:06d}", "name": f"{name} {n}"},
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


class ShortWriter(threading.Thread):
    """Another user: a one-row write every 50 ms on its own connection; records its waits."""

    def __init__(self, path: str) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.waits: list[float] = []
        self.errors = 0

    def run(self) -> None:
        db = sqlite3.connect(self.path, timeout=20, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS bench_short_writer (at REAL)")
        while not self.stop.is_set():
            start = time.perf_counter()
            try:
                db.execute("INSERT INTO bench_short_writer VALUES (?)", (start,))
            except sqlite3.OperationalError:
                self.errors += 1
            self.waits.append(time.perf_counter() - start)
            time.sleep(0.05)
        db.close()


def main() -> int:
    setup_django()
    from django.db import connection
    from django_scopes import scope

    from verbund.areas import services
    from verbund.areas.models import Area
    from verbund.tenancy.models import Municipality

    failures = []
    with temp_database() as vendor:
        municipality = Municipality.objects.create(name="Benchstadt", slug="benchstadt")
        options = services.ImportOptions(level="Planungsraum")

        def run(content: bytes):
            start = time.perf_counter()
            with scope(municipality=municipality.pk):
                result = services.areas_import(
                    actor=None,
                    municipality=municipality,
                    content=content,
                    filename="bench.geojson",
                    options=options,
                )
            return result, time.perf_counter() - start

        writer = None
        if vendor == "sqlite":
            writer = ShortWriter(connection.settings_dict["NAME"])
            writer.start()
        created, total_new = run(squares(AREAS, "Gebiet"))
        updated, total_changed = run(squares(AREAS, "Bereich"))
        if writer is not None:
            writer.stop.set()
            writer.join()
        with scope(municipality=municipality.pk):
            assert Area.objects.filter(municipality=municipality).count() == AREAS
        assert created.created == AREAS and updated.updated == AREAS, (created, updated)
        figures = {
            "areas": AREAS,
            "import_new_s": round(total_new, 2),
            "final_switch_new_s": created.write_seconds,
            "ratio_new": round(created.write_seconds / total_new, 3),
            "import_changed_s": round(total_changed, 2),
            "final_switch_changed_s": updated.write_seconds,
            "ratio_changed": round(updated.write_seconds / total_changed, 3),
        }
        if writer is not None:
            figures["short_writer_max_wait_s"] = round(max(writer.waits, default=0), 3)
            figures["short_writer_writes"] = len(writer.waits)
            figures["short_writer_errors"] = writer.errors
            if writer.errors:
                failures.append("a short writer failed with 'database is locked'")
        for kind in ("new", "changed"):
            if figures[f"final_switch_{kind}_s"] > TARGET_SWITCH_S:
                failures.append(f"final switch ({kind}) over {TARGET_SWITCH_S} s")
            if figures[f"ratio_{kind}"] > TARGET_RATIO:
                failures.append(f"final switch ({kind}) over {TARGET_RATIO:.0%} of the import")
        report("areas_import_lock", **figures, failures=failures)
    if failures:
        print("; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
