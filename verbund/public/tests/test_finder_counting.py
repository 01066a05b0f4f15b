"""Anonymous search counts and the planners' page "Wonach Familien suchen"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.public.finder.counting import combination, count_search
from verbund.public.finder.models import SearchCount

from .finder_fixtures import finder_offers

pytestmark = pytest.mark.django_db


def rows():
    with scopes_disabled():
        return list(SearchCount.objects.order_by("id").values())


def test_each_search_with_filters_counts_once_per_combination(client, tenant):
    finder_offers(tenant)
    url = reverse("public:finder", args=[tenant.municipality.slug])
    client.get(url)  # no filters: not counted
    client.get(url + "?q=Krabbel")  # words only: never counted
    assert rows() == []
    for _ in range(3):
        client.get(url + "?alter=1&kostenlos=on&plz=12345&q=geheim")
    client.get(url + "?alter=2&kostenlos=on&plz=12345&seite=2")  # a further page: not again
    client.get(url + "?thema=health&tag=di&zeit=morgens&stufenlos=on&sprache=tr&lat=52.5&lon=13.4")
    found = rows()
    assert len(found) == 2
    first, second = found
    assert first["count"] == 3
    assert (first["life_phase"], first["free_only"], first["near_kind"]) == (
        "1-3",
        True,
        "postcode",
    )
    assert second["near_kind"] == "point" and second["topic"] == "health"
    assert second["weekday"] == "di" and second["time_of_day"] == "morgens"
    assert second["language"] == "tr" and second["step_free"] is True
    stored = " ".join(str(value) for row in found for value in row.values())
    assert "12345" not in stored and "geheim" not in stored and "52.5" not in stored


def test_invalid_values_are_not_counted(client, tenant):
    finder_offers(tenant)
    url = reverse("public:finder", args=[tenant.municipality.slug])
    client.get(url + "?alter=<b>&thema=nix&plz=99999")
    assert rows() == []


def test_count_is_one_update_after_the_first(tenant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope

    selected = {"alter": "schwanger", "nahe": "area"}
    with scope(municipality=tenant.municipality.pk):
        count_search(municipality=tenant.municipality, selected=selected)
        with CaptureQueriesContext(connection) as captured:
            count_search(municipality=tenant.municipality, selected=selected)
    statements = [q["sql"].split()[0] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert statements == ["UPDATE"]
    assert rows()[0]["count"] == 2
    assert combination(selected)["life_phase"] == "pregnancy"


def test_planner_sees_what_families_search_for(client, tenant):
    finder_offers(tenant)
    url = reverse("public:finder", args=[tenant.municipality.slug])
    client.get(url + "?alter=1&kostenlos=on&plz=12345")
    client.get(url + "?alter=1&kostenlos=on&plz=12345")
    client.get(url + "?thema=health")
    client.force_login(tenant.users[Role.PLANNER])
    stats = reverse("public:search_stats", args=[tenant.municipality.slug])
    response = client.get(stats)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Wonach Familien suchen" in body
    assert "1–3 Jahre" in body and "Postleitzahl" in body and "Gesundheit und Bewegung" in body
    assert reverse("offers:gaps", args=[tenant.municipality.slug]) in body
    export = client.get(
        reverse("public:search_stats_export", args=[tenant.municipality.slug]) + "?von=2000-01-01"
    )
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "1–3 Jahre" in text and ",2" in text.replace(";", ",")
    for bad in ("?von=x&bis=y", "?von=2030-01-01&bis=2020-01-01", "?von=0001-01-01"):
        assert client.get(stats + bad).status_code == 200


def test_staff_may_not_see_the_counts(client, tenant):
    client.force_login(tenant.users[Role.STAFF])
    stats = reverse("public:search_stats", args=[tenant.municipality.slug])
    assert client.get(stats).status_code == 403


def test_finder_shows_in_the_menu_near_gaps(client, tenant):
    client.force_login(tenant.users[Role.PLANNER])
    body = client.get(reverse("tenancy:home", args=[tenant.municipality.slug])).content.decode()
    assert "Wonach Familien suchen" in body


@pytest.mark.parametrize(("role", "shown"), [(Role.PLANNER, True), (Role.STAFF, False)])
def test_gap_matrix_links_to_what_families_search_for(client, tenant, role, shown):
    """Staff see the gap matrix but not the search counts: no link for them."""
    client.force_login(tenant.users[role])
    body = client.get(reverse("offers:gaps", args=[tenant.municipality.slug])).content.decode()
    stats = reverse("public:search_stats", args=[tenant.municipality.slug])
    link = f'<a class="kern-link" href="{stats}">'
    assert ("gap-see-also" in body and link in body) is shown


def test_counts_are_added_up_in_memory_and_written_together(
    client, tenant, settings, django_assert_num_queries
):
    """Most finder pages come from the page cache: a write per search would cost more than
    the page. Searches are written at most every FINDER_COUNT_FLUSH_SECONDS, in one go."""
    from verbund.public.finder import counting

    settings.FINDER_COUNT_FLUSH_SECONDS = 3600
    finder_offers(tenant)
    url = reverse("public:finder", args=[tenant.municipality.slug])
    counting.write_counts()  # nothing held from before
    for _ in range(3):
        client.get(url + "?alter=1&kostenlos=on")
    client.get(url + "?thema=health")
    assert rows() == []  # held in memory: no write with the searches
    selected = {"alter": "1", "kostenlos": "on"}
    with django_assert_num_queries(0):
        count_search(municipality=tenant.municipality, selected=selected)
    assert counting.write_counts() == 2  # two combinations, in one transaction
    counts = sorted(row["count"] for row in rows())
    assert counts == [1, 4]
    assert counting.write_counts() == 0


def test_counts_the_database_cannot_take_are_kept_for_later(tenant, settings):
    from unittest import mock

    from django.db import OperationalError

    from verbund.public.finder import counting

    settings.FINDER_COUNT_FLUSH_SECONDS = 3600
    counting.write_counts()
    count_search(municipality=tenant.municipality, selected={"thema": "health"})
    with mock.patch.object(counting, "_add", side_effect=OperationalError("locked")):
        assert counting.write_counts() == 0
    assert rows() == []
    assert counting.write_counts() == 1
    assert rows()[0]["count"] == 1


def test_counts_are_written_when_due(tenant, settings):
    from verbund.public.finder import counting

    settings.FINDER_COUNT_FLUSH_SECONDS = 3600
    counting.write_counts()
    count_search(municipality=tenant.municipality, selected={"thema": "health"})
    assert rows() == []
    settings.FINDER_COUNT_FLUSH_SECONDS = 0
    count_search(municipality=tenant.municipality, selected={"thema": "health"})
    assert rows()[0]["count"] == 2


@pytest.mark.django_db(transaction=True)
def test_a_count_that_can_never_be_written_holds_back_no_other(tenant, settings):
    """A municipality deleted while its searches wait in memory: those are dropped, the
    others written (a real commit: that is where the missing municipality shows)."""
    from verbund.public.finder import counting

    settings.FINDER_COUNT_FLUSH_SECONDS = 3600
    counting.write_counts()
    gone = type(tenant.municipality)(pk=987654, name="Gelöscht", slug="geloescht")
    count_search(municipality=gone, selected={"thema": "health"})
    count_search(municipality=tenant.municipality, selected={"thema": "health"})
    assert counting.write_counts() == 1
    assert [row["municipality_id"] for row in rows()] == [tenant.municipality.pk]
    assert counting.write_counts() == 0  # nothing kept for later
