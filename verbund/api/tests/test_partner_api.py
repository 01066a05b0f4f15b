"""The partner API: a partner's software writes its own organisation's offers and schedules
with a token, through the same services (and review rules) as the app."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.api.models import ApiToken
from verbund.api.services import api_token_revoke
from verbund.core.roles import Role
from verbund.offers.choices import ReviewState
from verbund.offers.models import Offer, OfferSchedule
from verbund.offers.tests.factories import OfferFactory

from .helpers_partner import NEW_OFFER, bearer, make_token, offers_url

pytestmark = pytest.mark.django_db


def post(client, url, body, token):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(token))


def patch(client, url, body, token):
    return client.patch(url, json.dumps(body), content_type="application/json", **bearer(token))


def test_create_list_update_offer_and_schedule(client, tenant):
    _row, token = make_token(tenant)
    created = post(client, offers_url(tenant), {**NEW_OFFER, "centre_id": tenant.centre.pk}, token)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["review_state"] == ReviewState.SUBMITTED  # a partner's offer waits for approval
    assert body["languages"] == ["de", "tr"]
    with scopes_disabled():
        offer = Offer.objects.get(pk=body["id"])
        assert offer.provider.facility_id == tenant.facility.pk
        assert offer.centre_id == tenant.centre.pk

    listed = client.get(offers_url(tenant), **bearer(token)).json()
    assert [item["id"] for item in listed["contents"]] == [offer.pk]

    changed = patch(client, offers_url(tenant, offer.pk), {"capacity": 12}, token)
    assert changed.status_code == 200, changed.content
    assert changed.json()["capacity"] == 12

    schedule = post(
        client,
        offers_url(tenant, offer.pk, "schedules"),
        {
            "repeat": "weekly",
            "start_date": "2027-03-02",
            "start_time": "09:30",
            "end_time": "11:00",
            "weekdays": [1],
            "count": 4,
        },
        token,
    )
    assert schedule.status_code == 201, schedule.content
    assert "FREQ=WEEKLY" in schedule.json()["rrule"]
    schedule_id = schedule.json()["id"]
    replaced = client.put(
        offers_url(tenant, offer.pk, "schedules", schedule_id),
        json.dumps({"repeat": "on_request", "note": "nach Absprache"}),
        content_type="application/json",
        **bearer(token),
    )
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["kind"] == "on_request"
    gone = client.delete(offers_url(tenant, offer.pk, "schedules", schedule_id), **bearer(token))
    assert gone.status_code == 204
    with scopes_disabled():
        assert not OfferSchedule.objects.filter(pk=schedule_id).exists()


def test_change_to_what_families_see_goes_back_to_review(client, tenant):
    from verbund.offers.tests.factories import partner_organisation

    offer = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        provider=partner_organisation(tenant),
        review_state=ReviewState.APPROVED,
    )
    _row, token = make_token(tenant)
    response = patch(client, offers_url(tenant, offer.pk), {"title": "Neuer Titel"}, token)
    assert response.status_code == 200
    assert response.json()["review_state"] == ReviewState.SUBMITTED
    ended = patch(client, offers_url(tenant, offer.pk), {"status": "ended"}, token)
    assert ended.json()["status"] == "ended"


def test_writes_are_audited_with_the_creator_as_actor(client, tenant):
    from verbund.core.models import AuditEntry

    _row, token = make_token(tenant)
    body = post(client, offers_url(tenant), {**NEW_OFFER, "centre_id": tenant.centre.pk}, token)
    with scopes_disabled():
        entry = AuditEntry.unscoped.filter(action="offers.offer.create").latest("pk")
    assert entry.actor_id == tenant.users[Role.PARTNER].pk
    assert str(body.json()["id"]) == str(entry.object_id)


@pytest.mark.parametrize(
    "header, words",
    [
        (None, "brauchen Sie einen API-Zugang"),
        ("Bearer", "brauchen Sie einen API-Zugang"),
        ("Basic abc", "brauchen Sie einen API-Zugang"),
        ("Bearer vbd_abcdefgh_" + "x" * 43, "unbekannt"),
        ("Bearer nonsense", "unbekannt"),
    ],
)
def test_missing_or_unknown_token_is_401(client, tenant, header, words):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(offers_url(tenant), **extra)
    assert response.status_code == 401
    assert words in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_expired_and_orphaned_tokens_are_401(client, tenant):
    row, token = make_token(tenant)
    assert client.get(offers_url(tenant), **bearer(token)).status_code == 200
    with scope(municipality=tenant.municipality.pk):
        api_token_revoke(actor=tenant.users[Role.ADMIN], token=row)
    response = client.get(offers_url(tenant), **bearer(token))
    assert response.status_code == 401 and "widerrufen" in response.json()["detail"]

    row, token = make_token(tenant, name="zweiter")
    with scopes_disabled():
        ApiToken.objects.filter(pk=row.pk).update(
            expires_on=timezone.localdate() - timedelta(days=1)
        )
    response = client.get(offers_url(tenant), **bearer(token))
    assert response.status_code == 401 and "abgelaufen" in response.json()["detail"]

    row, token = make_token(tenant, name="dritter")
    with scopes_disabled():
        tenant.users[Role.PARTNER].memberships.all().delete()
    response = client.get(offers_url(tenant), **bearer(token))
    assert response.status_code == 401 and "gehört nicht mehr" in response.json()["detail"]


def test_another_partners_offer_is_403_and_unchanged(client, tenant):
    other = OfferFactory(municipality=tenant.municipality, centre=tenant.centre, title="Fremd")
    _row, token = make_token(tenant)
    assert client.get(offers_url(tenant, other.pk), **bearer(token)).status_code == 403
    response = patch(client, offers_url(tenant, other.pk), {"title": "Übernommen"}, token)
    assert response.status_code == 403
    assert "nicht zu Ihrer Organisation" in response.json()["detail"]
    schedule = post(
        client, offers_url(tenant, other.pk, "schedules"), {"repeat": "on_request"}, token
    )
    assert schedule.status_code == 403
    with scopes_disabled():
        other.refresh_from_db()
        assert other.title == "Fremd"
        assert not OfferSchedule.objects.filter(offer=other).exists()
    listed = client.get(offers_url(tenant), **bearer(token)).json()
    assert other.pk not in [item["id"] for item in listed["contents"]]


def test_token_of_municipality_a_never_reaches_b(client, tenant, foreign):
    from verbund.offers.tests.factories import partner_organisation

    _row, token = make_token(tenant)
    theirs = OfferFactory(
        municipality=foreign.municipality,
        centre=foreign.centre,
        provider=partner_organisation(foreign),
        title="Drüben",
    )
    for url in (offers_url(foreign), offers_url(foreign, theirs.pk)):
        assert client.get(url, **bearer(token)).status_code == 404
    response = post(
        client, offers_url(foreign), {**NEW_OFFER, "centre_id": foreign.centre.pk}, token
    )
    assert response.status_code == 404
    # Their offer's number under our municipality: not ours, not found here.
    assert client.get(offers_url(tenant, theirs.pk), **bearer(token)).status_code == 404
    response = patch(client, offers_url(tenant, theirs.pk), {"title": "x"}, token)
    assert response.status_code == 404
    # Their centre as the catalogue of a new offer in ours: refused, naming the field.
    response = post(
        client, offers_url(tenant), {**NEW_OFFER, "centre_id": foreign.centre.pk}, token
    )
    assert response.status_code == 422 and response.json()["field"] == "centre_id"
    response = post(
        client,
        offers_url(tenant),
        {**NEW_OFFER, "centre_id": tenant.centre.pk, "place_kind": "facility",
         "location_id": foreign.facility.pk},
        token,
    )  # fmt: skip
    assert response.status_code == 422 and response.json()["field"] == "location_id"
    with scopes_disabled():
        assert (
            not Offer.objects.filter(municipality=foreign.municipality)
            .exclude(pk=theirs.pk)
            .exists()
        )
        theirs.refresh_from_db()
        assert theirs.title == "Drüben"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"format": "course"}, "title"),
        ({"title": "x", "format": "zirkus"}, "format"),
        ({"title": "x", "format": "course", "languages": ["xx"]}, "languages"),
        ({"title": "x", "format": "course", "place_kind": "online"}, "online_url"),
        ({"title": "", "format": "course"}, "title"),
        ({"title": "x", "format": "course", "capacity": -1}, "capacity"),
        ({**NEW_OFFER, "contact_email": "kein-at"}, "contact_email"),
    ],
)
def test_bad_values_are_422_in_german_naming_the_field(client, tenant, body, field):
    _row, token = make_token(tenant)
    response = post(client, offers_url(tenant), {"centre_id": tenant.centre.pk, **body}, token)
    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["field"] == field, answer
    assert f"„{field}“" in answer["detail"]
    with scopes_disabled():
        assert not Offer.objects.exists()


def test_malformed_json_is_422_not_500(client, tenant):
    _row, token = make_token(tenant)
    for raw in ("{", "[]", "null", '"x"', "\x00"):
        response = client.post(
            offers_url(tenant), raw, content_type="application/json", **bearer(token)
        )
        assert response.status_code in {400, 422}, (raw, response.status_code)
        assert response.json()["detail"]


def test_bad_schedule_is_422_naming_the_field(client, tenant):
    from verbund.offers.tests.factories import partner_organisation

    offer = OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        provider=partner_organisation(tenant),
    )
    _row, token = make_token(tenant)
    response = post(
        client,
        offers_url(tenant, offer.pk, "schedules"),
        {"repeat": "weekly", "start_date": "2027-03-02", "start_time": "09:30"},
        token,
    )
    assert response.status_code == 422
    assert response.json()["field"] == "end_time"


def test_rate_limit_per_token_with_retry_after(client, tenant, monkeypatch):
    from verbund.api import tokens

    monkeypatch.setattr(tokens, "TOKEN_RATE", tokens.TokenRate(limit=3, window=60))
    _row, token = make_token(tenant)
    _row2, other = make_token(tenant, name="zweiter")
    codes = [client.get(offers_url(tenant), **bearer(token)).status_code for _i in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get(offers_url(tenant), **bearer(token))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 61
    assert "Zu viele Anfragen" in response.json()["detail"]
    # The limit is per token: another token of the same organisation still works.
    assert client.get(offers_url(tenant), **bearer(other)).status_code == 200


def test_last_used_is_recorded_cheaply(client, tenant, django_assert_max_num_queries):
    row, token = make_token(tenant)
    assert row.last_used_at is None
    client.get(offers_url(tenant), **bearer(token))
    with scopes_disabled():
        row.refresh_from_db()
    first = row.last_used_at
    assert first is not None
    client.get(offers_url(tenant), **bearer(token))
    with scopes_disabled():
        row.refresh_from_db()
    assert row.last_used_at == first  # not written again within five minutes


def test_list_query_count_is_independent_of_data_size(
    client, tenant, django_assert_max_num_queries
):
    from verbund.offers.tests.factories import OfferScheduleFactory, partner_organisation

    _row, token = make_token(tenant)
    own = partner_organisation(tenant)

    def add(count):
        for _i in range(count):
            offer = OfferFactory(
                municipality=tenant.municipality, centre=tenant.centre, provider=own
            )
            OfferScheduleFactory(municipality=tenant.municipality, offer=offer)

    add(2)
    client.get(offers_url(tenant), **bearer(token))  # warm the caches
    with django_assert_max_num_queries(14) as small:
        assert client.get(offers_url(tenant), **bearer(token)).status_code == 200
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(offers_url(tenant), **bearer(token))
    assert response.json()["total_items"] == 22


def test_token_is_never_in_the_audit_log_or_stored_in_clear(tenant):
    from verbund.core.models import AuditEntry

    row, token = make_token(tenant)
    secret = token.split("_", 2)[2]
    with scopes_disabled():
        entries = list(AuditEntry.unscoped.filter(action="api.token.create"))
        stored = ApiToken.objects.get(pk=row.pk)
    assert entries
    for entry in entries:
        text = json.dumps([entry.before, entry.after, entry.data], default=str)
        assert secret not in text and stored.digest not in text
        assert row.prefix in text
    assert secret not in json.dumps([stored.name, stored.prefix, stored.digest])
