"""The public page cache (issue 12, "Caching and freshness"): an anonymous visitor's offer
page, centre homepage and centre iCal feed come from memory with no database query while
nothing changed, and show a change at once in the saving process and within
FRESHNESS_SECONDS elsewhere; signed-in visitors and the language choice go the whole way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.offers.models import Offer

from .finder_fixtures import finder_offers
from .homepage_helpers import make_page, weekly_offer

pytestmark = pytest.mark.django_db


def offer_url(tenant, offer):
    return reverse("public:offer", args=[tenant.municipality.slug, offer.pk])


def homepage_url(tenant):
    return reverse("public:homepage", args=[tenant.municipality.slug, tenant.centre.slug])


def feed_url(tenant):
    return reverse("offers:feed_public_centre", args=[tenant.municipality.slug, tenant.centre.pk])


def test_offer_page_is_replayed_without_queries_with_its_headers(
    client, tenant, django_assert_num_queries
):
    free, _costly, _internal = finder_offers(tenant)
    url = offer_url(tenant, free)
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Security-Policy",
                   "Content-Language", "X-Frame-Options", "Vary", "Content-Type"):  # fmt: skip
        assert again[header] == first[header], header
    assert again.cookies == {}
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_offer_change_shows_at_once_here_and_within_seconds_elsewhere(client, tenant):
    free, _costly, _internal = finder_offers(tenant)
    url = offer_url(tenant, free)
    first = client.get(url)
    with scopes_disabled():
        free.title = "Krabbelgruppe am See"
        free.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Krabbelgruppe am See" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]
    with scopes_disabled():  # another worker's change: no signal reaches this process
        Offer.objects.filter(pk=free.pk).update(
            title="Krabbelgruppe im Wald", updated_at=timezone.now() + timedelta(seconds=1)
        )
    assert "Krabbelgruppe am See" in client.get(url).content.decode()  # remembered 5 s
    cache.clear()  # FRESHNESS_SECONDS later (well within the minute)
    assert "Krabbelgruppe im Wald" in client.get(url).content.decode()
    with scopes_disabled():  # leaves the public view: 404, never the old page
        Offer.objects.filter(pk=free.pk).update(
            visibility="internal", updated_at=timezone.now() + timedelta(seconds=2)
        )
    cache.clear()
    assert client.get(url).status_code == 404


def test_language_is_part_of_the_address(client, tenant):
    free, _costly, _internal = finder_offers(tenant)
    url = offer_url(tenant, free)
    german = client.get(url)
    turkish = client.get(url, HTTP_ACCEPT_LANGUAGE="tr")
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="tr")
    assert turkish["Content-Language"] == again["Content-Language"] == "tr"
    assert german["Content-Language"] == "de"
    assert turkish["ETag"] != german["ETag"]
    assert client.get(url + "?lang=ar")["Content-Language"] == "ar"
    chosen = client.get(url + "?lang=uk&wahl=1")  # the language choice sets its cookie
    assert chosen.cookies["django_language"].value == "uk"
    remembered = client.get(url)  # the cookie now chooses the language, cached apart
    assert remembered["Content-Language"] == "uk"


def test_signed_in_visitor_is_not_served_from_the_replay(client, tenant):
    free, _costly, _internal = finder_offers(tenant)
    url = offer_url(tenant, free)
    client.get(url)
    client.get(url)
    client.force_login(tenant.users[Role.COORDINATOR])
    signed_in = client.get(url)
    assert signed_in.status_code == 200
    assert "no-store" in signed_in["Cache-Control"]  # the whole way: per-user headers


def test_homepage_is_replayed_and_shows_a_change(client, tenant, django_assert_num_queries):
    make_page(tenant.centre)
    weekly_offer(tenant.centre, title="Babytreff am Morgen")
    url = homepage_url(tenant)
    first = client.get(url)
    assert first.status_code == 200 and "Babytreff am Morgen" in first.content.decode()
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with scopes_disabled():
        offer = Offer.objects.get(title="Babytreff am Morgen")
        offer.title = "Babytreff am Mittag"
        offer.save()
    assert "Babytreff am Mittag" in client.get(url).content.decode()


def test_centre_feed_has_validators_and_is_replayed(client, tenant, django_assert_num_queries):
    free, _costly, _internal = finder_offers(tenant)
    url = feed_url(tenant)
    first = client.get(url)
    assert first.status_code == 200 and free.title in first.content.decode()
    assert first["ETag"] and first["Last-Modified"]
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with scopes_disabled():
        free.title = "Krabbelgruppe am See"
        free.save()
    assert "Krabbelgruppe am See" in client.get(url).content.decode()


def test_finder_is_not_replayed_because_each_search_counts(client, tenant):
    from verbund.public.finder.models import SearchCount

    finder_offers(tenant)
    url = reverse("public:finder", args=[tenant.municipality.slug]) + "?alter=1"
    for _ in range(3):
        assert client.get(url).status_code == 200
    with scopes_disabled():
        assert SearchCount.objects.get().count == 3


def test_a_replay_store_that_fails_only_makes_the_page_slower(client, tenant, monkeypatch):
    from django.core.cache import cache as real

    from verbund.public import caching

    free, _costly, _internal = finder_offers(tenant)
    url = offer_url(tenant, free)
    client.get(url)

    class ReplaysAway:
        def __getattr__(self, name):
            method = getattr(real, name)

            def call(key, *args, **kwargs):
                if str(key).startswith(caching.REPLAY_KEY):
                    raise ConnectionError("the replay store is away")
                return method(key, *args, **kwargs)

            return call

    monkeypatch.setattr(caching, "cache", ReplaysAway())
    response = client.get(url)
    assert response.status_code == 200 and free.title in response.content.decode()


def test_health_and_internal_paths_never_ask_the_page_cache(rf):
    from verbund.public.caching import PublicPageCacheMiddleware

    for path in ("/bereit/", "/gesund/", "/k/x/", "/static/css/public.css", "/anmelden/"):
        assert PublicPageCacheMiddleware.key(rf.get(path)) is None, path
    assert PublicPageCacheMiddleware.key(rf.get("/kalender/x/zentren/1.ics")) is not None
    assert PublicPageCacheMiddleware.key(rf.get("/x/angebote/1/")) is not None
