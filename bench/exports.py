"""Export figures: the facility export of 10,000 facilities as CSV and XLSX, through the real
view (streamed, read to the end), against the export as it was built before streaming (every
row a model instance with ``get_kind_display()``, the whole file in memory, openpyxl's normal
mode) measured in the same run on the same rows. Memory is the peak growth traced by
tracemalloc while one download runs. Each timed download follows a cleared cache, i.e. it is
the first download after a change and builds the file; ``kept_median_s`` is a later download
of the same data, sent from the cache (``verbund.core.exports.kept_export_response``).

Targets (issue 17): CSV ≤ 0.5 s, XLSX ≤ 1.5 s, peak memory growth ≤ 50 MB.
"""

import io
import sys
import tracemalloc

from bench.harness import count_queries, report, scaled, setup_django, temp_database, timed

FACILITIES = scaled(10_000, 2_000)
TARGETS_S = {"csv": 0.5, "xlsx": 1.5}
TARGET_MEMORY_MB = 50.0


def legacy_export(facilities, fmt: str) -> bytes:
    """The export before streaming, kept here as the same-run baseline."""
    import csv

    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING

    from verbund.core.exports import _csv_cell, _xlsx_cell, neutralise

    header = ["Name", "Art", "Familienzentrum", "Träger", "Straße", "PLZ", "Ort", "Breite"]
    header += ["Länge", "E-Mail", "Telefon", "Website", "archiviert am"]
    rows = (
        [
            f.name,
            f.get_kind_display(),
            f.centre.name if f.centre else "",
            f.provider.name if f.provider else "",
            f.street,
            f.postcode,
            f.city,
            f.latitude,
            f.longitude,
            f.email,
            f.phone,
            f.website,
            f.archived_at,
        ]
        for f in facilities.iterator(chunk_size=2000)
    )
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_cell(neutralise(cell)) for cell in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append([_xlsx_cell(neutralise(cell)) for cell in row])
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def openpyxl_write_only(header, rows) -> bytes:
    """The XLSX writer before XlsxWriter (openpyxl's write-only mode), same rows."""
    from openpyxl import Workbook

    from verbund.core.exports import _xlsx_cell, neutralise

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Export")
    sheet.append([_xlsx_cell(neutralise(cell)) for cell in header])
    for row in rows:
        sheet.append([_xlsx_cell(neutralise(cell)) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_rows(municipality, user):
    """The view's own header and rows, materialised once (the writers alone are compared)."""
    from django.test import Client
    from django.urls import reverse

    from verbund.core.exports import export_response
    from verbund.tenancy import views

    captured = {}
    original = views.kept_export_response

    def capture(fmt, filename, header, rows, **keep):
        captured["header"], captured["rows"] = list(header), list(rows)
        return export_response(fmt, filename, [], [])

    views.kept_export_response = capture
    try:
        client = Client()
        client.force_login(user)
        url = reverse("tenancy:facility_export", args=[municipality.slug, "xlsx"])
        b"".join(client.get(url).streaming_content)
    finally:
        views.kept_export_response = original
    return captured["header"], captured["rows"]


def peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> int:
    setup_django()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scope, scopes_disabled

    from verbund.accounts.models import User
    from verbund.tenancy import selectors
    from verbund.tenancy.models import Municipality

    ok = True
    with temp_database():
        call_command(
            "seed_scale", centres=FACILITIES // 100, facilities_per_centre=100, prefix="export"
        )
        with scopes_disabled():
            municipality = Municipality.objects.get(slug="export-1")
            user = User.objects.filter(memberships__municipality=municipality).first()
        client = Client()
        client.force_login(user)
        for fmt in ("csv", "xlsx"):
            url = reverse("tenancy:facility_export", args=[municipality.slug, fmt])

            def download(url=url, kept=False):
                if not kept:
                    cache.clear()  # the first download after a change: the export is built
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                size = sum(len(chunk) for chunk in response.streaming_content)
                assert size > 0
                return size

            def legacy(fmt=fmt):
                with scope(municipality=municipality.pk):
                    facilities = selectors.facility_list(municipality=municipality)
                    return len(legacy_export(facilities, fmt))

            if fmt == "xlsx":
                from verbund.core.exports import xlsx_bytes

                header, rows = export_rows(municipality, user)
                writer_new = timed(lambda h=header, r=rows: xlsx_bytes(h, r, "Export"), repeat=3)
                writer_old = timed(lambda h=header, r=rows: openpyxl_write_only(h, r), repeat=3)
                report(
                    "exports.facilities.xlsx_writer",
                    rows=len(rows),
                    xlsxwriter_median_s=round(writer_new["median_s"], 3),
                    openpyxl_write_only_median_s=round(writer_old["median_s"], 3),
                    ratio=round(writer_new["median_s"] / writer_old["median_s"], 2),
                )
            new = timed(download, repeat=3)
            download()
            kept = timed(lambda url=url: download(url, kept=True), repeat=3)
            old = timed(legacy, repeat=1, warmup=0)
            new_mb, old_mb = peak_mb(download), peak_mb(legacy)
            met = new["median_s"] <= TARGETS_S[fmt] and new_mb <= TARGET_MEMORY_MB
            ok &= met
            report(
                f"exports.facilities.{fmt}",
                rows=FACILITIES,
                queries=count_queries(download),
                median_s=round(new["median_s"], 3),
                baseline_median_s=round(old["median_s"], 3),
                ratio_to_baseline=round(new["median_s"] / old["median_s"], 2),
                kept_median_s=round(kept["median_s"], 4),
                peak_mb=round(new_mb, 1),
                baseline_peak_mb=round(old_mb, 1),
                target_s=TARGETS_S[fmt],
                target_mb=TARGET_MEMORY_MB,
                target_met=met,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
