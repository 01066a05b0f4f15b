"""Foundation figures: seed_scale speed, and facility pages whose query count does not grow
with the number of facilities (100 vs 10,000 in one municipality, measured in the same run)."""

import sys
import time

from bench.harness import count_queries, report, scaled, setup_django, temp_database, timed

SEED_TARGET_S = 60.0
CENTRES = scaled(3000, 600)


def main() -> int:
    setup_django()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from verbund.accounts.models import User
    from verbund.tenancy.models import Municipality

    ok = True
    with temp_database():
        started = time.perf_counter()
        call_command("seed_scale", centres=CENTRES, municipalities=10, prefix="gross", stdout=None)
        seed_s = time.perf_counter() - started
        ok &= seed_s < SEED_TARGET_S
        report(
            "tenancy.seed_scale", centres=CENTRES, seconds=round(seed_s, 2), target_s=SEED_TARGET_S
        )

        call_command("seed_scale", centres=20, facilities_per_centre=5, prefix="klein")
        call_command("seed_scale", centres=100, facilities_per_centre=100, prefix="riesig")
        client = Client()
        figures = {}
        for label in ("klein", "riesig"):
            with scopes_disabled():
                municipality = Municipality.objects.get(slug=f"{label}-1")
                user = User.objects.filter(memberships__municipality=municipality).first()
            client.force_login(user)
            url = reverse("tenancy:facility_list", args=[municipality.slug])
            pages = {
                "list": url,
                "list_search": url + "?q=Kita&kind=kita",
                "home": reverse("tenancy:home", args=[municipality.slug]),
            }
            for page, page_url in pages.items():

                def fetch(page_url=page_url):
                    response = client.get(page_url)
                    assert response.status_code == 200, response.status_code

                figures[(label, page)] = {
                    "queries": count_queries(fetch),
                    **timed(fetch, repeat=7),
                }
        for page in ("list", "list_search", "home"):
            small, large = figures[("klein", page)], figures[("riesig", page)]
            # Not more queries with more data (past 50 centres the centre filter is a search
            # field whose options are not loaded: one query fewer).
            same_queries = large["queries"] <= small["queries"]
            ok &= same_queries
            report(
                f"tenancy.page.{page}",
                facilities_small=100,
                facilities_large=10000,
                queries_small=small["queries"],
                queries_large=large["queries"],
                median_ms_small=round(small["median_s"] * 1000, 1),
                median_ms_large=round(large["median_s"] * 1000, 1),
                time_ratio=round(large["median_s"] / small["median_s"], 2),
                queries_independent=same_queries,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
