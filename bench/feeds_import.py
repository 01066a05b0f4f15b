"""Importing a neighbour's HSDS datapackage (issue 13, figures): 10,000 services, each with
an organization, a location with its address, a language, a phone and two taxonomy terms
(mapped to ours beforehand, as on a repeat import), imported through the same code as the
planner's pages: the background job (ZIP read, nested, every record checked against the
official HSDS 3.0 schema, terms mapped) and the commit (one transaction). Timed: the whole
import (job + commit), then a repeat import of the same package (every offer updated, none
duplicated), then all-or-nothing: a package with one broken record at the end is refused and
the number of offers is the same afterwards.

Baseline (same run): reading the ZIP's CSV tables with ``csv.DictReader`` alone.
Target: ≤ 30 s for the first import.

Run: ``.venv/bin/python -m bench.feeds_import`` (``BENCH_SCALE=ci``: 2,000 services);
on PostgreSQL with ``DATABASE_URL=postgres://…``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
import uuid
import zipfile
from pathlib import Path

from bench.harness import report, scaled, setup_django, temp_database

SERVICES = scaled(10_000, 2_000)
TERMS = 40
TARGET_S = 30.0
DESCRIPTOR = Path(__file__).resolve().parent.parent / "verbund" / "api" / "hsds_datapackage.json"


def _uid(kind: str, n: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}/{n}"))


def build_package(count: int, *, broken_last: bool = False) -> bytes:
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    fields = {
        r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]
    }
    rows: dict[str, list[dict]] = {path: [] for path in fields}
    for t in range(TERMS):
        rows["taxonomy_terms.csv"].append(
            {"id": _uid("term", t), "code": f"T{t}", "name": f"Begriff {t}",
             "description": "Ein Begriff der Nachbarkommune", "taxonomy": "Nachbar"}
        )  # fmt: skip
    for n in range(count):
        sid, org, loc = _uid("service", n), _uid("org", n % 200), _uid("loc", n)
        if n < 200:
            rows["organizations.csv"].append(
                {"id": org, "name": f"Träger {n}", "description": "Freier Träger"}
            )
        rows["services.csv"].append(
            {"id": sid, "organization_id": org, "name": f"Elterncafé {n}",
             "alternate_name": "Offener Treff für Eltern", "status": "active",
             "description": "Ein offener Treff für Eltern mit Kindern bis drei Jahre.",
             "email": f"treff{n}@nachbar.example", "last_modified": "2026-11-30T10:00:00Z"}
        )  # fmt: skip
        rows["locations.csv"].append(
            {"id": loc, "location_type": "physical", "name": f"Familienzentrum {n % 300}",
             "latitude": "50.94", "longitude": "6.95"}
        )  # fmt: skip
        rows["addresses.csv"].append(
            {"id": _uid("addr", n), "location_id": loc, "address_1": f"Hauptstraße {n % 90 + 1}",
             "city": "Nachbarstadt", "region": "", "state_province": "NRW",
             "postal_code": "50999", "country": "DE", "address_type": "physical"}
        )  # fmt: skip
        rows["service_at_location.csv"].append(
            {"id": _uid("sal", n), "service_id": sid, "location_id": loc}
        )
        rows["languages.csv"].append(
            {"id": _uid("lang", n), "service_id": sid, "name": "Deutsch", "code": "de"}
        )
        rows["phones.csv"].append(
            {"id": _uid("phone", n), "service_id": sid, "number": "0221 123456"}
        )
        for k in (n % TERMS, (n * 7 + 3) % TERMS):
            rows["attributes.csv"].append(
                {"id": _uid(f"attr{k}", n), "link_id": sid, "taxonomy_term_id": _uid("term", k),
                 "link_type": "service", "link_entity": "service", "value": ""}
            )  # fmt: skip
    if broken_last:
        rows["services.csv"][-1]["email"] = "keine Adresse"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor))
        for path, names in fields.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=names, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows[path])
            archive.writestr(path, text.getvalue())
    return buffer.getvalue()


def main() -> int:
    setup_django()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_scopes import scopes_disabled

    from verbund.accounts.testing import build_tenant
    from verbund.core import tasks
    from verbund.core.roles import Role
    from verbund.feeds import services
    from verbund.feeds.models import FeedRun, RunStatus, TermMapping
    from verbund.offers.models import Offer
    from verbund.taxonomy.models import Term

    ok = True
    with temp_database() as vendor:
        tenant = build_tenant("bench")
        planner = tenant.users[Role.PLANNER]

        good = build_package(SERVICES)
        broken = build_package(SERVICES, broken_last=True)

        started = time.perf_counter()
        with zipfile.ZipFile(io.BytesIO(good)) as archive:
            for name in archive.namelist():
                if name.endswith(".csv"):
                    text = io.TextIOWrapper(archive.open(name), encoding="utf-8")
                    sum(1 for _row in csv.DictReader(text))
        baseline_s = time.perf_counter() - started

        with scopes_disabled():
            source = services.source_create(
                actor=planner, municipality=tenant.municipality,
                data={"name": "Nachbarstadt", "kind": "package", "url": "",
                      "centre": tenant.centre, "default_format": "open_meeting"},
            )  # fmt: skip
            ours = list(
                Term.objects.filter(municipality=tenant.municipality).values_list("pk", flat=True)
            )
            if not ours:
                ours = [None]
            for t in range(TERMS):
                TermMapping.objects.create(
                    municipality=tenant.municipality, source=source,
                    external_id=_uid("term", t), label=f"Begriff {t}",
                    term_id=ours[t % len(ours)], ignored=ours[t % len(ours)] is None,
                )  # fmt: skip

        def run_import(content: bytes) -> tuple[float, float, str, dict | None]:
            started = time.perf_counter()
            with scopes_disabled():
                run = services.run_start(
                    actor=planner, source=source, upload=SimpleUploadedFile("p.zip", content)
                )
                tasks.execute(run.job_id)
                run = FeedRun.objects.get(pk=run.pk)
                checked = time.perf_counter() - started
                counts = None
                if run.status == RunStatus.READY:
                    counts = services.run_commit(actor=planner, run=run)
            return time.perf_counter() - started, checked, run.status, counts

        first_s, first_check_s, status, counts = run_import(good)
        with scopes_disabled():
            offers_after_first = Offer.objects.filter(origin__isnull=False).count()
        within = first_s <= TARGET_S and counts == {
            "created": SERVICES,
            "updated": 0,
            "withdrawn": 0,
        }
        ok &= within
        report(
            "feeds.import.first",
            vendor=vendor,
            services=SERVICES,
            seconds=round(first_s, 2),
            check_seconds=round(first_check_s, 2),
            commit_seconds=round(first_s - first_check_s, 2),
            result=counts,
            offers=offers_after_first,
            zip_mb=round(len(good) / 2**20, 2),
            baseline_read_csv_s=round(baseline_s, 3),
            ratio_to_baseline=round(first_s / baseline_s, 1),
            target_s=TARGET_S,
            within_target=within,
        )
        repeat_s, _check, status, counts = run_import(good)
        with scopes_disabled():
            offers_after_repeat = Offer.objects.filter(origin__isnull=False).count()
        same = offers_after_repeat == offers_after_first and counts == {
            "created": 0,
            "updated": SERVICES,
            "withdrawn": 0,
        }
        ok &= same
        report(
            "feeds.import.repeat",
            vendor=vendor,
            services=SERVICES,
            seconds=round(repeat_s, 2),
            result=counts,
            offers=offers_after_repeat,
            no_duplicates=same,
            ratio_to_baseline=round(repeat_s / baseline_s, 1),
        )
        broken_s, _check, status, counts = run_import(broken)
        with scopes_disabled():
            unchanged = Offer.objects.filter(origin__isnull=False).count() == offers_after_repeat
        nothing = status == RunStatus.INVALID and counts is None and unchanged
        ok &= nothing
        report(
            "feeds.import.broken_last_record",
            vendor=vendor,
            services=SERVICES,
            seconds=round(broken_s, 2),
            status=status,
            nothing_written=nothing,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
