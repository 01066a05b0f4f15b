"""The public offer finder: filters, list, paging, bad input, caching, no cookies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from .finder_fixtures import finder_offers

pytestmark = pytest.mark.django_db


def finder_url(tenant, **params):
    from urllib.parse import urlencode

    url = reverse("public:finder", args=[tenant.municipality.slug])
    return f"{url}?{urlencode(params)}" if params else url


def titles(response) -> str:
    return response.content.decode()


def test_family_finds_free_offer_for_one_year_old_near_postcode(client, tenant):
    free, costly, internal = finder_offers(tenant)
    response = client.get(finder_url(tenant, alter="1", kostenlos="on", plz="12345", km="2"))
    assert response.status_code == 200
    body = titles(response)
    assert free.title in body
    assert costly.title not in body  # not free
    assert internal.title not in body  # internal offers are never public
    assert "km entfernt" in body
    assert response.cookies == {}
    assert response["Cache-Control"] == "public, max-age=60"
    assert response.has_header("ETag") and response.has_header("Last-Modified")


def test_without_filters_every_public_offer_shows(client, tenant):
    free, costly, internal = finder_offers(tenant)
    body = titles(client.get(finder_url(tenant)))
    assert free.title in body and costly.title in body and internal.title not in body


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"alter": "schwanger"}, False),  # no pregnancy offers
        ({"alter": "2"}, True),
        ({"alter": "12"}, False),
        ({"thema": "health"}, True),
        ({"thema": "poverty"}, False),
        ({"sprache": "tr"}, True),
        ({"sprache": "ar"}, False),
        ({"tag": "di"}, True),  # the schedule is on Tuesdays, 9:00
        ({"tag": "mo"}, False),
        ({"zeit": "morgens"}, True),
        ({"zeit": "abends"}, False),
        ({"stufenlos": "on"}, True),
        ({"q": "Krabbel"}, True),
    ],
)
def test_each_filter(client, tenant, params, found):
    free, _costly, _internal = finder_offers(tenant)
    assert (free.title in titles(client.get(finder_url(tenant, **params)))) is found


def test_offers_for_all_ages_count_for_every_age(client, tenant):
    from verbund.taxonomy.tests.factories import term

    free, _costly, _internal = finder_offers(tenant)
    with scopes_disabled():
        free.terms.set([term(tenant.municipality, "life_phase", "all")])
    assert free.title in titles(client.get(finder_url(tenant, alter="15")))


def test_unknown_postcode_is_named_at_the_field(client, tenant):
    finder_offers(tenant)
    body = titles(client.get(finder_url(tenant, plz="99999")))
    assert "Zu dieser Postleitzahl kennen wir keine Angebote" in body
    body = titles(client.get(finder_url(tenant, plz="12a")))
    assert "Postleitzahl mit fünf Ziffern" in body


def test_area_by_name(client, tenant):
    from verbund.areas.tests.factories import AreaFactory

    free, costly, _internal = finder_offers(tenant)
    north = AreaFactory(municipality=tenant.municipality, name="Nordstadt")
    AreaFactory(municipality=tenant.municipality, name="Nordheide")
    with scopes_disabled():
        free.areas_served.add(north)
    body = titles(client.get(finder_url(tenant, gebiet="nordstadt")))
    assert free.title in body and costly.title not in body
    assert "Mehrere Stadtteile passen" in titles(client.get(finder_url(tenant, gebiet="Nord")))
    assert "kennen wir nicht" in titles(client.get(finder_url(tenant, gebiet="Atlantis")))


def test_point_on_the_map_sorts_by_distance(client, tenant):
    free, costly, _internal = finder_offers(tenant)
    body = titles(client.get(finder_url(tenant, lat="52.5021", lon="13.4021", km="1")))
    assert body.index(costly.title) < body.index(free.title)


def test_paging_twenty_per_page_and_absurd_pages(client, tenant):
    finder_offers(tenant, extra=25)
    first = titles(client.get(finder_url(tenant)))
    assert first.count('class="finder-item"') == 20
    for page in ("3", "999999999999999999999", "-1", "abc", "²"):
        response = client.get(finder_url(tenant, seite=page))
        assert response.status_code == 200
    last = titles(client.get(finder_url(tenant, seite="999999")))
    assert "Seite 2 von 2" in last


@pytest.mark.parametrize(
    "params",
    [
        {"alter": "999"},
        {"alter": "-1"},
        {"thema": "<script>alert(1)</script>"},
        {"sprache": "xx"},
        {"km": "1e308"},
        {"lat": "nan", "lon": "inf"},
        {"lat": "91", "lon": "13"},
        {"tag": "'; DROP TABLE offers_offer; --"},
        {"q": "' OR 1=1 --"},
        {"q": "<img src=x onerror=alert(1)>"},
        {"gebiet": "%' OR '1'='1"},
        {"plz": "１２３４５"},
    ],
)
def test_forged_values_never_break(client, tenant, params):
    finder_offers(tenant)
    response = client.get(finder_url(tenant, **params))
    assert response.status_code == 200
    assert b"<img src=x" not in response.content
    assert b"<script>alert" not in response.content


def test_ten_kilobyte_query_string_is_a_friendly_400(client, tenant):
    response = client.get(finder_url(tenant, q="x" * 10_000))
    assert response.status_code == 400
    assert "Diese Suche ist zu lang" in response.content.decode()
    assert response.cookies == {}
    offer_url = reverse("public:offer", args=[tenant.municipality.slug, 1])
    assert client.get(offer_url + "?a=" + "y" * 10_000).status_code == 400


def test_unknown_municipality_is_404(client):
    assert client.get("/keine-kommune/angebote/").status_code == 404
    assert client.get("/bereit/angebote/").status_code == 404  # reserved slug


def test_not_modified_when_nothing_changed_and_fresh_after_a_change(client, tenant):
    from verbund.offers.models import Offer

    free, _costly, _internal = finder_offers(tenant)
    url = finder_url(tenant, alter="1")
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    with scopes_disabled():  # a save: this process forgets the validators at once
        free.title = "Krabbelgruppe (neu)"
        free.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Krabbelgruppe (neu)" in changed.content.decode()
    # A change this process did not see (another worker, a bulk update): within 5 s the
    # remembered validators still answer, FRESHNESS_SECONDS later the change shows.
    with scopes_disabled():
        Offer.objects.filter(pk=free.pk).update(
            title="Krabbelgruppe (umgezogen)", updated_at=timezone.now() + timedelta(seconds=1)
        )
    assert client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304
    cache.clear()  # FRESHNESS_SECONDS later
    moved = client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"])
    assert moved.status_code == 200
    assert "Krabbelgruppe (umgezogen)" in moved.content.decode()


@pytest.mark.parametrize("extra", [0, 40])
def test_fixed_number_of_queries(client, tenant, extra, django_assert_max_num_queries):
    finder_offers(tenant, extra=extra)
    url = finder_url(tenant, alter="1", thema="health", kostenlos="on", plz="12345", tag="di")
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(finder_url(tenant, gebiet="x", seite="2")).status_code == 200


def test_embed_allows_only_configured_origins(client, tenant, monkeypatch):
    finder_offers(tenant)
    url = reverse("public:finder_embed", args=[tenant.municipality.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"  # no origin configured: like every page
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    from verbund.public.finder import caching

    monkeypatch.setattr(caching, "embed_origins", lambda m: ["https://www.example.org"])
    from verbund.public.finder import views

    monkeypatch.setattr(views, "embed_origins", lambda m: ["https://www.example.org"])
    response = client.get(url + "?alter=2")
    assert "frame-ancestors https://www.example.org" in response["Content-Security-Policy"]
    assert 'class="public-header"' not in response.content.decode()
    body = response.content.decode()
    offer_link = body[body.index('href="/', body.index("finder-item__title")) + 6 :].split('"')[0]
    assert "eingebettet=1" in offer_link
    offer = client.get(offer_link.replace("&amp;", "&"))
    assert offer.status_code == 200 and "X-Frame-Options" not in offer
    assert "frame-ancestors https://www.example.org" in offer["Content-Security-Policy"]
    assert 'class="public-header"' not in offer.content.decode()
    assert "einbetten" in offer.content.decode()  # back to the embedded search
    normal = client.get(finder_url(tenant))
    assert normal["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in normal["Content-Security-Policy"]


def test_the_fuzz_test_finds_the_finder_parameters():
    from verbund.core.tests.test_fuzz_params import get_params
    from verbund.public.finder.views import FinderView, OfferView

    assert {"alter", "thema", "plz", "gebiet", "lat", "lon", "seite"} <= set(get_params(FinderView))
    assert "druck" in get_params(OfferView)


def test_a_cached_page_still_counts_the_search(client, tenant):
    from verbund.public.finder.models import SearchCount

    finder_offers(tenant)
    url = finder_url(tenant, alter="1")
    first = client.get(url).content
    assert client.get(url).content == first
    with scopes_disabled():
        assert SearchCount.objects.get().count == 2
