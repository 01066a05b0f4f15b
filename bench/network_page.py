"""The network page and its graph JSON at 5,000 organisations and 50,000 edges (issue 17,
item 5): the page ≤ 300 ms serial with a warm cache, the JSON the map loads ≤ 1 MB by default.

A planner of a municipality with 100 centres opens the page as it comes (by default one
centre's neighbourhood, ``?zentrum=alle`` for the whole network), then the JSON the map
fetches, with and without ``Accept-Encoding: gzip``. The trivial ``gesund/`` view is measured
in the same run as the baseline; figures are reported as ratios to it.

Run: ``.venv/bin/python -m bench.network_page``
"""

import sys

from bench.harness import count_queries, report, setup_django, temp_database, timed
from bench.network_metrics import (
    BODIES,
    CENTRES,
    ORGS,
    RELATIONSHIPS_PER_CENTRE,
    SEATS,
    build,
)

PAGE_TARGET_S = 0.300
JSON_TARGET_BYTES = 1_000_000


def main() -> int:
    setup_django()
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from verbund.accounts.models import Membership, User
    from verbund.core.roles import Role

    ok = True
    with temp_database():
        large = build("gross", ORGS, CENTRES, RELATIONSHIPS_PER_CENTRE, BODIES, SEATS)
        user = User.objects.create_user(username="planung-gross")
        Membership.unscoped.create(user=user, role=Role.PLANNER, municipality=large)
        client = Client()
        client.force_login(user)
        page_url = reverse("network:network", args=[large.slug])
        json_url = reverse("network:network_json", args=[large.slug])
        trivial = timed(lambda: client.get("/gesund/"), repeat=20)

        figures = {}
        for label, query in (("default", ""), ("all", "?zentrum=alle")):
            sizes = {}

            def page(url=page_url + query, sizes=sizes):
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                sizes["page"] = len(response.content)

            def page_cold(page=page):
                cache.clear()
                page()

            def graph_json(url=json_url + query, sizes=sizes, gzip=False):
                headers = {"HTTP_ACCEPT_ENCODING": "gzip"} if gzip else {}
                response = client.get(url, **headers)
                assert response.status_code == 200, response.status_code
                sizes["json_gzip" if gzip else "json"] = len(response.content)

            cold = timed(page_cold, repeat=1, warmup=0)
            warm = timed(page, repeat=7)
            warm_queries = count_queries(page)
            json_warm = timed(graph_json, repeat=5)
            graph_json(gzip=True)
            figures[label] = {
                "page_cold_s": cold["median_s"],
                "page_warm_s": warm["median_s"],
                "page_warm_queries": warm_queries,
                "json_warm_s": json_warm["median_s"],
                **sizes,
            }
        default = figures["default"]
        within = default["page_warm_s"] <= PAGE_TARGET_S
        within &= min(default["json"], default.get("json_gzip", default["json"])) <= (
            JSON_TARGET_BYTES
        )
        within &= default["json"] <= JSON_TARGET_BYTES
        ok &= within
        for label, f in figures.items():
            report(
                f"network.page_json.{label}",
                organisations=ORGS,
                centres=CENTRES,
                trivial_median_ms=round(trivial["median_s"] * 1000, 2),
                page_cold_ms=round(f["page_cold_s"] * 1000, 1),
                page_warm_ms=round(f["page_warm_s"] * 1000, 1),
                page_warm_ratio_to_trivial=round(f["page_warm_s"] / trivial["median_s"], 1),
                page_warm_queries=f["page_warm_queries"],
                page_kb=round(f["page"] / 1024, 1),
                json_warm_ms=round(f["json_warm_s"] * 1000, 1),
                json_kb=round(f["json"] / 1024, 1),
                json_gzip_kb=round(f["json_gzip"] / 1024, 1),
                page_target_ms=PAGE_TARGET_S * 1000,
                json_target_kb=JSON_TARGET_BYTES / 1024,
                **({"within_target": within} if label == "default" else {}),
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
