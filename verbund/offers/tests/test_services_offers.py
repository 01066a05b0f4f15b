"""Catalogue part: the offer services (who may write what, tenant safety, audit, search text)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory
from verbund.offers import services
from verbund.offers.choices import OfferFormat, OfferStatus, PlaceKind, ReviewState
from verbund.offers.models import Offer
from verbund.taxonomy.tests.factories import term

from .factories import OfferFactory, partner_organisation

pytestmark = pytest.mark.django_db


def data(**changes):
    values = {
        "title": "Babytreff am Dienstag",
        "summary": "Offener Treff für Eltern mit Babys.",
        "format": OfferFormat.OPEN_MEETING,
        "cost": "free",
        "admission": "open",
        "languages": "de tr",
        "place_kind": PlaceKind.OUTREACH,
        "status": OfferStatus.ACTIVE,
        "visibility": "public",
    }
    values.update(changes)
    return values


def create(tenant, role=Role.COORDINATOR, **changes):
    with scope(municipality=tenant.municipality.pk):
        return services.offer_create(
            actor=tenant.users[role], centre=tenant.centre, data=data(**changes)
        )


def actions(offer):
    with scopes_disabled():
        return list(
            AuditEntry.unscoped.filter(object_id=str(offer.pk))
            .order_by("id")
            .values_list("action", flat=True)
        )


def test_team_offer_is_approved_checked_and_audited(tenant):
    phase = term(tenant.municipality, "life_phase", "0-1")
    offer = create(tenant, terms=[phase])
    assert offer.review_state == ReviewState.APPROVED
    assert offer.last_checked == timezone.localdate()
    assert offer.reviewed_at is not None
    assert actions(offer) == ["offers.offer.create"]
    with scopes_disabled():
        entry = AuditEntry.unscoped.get(object_id=str(offer.pk))
    assert entry.after["title"] == "Babytreff am Dienstag"
    assert entry.after["terms"] == [phase.pk]


def test_search_text_holds_terms_and_languages_after_create_and_update(tenant):
    offer = create(tenant, terms=[term(tenant.municipality, "topic", "health")])
    assert "gesundheit" in offer.search_text
    assert "tuerkisch" in offer.search_text
    with scope(municipality=tenant.municipality.pk):
        offer = services.offer_update(
            actor=tenant.users[Role.COORDINATOR],
            offer=offer,
            data={"terms": [term(tenant.municipality, "topic", "integration")]},
        )
    assert "ankommen" in offer.search_text
    assert "gesundheit" not in offer.search_text
    with scopes_disabled():
        assert Offer.objects.get(pk=offer.pk).search_text == offer.search_text


def test_partner_offer_waits_for_approval(tenant):
    own = partner_organisation(tenant)
    offer = create(tenant, Role.PARTNER, provider=own)
    assert offer.review_state == ReviewState.SUBMITTED
    assert offer.reviewed_at is None


def test_partner_cannot_write_for_another_organisation(tenant):
    partner_organisation(tenant)
    other = OrganisationFactory(municipality=tenant.municipality)
    with pytest.raises(ValidationError) as error:
        create(tenant, Role.PARTNER, provider=other)
    assert "eigenen Organisation" in str(error.value.message_dict["provider"])
    with pytest.raises(ValidationError):
        create(tenant, Role.PARTNER)  # no provider = the centre itself: not the partner's
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_partner_cannot_edit_nor_take_over_another_partners_offer(tenant):
    own = partner_organisation(tenant)
    other = OrganisationFactory(municipality=tenant.municipality)
    theirs = OfferFactory(municipality=tenant.municipality, centre=tenant.centre, provider=other)
    mine = OfferFactory(municipality=tenant.municipality, centre=tenant.centre, provider=own)
    partner = tenant.users[Role.PARTNER]
    with scope(municipality=tenant.municipality.pk):
        with pytest.raises(ValidationError):
            services.offer_update(actor=partner, offer=theirs, data={"title": "Gekapert"})
        with pytest.raises(ValidationError):
            services.offer_update(actor=partner, offer=mine, data={"provider": other})
    with scopes_disabled():
        assert Offer.objects.get(pk=theirs.pk).title != "Gekapert"
        assert Offer.objects.get(pk=mine.pk).provider_id == own.pk


def test_partner_change_families_see_sends_approved_offer_back(tenant):
    own = partner_organisation(tenant)
    offer = create(tenant, Role.PARTNER, provider=own)
    with scope(municipality=tenant.municipality.pk):
        offer = services.offer_approve(actor=tenant.users[Role.COORDINATOR], offer=offer)
        assert offer.review_state == ReviewState.APPROVED
        # Funding programme: only the network sees it, no new review.
        offer = services.offer_update(
            actor=tenant.users[Role.PARTNER], offer=offer, data={"funding_programme": "ESF"}
        )
        assert offer.review_state == ReviewState.APPROVED
        # The cost: families see it.
        offer = services.offer_update(
            actor=tenant.users[Role.PARTNER], offer=offer, data={"cost": "fee"}
        )
        assert offer.review_state == ReviewState.SUBMITTED
        # The team's own changes never need a review.
        offer = services.offer_approve(actor=tenant.users[Role.COORDINATOR], offer=offer)
        offer = services.offer_update(
            actor=tenant.users[Role.COORDINATOR], offer=offer, data={"title": "Neu"}
        )
        assert offer.review_state == ReviewState.APPROVED
    assert "offers.offer.submitted" in actions(offer)


def test_forged_ids_of_another_municipality_are_refused_naming_the_field(tenant, foreign):
    foreign_org = OrganisationFactory(municipality=foreign.municipality)
    foreign_term = term(foreign.municipality, "topic", "health")
    with pytest.raises(ValidationError) as error:
        create(tenant, co_providers=[foreign_org])
    assert "co_providers" in error.value.message_dict
    assert "anderen Kommune" in str(error.value)
    with pytest.raises(ValidationError) as error:
        create(tenant, terms=[foreign_term])
    assert "terms" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(tenant, provider=foreign_org)
    assert "provider" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(tenant, place_kind=PlaceKind.FACILITY, location=foreign.facility)
    assert "location" in error.value.message_dict
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_place_must_fit_its_kind(tenant):
    with pytest.raises(ValidationError) as error:
        create(tenant, place_kind=PlaceKind.FACILITY)
    assert "location" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(tenant, place_kind=PlaceKind.ONLINE)
    assert "online_url" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(tenant, languages="de xx")
    assert "languages" in error.value.message_dict


def test_status_changes_follow_the_allowed_steps_and_keep_the_reason(tenant):
    offer = create(tenant)
    coordinator = tenant.users[Role.COORDINATOR]
    with scope(municipality=tenant.municipality.pk):
        offer = services.offer_set_status(
            actor=coordinator, offer=offer, status="paused", note="Sommerpause"
        )
        assert offer.status == OfferStatus.PAUSED
        offer = services.offer_set_status(actor=coordinator, offer=offer, status="ended")
        with pytest.raises(ValidationError) as error:
            services.offer_set_status(actor=coordinator, offer=offer, status="paused")
        assert "status" in error.value.message_dict
        offer = services.offer_set_status(actor=coordinator, offer=offer, status="active")
    assert offer.status == OfferStatus.ACTIVE
    with scopes_disabled():
        entry = AuditEntry.unscoped.filter(action="offers.offer.status").order_by("id").first()
    assert entry.data == {"note": "Sommerpause"}


def test_review_flow_return_with_reason_then_resubmit_by_editing(tenant):
    own = partner_organisation(tenant)
    offer = create(tenant, Role.PARTNER, provider=own)
    coordinator, partner = tenant.users[Role.COORDINATOR], tenant.users[Role.PARTNER]
    with scope(municipality=tenant.municipality.pk):
        with pytest.raises(ValidationError) as error:
            services.offer_return(actor=coordinator, offer=offer, reason="  ")
        assert "reason" in error.value.message_dict
        offer = services.offer_return(
            actor=coordinator, offer=offer, reason="Bitte Uhrzeit und Ort ergänzen."
        )
        assert offer.review_state == ReviewState.RETURNED
        assert offer.review_note == "Bitte Uhrzeit und Ort ergänzen."
        offer = services.offer_update(actor=partner, offer=offer, data={"cost_note": "frei"})
        assert offer.review_state == ReviewState.SUBMITTED
        assert offer.review_note == ""
        offer = services.offer_approve(actor=coordinator, offer=offer)
        with pytest.raises(ValidationError):
            services.offer_approve(actor=coordinator, offer=offer)
    assert offer.last_checked == timezone.localdate()
    assert actions(offer)[-3:] == [
        "offers.offer.update",
        "offers.offer.submitted",
        "offers.offer.approved",
    ]


def test_confirm_sets_last_checked_and_is_audited_each_time(tenant):
    offer = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        last_checked=timezone.localdate() - timedelta(days=400),
    )
    with scope(municipality=tenant.municipality.pk):
        offer = services.offer_confirm(actor=tenant.users[Role.STAFF], offer=offer)
        offer = services.offer_confirm(actor=tenant.users[Role.STAFF], offer=offer)
    assert offer.last_checked == timezone.localdate()
    assert actions(offer).count("offers.offer.confirmed") == 2


def test_schedules_are_left_alone_by_updates(tenant):
    from .factories import OfferScheduleFactory

    schedule = OfferScheduleFactory(
        offer=OfferFactory(municipality=tenant.municipality, centre=tenant.centre)
    )
    with scope(municipality=tenant.municipality.pk):
        services.offer_update(
            actor=tenant.users[Role.COORDINATOR], offer=schedule.offer, data={"title": "Anders"}
        )
    with scopes_disabled():
        schedule.refresh_from_db()
    assert schedule.rrule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630"
