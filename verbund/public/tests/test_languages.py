"""Public pages speak the visitor's language; internal pages stay German."""

from __future__ import annotations

import pytest
from django.urls import reverse

from verbund.core.roles import Role

pytestmark = pytest.mark.django_db


def form_url(tenant, query=""):
    return reverse("public:signal_create", args=[tenant.municipality.slug]) + query


def test_public_page_follows_accept_language(client, tenant):
    response = client.get(form_url(tenant), HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    body = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in body
    assert "public-rtl.css" in body
    assert response.cookies == {}
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_lang_parameter_wins_and_sets_no_cookie_unless_chosen(client, tenant):
    response = client.get(form_url(tenant, "?lang=tr"), HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="tr" dir="ltr"' in response.content.decode()
    assert response.cookies == {}


def test_choosing_a_language_sets_the_only_cookie_and_it_is_remembered(client, tenant):
    response = client.get(form_url(tenant, "?lang=uk&wahl=1"))
    assert list(response.cookies) == ["django_language"]
    assert response.cookies["django_language"].value == "uk"
    assert response.cookies["django_language"]["samesite"] == "Lax"
    again = client.get(form_url(tenant), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="uk"' in again.content.decode()


@pytest.mark.parametrize("value", ["xx", "", "de-DE'--", "a" * 300])
def test_invalid_language_falls_back(client, tenant, value):
    response = client.get(form_url(tenant), {"lang": value, "wahl": "1"})
    assert response.status_code == 200
    assert '<html lang="de"' in response.content.decode()
    assert response.cookies == {}


def test_language_links_keep_the_query_and_mark_the_current_one(client, tenant):
    body = client.get(form_url(tenant, "?lang=en&zentrum=abc")).content.decode()
    assert 'hreflang="ar"' in body
    assert "zentrum=abc" in body
    assert 'lang="en" dir="ltr" hreflang="en" aria-current="true"' in body


def test_internal_pages_stay_german_whatever_the_browser_or_cookie_says(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    client.cookies["django_language"] = "en"
    url = reverse("analysis:signal_list", args=[tenant.municipality.slug])
    response = client.get(url + "?lang=ar", HTTP_ACCEPT_LANGUAGE="ar")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="de"' in body
    assert "Hinweise von Familien" in body


def test_translated_strings_show_in_english(client, tenant):
    body = client.get(form_url(tenant, "?lang=en")).content.decode()
    assert "What are you missing?" in body


@pytest.mark.parametrize(
    ("language", "expected", "german"),
    [
        ("tr", ["ücretsiz", "kayıt gerekmez", "açık buluşma", "Türkçe", "erişimi kolay"],
         ["kostenlos", "ohne Anmeldung", "offener Treff", "Türkisch", "niedrigschwellig"]),
        ("ar", ["مجاني", "بدون تسجيل", "لقاء مفتوح", "التركية", "سهل الوصول"],
         ["kostenlos", "ohne Anmeldung", "offener Treff", "Türkisch", "niedrigschwellig"]),
    ],
)  # fmt: skip
def test_offer_labels_from_the_offers_app_are_translated(
    client, tenant, language, expected, german
):
    """Format, cost, admission, languages and the low-threshold level come from the offers
    app's choices; the public catalogues translate them."""
    from verbund.offers.choices import Admission, Cost, OfferFormat

    from .finder_fixtures import finder_offers

    free, _costly, _internal = finder_offers(tenant)
    assert (free.cost, free.admission, free.format) == (
        Cost.FREE, Admission.OPEN, OfferFormat.OPEN_MEETING,
    )  # fmt: skip
    url = reverse("public:offer", args=[tenant.municipality.slug, free.pk])
    body = client.get(url + f"?lang={language}").content.decode()
    facts = body[body.index("finder-facts-list") :]
    for text in expected:
        assert text in facts, text
    for text in german:
        assert text not in facts, text
    assert "kostenlos" in client.get(url).content.decode()  # German stays German


def test_facility_kind_on_the_homepage_is_translated(client, tenant):
    from verbund.tenancy.tests.factories import FacilityFactory

    from .homepage_helpers import make_page

    FacilityFactory(municipality=tenant.municipality, centre=tenant.centre, name="Kita Mond")
    make_page(tenant.centre)
    url = reverse("public:homepage", args=[tenant.municipality.slug, tenant.centre.slug])
    turkish = client.get(url + "?lang=tr").content.decode()
    assert "Kita Mond</strong> (Kreş / gündüz bakımevi)" in turkish
    assert "(Kindertageseinrichtung)" in client.get(url).content.decode()


def _rule_line(body):
    part = body[body.index("finder-dates") if "finder-dates" in body else 0 :]
    return part.split('<p class="kern-body" dir="auto">', 1)[1].split("</p>")[0]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "jeden Dienstag, 9:00–11:00 Uhr, vom 5.1. bis 30.6.2027"),
        ("en", "every Tuesday, 9:00–11:00, from 5 January to 30 June 2027"),
        ("tr", "her Salı, saat 9:00–11:00, 5 Ocak ile 30 Haziran 2027 arası"),
        ("ar", "كل يوم الثلاثاء، من الساعة 9:00 إلى 11:00، من 5 يناير إلى 30 يونيو 2027"),
        ("ru", "еженедельно: Вторник, 9:00–11:00, с 5 января по 30 июня 2027"),
    ],
)
def test_a_rule_is_described_in_the_page_language(client, tenant, language, expected):
    """The weekly rule "jeden Dienstag, …" is built from translated phrases, not German words
    with a translated weekday (which reads wrongly, right to left above all); dates carry the
    month as a word, since 5.1. reads as 1 May in English."""
    from .finder_fixtures import finder_offers

    free, _costly, _internal = finder_offers(tenant)
    url = reverse("public:offer", args=[tenant.municipality.slug, free.pk])
    line = _rule_line(client.get(url + f"?lang={language}").content.decode())
    assert line == expected
    if language != "de":
        assert "jeden" not in line and "Uhr" not in line and "vom" not in line
