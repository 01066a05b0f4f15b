"""The need-index overview and an indicator map at 2,000 areas (issue 17, item 5): the index
and the map's simplified geometry are computed once per change and then read from the cache.

A planner opens the overview (whole level, 2,000 Planungsräume with 60-vertex boundaries)
cold (cache cleared) and warm, and an indicator map warm; the trivial ``gesund/`` view is
measured in the same run as the baseline. Reported: medians, ratios to the baseline, HTML
size and query counts (warm and cold, which must not depend on the number of areas: a run
with 100 areas is measured beside it).

Run: ``.venv/bin/python -m bench.need_index_page``
"""

import sys

from bench.analysis_pages import build
from bench.harness import count_queries, report, scaled, setup_django, temp_database, timed

AREAS = scaled(2000, 400)
WARM_TARGET_RATIO = 10.0  # warm overview ≤ 10 × the trivial view (issue 17's page target)
WARM_TARGET_S = 0.150


def main() -> int:
    setup_django()
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    ok = True
    with temp_database():
        client = Client()
        trivial = timed(lambda: client.get("/gesund/"), repeat=20)
        figures = {}
        for label, count in (("klein", 100), ("gross", AREAS)):
            town, user, _area, _district = build(label, count, vertices=60, seed=count)
            client.force_login(user)
            urls = {
                "overview": reverse("analysis:overview", args=[town.slug]),
                "indicator_map": reverse(
                    "analysis:indicator_map", args=[town.slug, "child_poverty_share"]
                ),
            }
            for page, url in urls.items():
                seen = {}

                def fetch(url=url, seen=seen):
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)
                    seen["bytes"] = len(response.content)

                def fetch_cold(fetch=fetch):
                    cache.clear()
                    fetch()

                figures[(label, page)] = {
                    "cold": timed(fetch_cold, repeat=3),
                    "cold_queries": count_queries(fetch_cold),
                    "warm": timed(fetch, repeat=9),
                    "warm_queries": count_queries(fetch),
                    "bytes": seen["bytes"],
                }
        for page in ("overview", "indicator_map"):
            small, large = figures[("klein", page)], figures[("gross", page)]
            warm = large["warm"]["median_s"]
            ratio = warm / trivial["median_s"]
            same = (
                small["warm_queries"] == large["warm_queries"]
                and small["cold_queries"] == large["cold_queries"]
            )
            within = warm <= WARM_TARGET_S and same
            ok &= within
            report(
                f"analysis.need_index_page.{page}",
                areas=AREAS,
                trivial_median_ms=round(trivial["median_s"] * 1000, 2),
                cold_ms=round(large["cold"]["median_s"] * 1000, 1),
                warm_ms=round(warm * 1000, 1),
                warm_ratio_to_trivial=round(ratio, 1),
                cold_queries=large["cold_queries"],
                warm_queries=large["warm_queries"],
                queries_independent=same,
                html_kb=round(large["bytes"] / 1024, 1),
                warm_target_ms=WARM_TARGET_S * 1000,
                within_target=within,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
