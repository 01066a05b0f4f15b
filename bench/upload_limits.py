"""Worst-case uploads (issue 8, item 3): peak memory and time of reading a forged XLSX and big
GeoJSON files, as ratios against a normal file measured in the same run.

Every case runs in its own process, so that ``ru_maxrss`` (peak resident memory) belongs to
that case alone; ``tracemalloc`` adds the peak of Python allocations while reading.

Cases:
* ``xlsx_normal``: a 3-row organisation list (XLSX) through the list import's reader
  (organisations and facilities share it).
* ``xlsx_forged``: the same file with ``<dimension ref="A1:XFD1048576">`` and one empty cell in
  row 1,048,576 (still about 5 kB), through the list import and the statistics reader.
* ``xlsx_forged_openpyxl_200``: for comparison, what openpyxl's ``iter_rows`` (the reading
  before) allocates for only the first 200 rows of the forged file.
* ``geojson_normal``: 100 areas with 400 points each (about 1 MB).
* ``geojson_big_refused``: 20 MB of short coordinates (over the coordinate limit): refused.
* ``geojson_at_limit``: just under the coordinate limit: read in full (the worst accepted).

Run: ``.venv/bin/python -m bench.upload_limits``
"""

from __future__ import annotations

import io
import json
import math
import re
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile

from bench.harness import report, setup_django

CASES = [
    "xlsx_normal",
    "xlsx_forged",
    "xlsx_forged_openpyxl_200",
    "geojson_normal",
    "geojson_big_refused",
    "geojson_at_limit",
]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def organisation_xlsx(forged: bool) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in (["Name", "Sektor"], ["Kita Sonnenblume", "Bildung"], ["TuS 1921", "Sport"]):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not forged:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', content
                )
                # An empty cell in the last row: openpyxl then yields every row up to it.
                content = content.replace(
                    b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"/></row></sheetData>'
                )
            target.writestr(info.filename, content)
    return out.getvalue()


def feature_collection(areas: int, points: int, decimals: int) -> bytes:
    features = []
    for n in range(areas):
        cx, cy = 6.5 + (n % 100) * 0.01, 50.5 + (n // 100) * 0.01
        ring = [
            [
                round(cx + 0.004 * math.cos(2 * math.pi * i / points), decimals),
                round(cy + 0.004 * math.sin(2 * math.pi * i / points), decimals),
            ]
            for i in range(points)
        ]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {"code": f"A{n}", "name": f"Gebiet {n}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, separators=(",", ":")
    ).encode()


def prepare(case: str) -> tuple[bytes, object]:
    """The file and a function that reads it the way the app does."""

    from verbund.areas import geojson_check
    from verbund.areas.geo import read_boundaries
    from verbund.network.list_import.reader import read_list
    from verbund.statistics.importing.reader import open_table

    if case.startswith("xlsx"):
        data = organisation_xlsx(forged=case != "xlsx_normal")
        if case == "xlsx_forged_openpyxl_200":

            def run():
                import openpyxl

                workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
                rows = []
                for row in workbook.active.iter_rows(values_only=True):
                    rows.append(["" if v is None else str(v) for v in row])
                    if len(rows) >= 200:
                        break
                return len(rows)

            return data, run

        def run():
            rows = read_list(data, "organisationen.xlsx").records
            table = open_table(io.BytesIO(data), "daten.xlsx")
            assert len(list(table.rows)) == 2 and len(rows) == 2
            return len(rows)

        return data, run
    limit_points = geojson_check.MAX_COORDINATES // 2
    if case == "geojson_normal":
        data = feature_collection(100, 400, 6)
    elif case == "geojson_big_refused":
        data = feature_collection(2000, 600, 4)  # 1.2 million points, about 20 MB
    else:
        data = feature_collection(2000, limit_points // 2000 - 2, 4)

    def run():
        result = read_boundaries(data)
        refused = any(p.level == "error" for p in result.problems)
        return {"features": len(result.features), "refused": refused}

    return data, run


def measure(case: str) -> dict:
    setup_django()
    data, run = prepare(case)
    base_rss = rss_mb()
    tracemalloc.start()
    start = time.perf_counter()
    outcome = run()
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "case": case,
        "file_kb": round(len(data) / 1024, 1),
        "seconds": round(seconds, 3),
        "peak_python_mb": round(peak / 1024 / 1024, 1),
        "rss_growth_mb": round(rss_mb() - base_rss, 1),
        "outcome": outcome,
    }


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        print(json.dumps(measure(sys.argv[2])))
        return
    setup_django()
    results = {}
    for case in CASES:
        out = subprocess.run(  # noqa: S603  (this script with a fixed case name)
            [sys.executable, "-m", "bench.upload_limits", "--case", case],
            capture_output=True,
            text=True,
            check=True,
        )
        results[case] = json.loads(out.stdout.strip().splitlines()[-1])
    for case, result in results.items():
        base = results["xlsx_normal" if case.startswith("xlsx") else "geojson_normal"]
        report(
            f"upload_limits.{case}",
            **result,
            peak_python_ratio=round(result["peak_python_mb"] / max(base["peak_python_mb"], 0.1), 1),
            rss_growth_ratio=round(result["rss_growth_mb"] / max(base["rss_growth_mb"], 0.1), 1),
            seconds_ratio=round(result["seconds"] / max(base["seconds"], 0.001), 1),
        )
    # Targets: the forged XLSX costs no more than the normal one (within noise), and the big
    # GeoJSON is refused before it is parsed.
    forged, normal = results["xlsx_forged"], results["xlsx_normal"]
    if forged["peak_python_mb"] > 2 * max(normal["peak_python_mb"], 0.5):
        sys.exit(
            "Ziel verfehlt: die manipulierte XLSX-Datei braucht mehr Speicher als eine normale."
        )
    big = results["geojson_big_refused"]
    if not big["outcome"]["refused"] or big["peak_python_mb"] > 5:
        sys.exit("Ziel verfehlt: die große GeoJSON-Datei wurde nicht vor dem Einlesen abgelehnt.")


if __name__ == "__main__":
    main()
