"""Offer translations: saved by who manages the offer, outdated when the German text changes,
read for a list in one query."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.offers.models import OfferTranslation
from verbund.offers.services.translations import offer_translation_save
from verbund.offers.tests.factories import OfferFactory
from verbund.offers.translations import translated, translation_states

pytestmark = pytest.mark.django_db

TEXT = {"title": "Parents' café", "summary": "Open meeting", "description": "Come along."}


def save(tenant, offer, language="en", role=Role.COORDINATOR, data=TEXT):
    user = tenant.users[role]
    with scope(municipality=tenant.municipality.pk):
        return offer_translation_save(
            actor=user,
            access=access_for(user, tenant.municipality),
            offer=offer,
            language=language,
            data=dict(data),
        )


def test_save_is_audited_and_updates_in_place(tenant):
    offer = OfferFactory(centre=tenant.centre)
    first = save(tenant, offer)
    second = save(tenant, offer, data={**TEXT, "title": "Parents' café (new)"})
    assert first.pk == second.pk
    with scopes_disabled():
        actions = list(AuditEntry.objects.values_list("action", flat=True))
        assert OfferTranslation.objects.count() == 1
    assert "offers.offer_translation.created" in actions
    assert "offers.offer_translation.changed" in actions


def test_only_who_manages_the_offer_may_save(tenant):
    offer = OfferFactory(centre=tenant.centre)
    with pytest.raises(PermissionDenied):
        save(tenant, offer, role=Role.PLANNER)
    with scopes_disabled():
        assert OfferTranslation.objects.count() == 0


def test_outdated_when_the_german_text_changes_and_selector_in_one_query(
    tenant, django_assert_num_queries
):
    offers = [OfferFactory(centre=tenant.centre) for _ in range(3)]
    save(tenant, offers[0])
    save(tenant, offers[1], data={**TEXT, "title": "Second"})
    with scopes_disabled():
        offers[1].description = "Neuer deutscher Text"
        offers[1].save()
        with django_assert_num_queries(1):
            texts = translated(offers, "en")
        german = translated(offers, "de")
    assert texts[offers[0].pk].title == "Parents' café" and not texts[offers[0].pk].outdated
    assert texts[offers[1].pk].is_translation and texts[offers[1].pk].outdated
    assert not texts[offers[2].pk].is_translation
    assert texts[offers[2].pk].title == offers[2].title
    assert all(not text.is_translation for text in german.values())
    with scopes_disabled():
        states = {row["code"]: row["state"] for row in translation_states(offers[1])}
    assert states == {
        "en": "outdated",
        "tr": "missing",
        "ar": "missing",
        "uk": "missing",
        "ru": "missing",
    }


def test_pages_list_edit_and_refuse(client, tenant, foreign):
    offer = OfferFactory(centre=tenant.centre)
    slug = tenant.municipality.slug
    client.force_login(tenant.users[Role.COORDINATOR])
    listing = client.get(reverse("offers:translation_list", args=[slug, offer.pk]))
    assert listing.status_code == 200
    assert "fehlt" in listing.content.decode()
    url = reverse("offers:translation_edit", args=[slug, offer.pk, "ar"])
    page = client.get(url)
    assert offer.title in page.content.decode()
    assert 'dir="rtl"' in page.content.decode()
    assert client.post(url, {"title": "", "summary": ""}).status_code == 400
    assert client.post(url, {"title": "مقهى الوالدين", "summary": ""}).status_code == 302
    with scopes_disabled():
        assert OfferTranslation.objects.get().language == "ar"
    assert (
        client.get(reverse("offers:translation_edit", args=[slug, offer.pk, "xx"])).status_code
        == 404
    )
    other = OfferFactory(centre=foreign.centre)
    assert client.get(reverse("offers:translation_list", args=[slug, other.pk])).status_code == 404
    detail = client.get(reverse("offers:offer_detail", args=[slug, offer.pk])).content.decode()
    assert reverse("offers:translation_list", args=[slug, offer.pk]) in detail
