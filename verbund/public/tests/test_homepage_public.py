"""Public pages of the homepage part: portal, centre homepage, legal pages, downloads —
404 for unknown and unpublished, no cookies, caching validators, fixed query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from verbund.areas.tests.factories import AreaFactory
from verbund.core.roles import Role
from verbund.public.homepage import services
from verbund.tenancy.tests.factories import FacilityFactory, FamilyCentreFactory

from .homepage_helpers import (
    make_page,
    tiny_pdf,
    weekly_offer,
)

pytestmark = pytest.mark.django_db


def homepage_url(tenant, centre=None):
    centre = centre or tenant.centre
    return reverse("public:homepage", args=[tenant.municipality.slug, centre.slug])


def portal_url(tenant, query=""):
    return reverse("public:portal", args=[tenant.municipality.slug]) + query


def test_homepage_shows_only_consented_contact_and_upcoming_offers(client, tenant):
    make_page(tenant.centre)
    weekly_offer(tenant.centre, title="Babytreff am Morgen")
    weekly_offer(tenant.centre, title="Geheimes Angebot", visibility="internal")
    response = client.get(homepage_url(tenant))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Anna Berg" in body and "anna.berg@example.org" in body
    assert "0221 123456" not in body  # phone not consented
    assert "Babytreff am Morgen" in body
    assert "Geheimes Angebot" not in body
    assert "Türkisch" in body and "Mo–Fr 9–16 Uhr" in body
    assert f"/{tenant.municipality.slug}/angebote/" in body
    assert reverse("public:imprint", args=[tenant.municipality.slug]) in body
    assert response.cookies == {}


def test_unpublished_and_unknown_centres_get_a_friendly_404(client, tenant):
    make_page(tenant.centre, published=False)
    for url in (homepage_url(tenant), f"/{tenant.municipality.slug}/gibt-es-nicht/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Diese Seite gibt es nicht" in response.content.decode()
        assert response.cookies == {}
    assert client.get("/unbekannte-kommune/").status_code == 404


def test_foreign_municipality_does_not_show_the_centre(client, tenant, foreign):
    make_page(tenant.centre)
    url = reverse("public:homepage", args=[foreign.municipality.slug, tenant.centre.slug])
    if foreign.centre.slug != tenant.centre.slug:
        assert client.get(url).status_code == 404


def test_caching_headers_and_304(client, tenant):
    make_page(tenant.centre)
    for url in (
        homepage_url(tenant),
        portal_url(tenant),
        reverse("public:imprint", args=[tenant.municipality.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
        assert response["ETag"] and response["Last-Modified"]
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
        assert client.get(url, HTTP_IF_NONE_MATCH='"anders"').status_code == 200


def test_changed_page_gets_a_new_etag(client, tenant):
    make_page(tenant.centre)
    first = client.get(homepage_url(tenant))["ETag"]
    make_page(tenant.centre, opening_hours="Mo 9–12 Uhr")
    response = client.get(homepage_url(tenant), HTTP_IF_NONE_MATCH=first)
    assert response.status_code == 200
    assert "Mo 9–12 Uhr" in response.content.decode()


def test_signed_in_user_gets_no_cookie_either(client, tenant):
    make_page(tenant.centre)
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.get(homepage_url(tenant))
    assert response.status_code == 200
    assert response.cookies == {}


def add_world(tenant, count):
    """``count`` more published centres with an area, a facility and an offer each."""
    for number in range(count):
        centre = FamilyCentreFactory(
            municipality=tenant.municipality, latitude="50.9", longitude="7.0"
        )
        area = AreaFactory(municipality=tenant.municipality)
        area.centres.add(centre)
        FacilityFactory(municipality=tenant.municipality, centre=tenant.centre, latitude="50.9",
                        longitude="7.01", name=f"Kita {number}")  # fmt: skip
        make_page(centre)
        weekly_offer(tenant.centre, title=f"Kurs {number}")


@pytest.mark.parametrize("size", [1, 12])
def test_query_counts_do_not_grow(client, tenant, size, django_assert_max_num_queries):
    make_page(tenant.centre)
    add_world(tenant, size)
    for url in (homepage_url(tenant), portal_url(tenant), portal_url(tenant, "?seite=2")):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_portal_lists_published_centres_with_areas_and_paginates(client, tenant):
    make_page(tenant.centre)
    hidden = FamilyCentreFactory(municipality=tenant.municipality, name="Verstecktes Zentrum")
    make_page(hidden, published=False)
    area = AreaFactory(municipality=tenant.municipality, name="Nordviertel")
    area.centres.add(tenant.centre)
    body = client.get(portal_url(tenant)).content.decode()
    assert tenant.centre.name in body and "Nordviertel" in body
    assert "Verstecktes Zentrum" not in body
    for query in ("?seite=999999", "?seite=-1", "?seite=abc", "?seite=" + "9" * 40):
        assert client.get(portal_url(tenant, query)).status_code == 200


def test_legal_pages_and_accessibility_feedback(client, tenant):
    with scope(municipality=tenant.municipality.pk):
        services.municipality_site_save(
            actor=None,
            municipality=tenant.municipality,
            data={
                "imprint": "Stadt <b>Beispiel</b>",
                "privacy": "Wir speichern nichts.",
                "accessibility": "Teilweise barrierefrei.",
                "feedback_email": "barrierefrei@example.org",
            },
        )
    slug = tenant.municipality.slug
    imprint = client.get(reverse("public:imprint", args=[slug])).content.decode()
    assert "Stadt &lt;b&gt;Beispiel&lt;/b&gt;" in imprint
    assert "Wir speichern nichts." in client.get(f"/{slug}/datenschutz/").content.decode()
    access = client.get(f"/{slug}/barrierefreiheit/").content.decode()
    assert "mailto:barrierefrei@example.org" in access


def test_download_served_only_for_published_page(client, tenant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = make_page(tenant.centre)
    with scope(municipality=tenant.municipality.pk):
        download = services.page_download_add(
            actor=None, page=page, title="Faltblatt", language="de",
            upload=SimpleUploadedFile("f.pdf", tiny_pdf()),
        )  # fmt: skip
    url = reverse(
        "public:homepage_download", args=[tenant.municipality.slug, tenant.centre.slug, download.pk]
    )
    assert "Faltblatt" in client.get(homepage_url(tenant)).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.cookies == {}
    make_page(tenant.centre, published=False)
    with scope(municipality=tenant.municipality.pk):
        services.centre_page_unpublish(actor=None, page=page)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/{m}/%3Cscript%3E/",
        "/{m}/" + "a" * 500 + "/",
        "/{m}/{c}/downloads/99999999999999999999/",
        "/{m}/{c}/downloads/0/",
        "/{m}/?seite=%00",
        "/{m}/{c}/?" + "x=1&" * 2000,
        "/{m}/impressum/?seite=' OR 1=1 --",
    ],
)
def test_bad_input_never_500(client, tenant, path):
    make_page(tenant.centre)
    url = path.format(m=tenant.municipality.slug, c=tenant.centre.slug)
    response = client.get(url)
    assert response.status_code in {200, 400, 404}
    assert response.cookies == {}


def test_post_on_public_pages_is_refused(client, tenant):
    make_page(tenant.centre)
    assert client.post(homepage_url(tenant)).status_code == 405
    assert client.post(portal_url(tenant)).status_code == 405


def test_the_start_page_leads_families_to_their_municipality(client, tenant):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/{tenant.municipality.slug}/"' in body and tenant.municipality.name in body
    assert client.get(f"/{tenant.municipality.slug}/").status_code == 200
