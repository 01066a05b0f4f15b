"""The public offer page: what it shows, what it never shows, print view, 404s, queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.offers.choices import OfferStatus, ReviewState
from verbund.offers.tests.factories import OfferFactory

from .finder_fixtures import finder_offers

pytestmark = pytest.mark.django_db


def offer_url(tenant, offer_id, slug=None):
    return reverse("public:offer", args=[slug or tenant.municipality.slug, offer_id])


def test_offer_page_shows_what_a_family_needs(client, tenant):
    free, _costly, _internal = finder_offers(tenant)
    with scopes_disabled():
        free.description = "Wir spielen, singen und trinken Tee.\n\nAlle sind willkommen."
        free.contact_name = "Team Krabbeln"
        free.save()
    response = client.get(offer_url(tenant, free.pk) + "?alter=1")
    body = response.content.decode()
    assert response.status_code == 200
    assert response.cookies == {}
    assert response["Cache-Control"] == "public, max-age=60"
    for text in (
        free.title,
        "Wir spielen, singen",
        "kostenlos",
        "ohne Anmeldung",
        "Türkisch",
        "stufenlos erreichbar",
        "Nächste Termine",
        "Team Krabbeln",
        "krabbeln@example.org",
        "Parkweg 2",
        tenant.centre.name,
        "030 123",
        "openstreetmap.org",
        "niedrigschwellig",
    ):
        assert text in body, text
    ics = reverse("offers:feed_public_offer", args=[tenant.municipality.slug, free.pk])
    assert ics in body
    assert f"/{tenant.municipality.slug}/{tenant.centre.slug}/" in body
    assert f"{reverse('public:finder', args=[tenant.municipality.slug])}?alter=1" in body
    assert client.get(ics).status_code == 200


def test_print_view(client, tenant):
    free, _costly, _internal = finder_offers(tenant)
    body = client.get(offer_url(tenant, free.pk) + "?druck=1").content.decode()
    assert "finder-printing" in body and "Normale Ansicht" in body


def test_offers_families_may_not_see_are_404(client, tenant, foreign):
    free, _costly, internal = finder_offers(tenant)
    submitted = OfferFactory(
        municipality=tenant.municipality, centre=tenant.centre, review_state=ReviewState.SUBMITTED
    )
    ended = OfferFactory(
        municipality=tenant.municipality, centre=tenant.centre, status=OfferStatus.ENDED
    )
    for offer_id in (internal.pk, submitted.pk, ended.pk, 999_999):
        assert client.get(offer_url(tenant, offer_id)).status_code == 404
    # another municipality's address with this offer
    assert client.get(offer_url(tenant, free.pk, slug=foreign.municipality.slug)).status_code == 404
    assert (
        client.get(f"/{tenant.municipality.slug}/angebote/99999999999999999999999/").status_code
        == 404
    )


@pytest.mark.parametrize("schedules", [1, 6])
def test_fixed_number_of_queries(client, tenant, schedules, django_assert_max_num_queries):
    from verbund.offers.tests.factories import OfferScheduleFactory

    free, _costly, _internal = finder_offers(tenant, extra=schedules * 5)
    for _ in range(schedules - 1):
        OfferScheduleFactory(offer=free)
    with django_assert_max_num_queries(12):
        assert client.get(offer_url(tenant, free.pk)).status_code == 200


def test_not_modified(client, tenant):
    free, _costly, _internal = finder_offers(tenant)
    first = client.get(offer_url(tenant, free.pk))
    assert (
        client.get(offer_url(tenant, free.pk), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    )


def test_a_translation_is_shown_in_its_language_else_german_with_a_notice(client, tenant):
    from verbund.offers.models import OfferTranslation
    from verbund.offers.models.translations import offer_source_hash

    free, costly, _internal = finder_offers(tenant)
    with scopes_disabled():
        OfferTranslation.objects.create(
            municipality=tenant.municipality,
            offer=free,
            language="ar",
            title="مجموعة الأطفال في الحديقة",
            summary="",
            description="",
            source_hash=offer_source_hash(free),
        )
    arabic = client.get(offer_url(tenant, free.pk) + "?lang=ar").content.decode()
    assert "مجموعة الأطفال في الحديقة" in arabic and 'dir="rtl"' in arabic
    other = client.get(offer_url(tenant, costly.pk) + "?lang=ar").content.decode()
    assert 'lang="de" dir="ltr">Babyschwimmen</h1>' in other  # German text, marked as German
    finder = reverse("public:finder", args=[tenant.municipality.slug])
    listing = client.get(finder + "?alter=1&lang=ar").content.decode()
    assert "مجموعة الأطفال في الحديقة" in listing, listing[listing.find("<main") :][:3000]
    german = client.get(offer_url(tenant, free.pk)).content.decode()
    assert "Krabbelgruppe am Park" in german and "مجموعة" not in german
    with scopes_disabled():
        free.title = "Krabbelgruppe im Park"
        free.save()
    changed = client.get(offer_url(tenant, free.pk) + "?lang=ar").content.decode()
    assert "مجموعة الأطفال في الحديقة" in changed  # still shown, marked as older than German
