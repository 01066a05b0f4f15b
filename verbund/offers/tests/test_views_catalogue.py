"""Catalogue part: the offer pages, each button, and the query count of the detail page."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers.choices import ReviewState
from verbund.offers.models import Offer
from verbund.taxonomy.tests.factories import term

from .factories import OfferFactory, OfferScheduleFactory, partner_organisation

pytestmark = pytest.mark.django_db


def url(tenant, name, *args):
    return reverse(f"offers:{name}", args=[tenant.municipality.slug, *args])


def form_data(tenant, **changes):
    values = {
        "centre": tenant.centre.pk,
        "title": "Babytreff am Dienstag",
        "summary": "Offener Treff für Eltern mit Babys.",
        "format": "open_meeting",
        "cost": "free",
        "admission": "open",
        "languages": ["de", "ar"],
        "place_kind": "facility",
        "location": tenant.facility.pk,
        "status": "active",
        "visibility": "public",
        "terms_life_phase": [term(tenant.municipality, "life_phase", "0-1").pk],
        "terms_topic": [term(tenant.municipality, "topic", "parenting").pk],
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def login(client, tenant, role):
    client.force_login(tenant.users[role])


def test_coordinator_creates_an_offer(client, tenant):
    login(client, tenant, Role.COORDINATOR)
    assert client.get(url(tenant, "offer_create")).status_code == 200
    response = client.post(url(tenant, "offer_create"), form_data(tenant))
    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        offer = Offer.objects.get()
        assert offer.review_state == ReviewState.APPROVED
        assert offer.languages == "de ar"
        assert {t.key for t in offer.terms.all()} == {"0-1", "parenting"}
    assert response["Location"] == url(tenant, "offer_detail", offer.pk)


def test_similar_offers_are_shown_before_saving_until_confirmed(client, tenant):
    other = OrganisationFactory(municipality=tenant.municipality, name="Kinderschutzbund")
    existing = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        provider=other,
        title="Babytreff im Stadtteil",
    )
    with scopes_disabled():
        existing.terms.set(
            [
                term(tenant.municipality, "life_phase", "0-1"),
                term(tenant.municipality, "topic", "parenting"),
            ]
        )
    login(client, tenant, Role.COORDINATOR)
    response = client.post(url(tenant, "offer_create"), form_data(tenant))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ähnliche Angebote gibt es schon" in html
    assert "Babytreff im Stadtteil" in html and "Kinderschutzbund" in html
    assert url(tenant, "offer_detail", existing.pk) in html
    with scopes_disabled():
        assert Offer.objects.count() == 1  # nothing saved yet
    response = client.post(url(tenant, "offer_create"), form_data(tenant, confirm_similar="on"))
    assert response.status_code == 302
    with scopes_disabled():
        assert Offer.objects.count() == 2


def test_forged_provider_and_foreign_terms_are_refused_at_the_field(client, tenant, foreign):
    login(client, tenant, Role.PARTNER)
    partner_organisation(tenant)
    other = OrganisationFactory(municipality=tenant.municipality)
    response = client.post(url(tenant, "offer_create"), form_data(tenant, provider=other.pk))
    assert response.status_code == 400
    assert "provider" in response.context["form"].errors
    login(client, tenant, Role.COORDINATOR)
    forged = term(foreign.municipality, "topic", "health").pk
    response = client.post(url(tenant, "offer_create"), form_data(tenant, terms_topic=[forged]))
    assert response.status_code == 400
    assert "terms_topic" in response.context["form"].errors
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_partner_creates_offer_that_waits_and_coordinator_approves_from_queue(client, tenant):
    own = partner_organisation(tenant)
    login(client, tenant, Role.PARTNER)
    form = client.get(url(tenant, "offer_create")).context["form"]
    assert "centre" not in form.fields
    assert list(form.fields["provider"].queryset) == [own]
    response = client.post(
        url(tenant, "offer_create"), form_data(tenant, centre=None, provider=own.pk)
    )
    assert response.status_code == 302
    with scopes_disabled():
        offer = Offer.objects.get()
    assert offer.review_state == ReviewState.SUBMITTED and offer.centre_id == tenant.centre.pk
    # Not yet in the catalogue: the planner does not see it.
    login(client, tenant, Role.PLANNER)
    assert client.get(url(tenant, "offer_detail", offer.pk)).status_code == 404
    login(client, tenant, Role.COORDINATOR)
    queue = client.get(url(tenant, "review_queue")).content.decode()
    assert offer.title in queue
    response = client.post(
        url(tenant, "offer_review", offer.pk), {"action": "approve", "next": "queue"}
    )
    assert response["Location"] == url(tenant, "review_queue")
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.review_state == ReviewState.APPROVED
    login(client, tenant, Role.PLANNER)
    assert client.get(url(tenant, "offer_detail", offer.pk)).status_code == 200


def test_returned_offer_shows_the_reason_to_the_partner(client, tenant):
    own = partner_organisation(tenant)
    offer = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        provider=own,
        review_state=ReviewState.SUBMITTED,
    )
    login(client, tenant, Role.COORDINATOR)
    response = client.post(url(tenant, "offer_review", offer.pk), {"action": "return"})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    client.post(
        url(tenant, "offer_review", offer.pk),
        {"action": "return", "reason": "Bitte den Ort ergänzen."},
    )
    login(client, tenant, Role.PARTNER)
    html = client.get(url(tenant, "offer_detail", offer.pk)).content.decode()
    assert "Bitte den Ort ergänzen." in html
    start = client.get(reverse("tenancy:home", args=[tenant.municipality.slug])).content.decode()
    assert "Zurückgegeben: " + offer.title in start


def test_partner_cannot_open_another_organisations_offer_for_editing(client, tenant):
    partner_organisation(tenant)
    theirs = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        provider=OrganisationFactory(municipality=tenant.municipality),
    )
    login(client, tenant, Role.PARTNER)
    assert client.get(url(tenant, "offer_update", theirs.pk)).status_code == 403
    assert client.post(url(tenant, "offer_update", theirs.pk), {}).status_code == 403
    assert client.post(url(tenant, "offer_confirm", theirs.pk)).status_code == 403


def test_edit_keeps_terms_and_refuses_a_stale_version(client, tenant):
    offer = OfferFactory(municipality=tenant.municipality, centre=tenant.centre)
    login(client, tenant, Role.STAFF)
    form = client.get(url(tenant, "offer_update", offer.pk)).context["form"]
    version = form["edit_version"].value()
    version = version() if callable(version) else version
    data = form_data(tenant, centre=None, edit_version=version, title="Neuer Titel")
    assert client.post(url(tenant, "offer_update", offer.pk), data).status_code == 302
    # Saving again with the old version: someone (we) changed it since.
    response = client.post(url(tenant, "offer_update", offer.pk), {**data, "title": "Zweiter"})
    assert response.status_code == 400
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.title == "Neuer Titel"


def test_status_button_pauses_and_reactivates(client, tenant):
    offer = OfferFactory(municipality=tenant.municipality, centre=tenant.centre)
    login(client, tenant, Role.CENTRE_LEAD)
    page = client.get(url(tenant, "offer_status", offer.pk)).content.decode()
    assert "pausiert" in page
    response = client.post(url(tenant, "offer_status", offer.pk), {"status": "paused"})
    assert response.status_code == 302
    response = client.post(url(tenant, "offer_status", offer.pk), {"status": "planned"})
    assert response.status_code == 400  # not a step from "paused"
    client.post(url(tenant, "offer_status", offer.pk), {"status": "active", "note": "weiter"})
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.status == "active"


def test_confirm_button_sets_today(client, tenant):
    offer = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        last_checked=timezone.localdate() - timedelta(days=300),
    )
    login(client, tenant, Role.STAFF)
    html = client.get(url(tenant, "offer_detail", offer.pk)).content.decode()
    assert "Angaben stimmen noch" in html
    assert "Familien das Angebot nicht mehr" in html  # past check time and grace
    assert client.post(url(tenant, "offer_confirm", offer.pk)).status_code == 302
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.last_checked == timezone.localdate()


def test_detail_shows_facts_low_threshold_and_buttons_per_permission(client, tenant):
    offer = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        provider=partner_organisation(tenant),
        childcare=True,
        languages="de ar",
    )
    login(client, tenant, Role.COORDINATOR)
    html = client.get(url(tenant, "offer_detail", offer.pk)).content.decode()
    assert "niedrigschwellig" in html and "Kinderbetreuung während des Angebots" in html
    assert url(tenant, "offer_update", offer.pk) in html
    assert "Termine" in html  # the schedules part's section
    login(client, tenant, Role.PLANNER)
    html = client.get(url(tenant, "offer_detail", offer.pk)).content.decode()
    assert url(tenant, "offer_update", offer.pk) not in html
    assert "Angaben stimmen noch" not in html


def test_detail_page_queries_do_not_grow(client, tenant, django_assert_max_num_queries):
    def make(n):
        offer = OfferFactory(municipality=tenant.municipality, centre=tenant.centre)
        orgs = [OrganisationFactory(municipality=tenant.municipality) for _ in range(n)]
        with scopes_disabled():
            offer.co_providers.set(orgs)
            offer.terms.set(
                [
                    term(tenant.municipality, "topic", key)
                    for key in ["health", "parenting", "education"][:n]
                ]
            )
        for _ in range(n):
            OfferScheduleFactory(offer=offer)
        return offer

    login(client, tenant, Role.COORDINATOR)
    small, large = make(1), make(3)
    client.get(url(tenant, "offer_detail", small.pk))
    counts = {}
    for kept in (False, True):  # the facts rendered, then kept (offers.rows_cache.facts_html)
        if kept:
            client.get(url(tenant, "offer_detail", small.pk))
        else:
            cache.clear()
        with django_assert_max_num_queries(30) as captured:
            assert client.get(url(tenant, "offer_detail", small.pk)).status_code == 200
        if not kept:
            cache.clear()
        with django_assert_max_num_queries(len(captured.captured_queries)):
            assert client.get(url(tenant, "offer_detail", large.pk)).status_code == 200
        counts[kept] = len(captured.captured_queries)
    assert counts[True] < counts[False]


def test_partner_submits_a_returned_offer_again_unchanged(client, tenant):
    offer = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        provider=partner_organisation(tenant),
        review_state=ReviewState.RETURNED,
        review_note="Bitte prüfen, ob der Termin stimmt.",
    )
    login(client, tenant, Role.PARTNER)
    html = client.get(url(tenant, "offer_detail", offer.pk)).content.decode()
    assert "Unverändert erneut vorlegen" in html
    assert client.get(url(tenant, "offer_submit", offer.pk)).status_code == 302
    assert client.post(url(tenant, "offer_submit", offer.pk)).status_code == 302
    with scopes_disabled():
        offer.refresh_from_db()
    assert offer.review_state == ReviewState.SUBMITTED and offer.review_note == ""
    # Once more: nothing to submit, a message and no change.
    response = client.post(url(tenant, "offer_submit", offer.pk), follow=True)
    assert "wartet nicht auf eine Überarbeitung" in response.content.decode()
