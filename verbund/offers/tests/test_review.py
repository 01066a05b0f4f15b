"""Catalogue part: freshness reminders, the grace period and the dashboard items of review."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.core.scheduler import periodic_jobs
from verbund.offers.catalogue import due_for_check_q, fresh_enough_q
from verbund.offers.models import Offer, OfferReminder
from verbund.offers.reminders import due_reminders, send_due_reminders

from .factories import OfferFactory, partner_organisation

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def offer_checked(tenant, days_ago, **values):
    return OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        last_checked=TODAY - timedelta(days=days_ago),
        **values,
    )


def test_periodic_job_is_registered():
    assert "offers.freshness" in {job.name for job in periodic_jobs()}


@override_settings(OFFERS_CHECK_AFTER_DAYS=180, OFFERS_GRACE_DAYS=30)
def test_freshness_conditions(tenant):
    fresh = offer_checked(tenant, 10)
    due = offer_checked(tenant, 190)
    stale = offer_checked(tenant, 211)
    with scopes_disabled():
        assert set(Offer.objects.filter(due_for_check_q(TODAY))) == {due, stale}
        assert set(Offer.objects.filter(fresh_enough_q(TODAY))) == {fresh, due}


@override_settings(OFFERS_CHECK_AFTER_DAYS=180, OFFERS_GRACE_DAYS=30)
def test_reminders_go_once_to_the_keepers_after_commit(tenant, django_capture_on_commit_callbacks):
    for role, address in [
        (Role.COORDINATOR, "koordination@example.org"),
        (Role.PARTNER, "partner@example.org"),
        (Role.STAFF, "fachkraft@example.org"),
    ]:
        user = tenant.users[role]
        user.email = address
        user.save()
    own = partner_organisation(tenant)
    due = offer_checked(tenant, 190, provider=own, title="Elterncafé Nord")
    stale = offer_checked(tenant, 240, title="Krabbelgruppe")
    offer_checked(tenant, 10)
    offer_checked(tenant, 400, status="ended")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = send_due_reminders(today=TODAY, base_url="https://verbund.example.org")
    assert {(item.offer.pk, item.kind) for item in sent} == {
        (due.pk, "check"),
        (stale.pk, "hidden"),
    }
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2
    check = next(m for m in mail.outbox if "Elterncafé Nord" in m.subject)
    assert "Stimmen die Angaben noch?" in check.subject
    assert "partner@example.org" in check.to and "koordination@example.org" in check.to
    assert "fachkraft@example.org" not in check.to
    assert f"https://verbund.example.org/k/{tenant.municipality.slug}/angebote/{due.pk}/" in (
        check.body
    )
    hidden = next(m for m in mail.outbox if "Krabbelgruppe" in m.subject)
    assert "Nicht mehr öffentlich" in hidden.subject
    assert "partner@example.org" not in hidden.to  # the centre's own offer
    with scopes_disabled():
        assert OfferReminder.objects.count() == 2
        assert set(
            AuditEntry.unscoped.filter(action__startswith="offers.offer.").values_list(
                "action", flat=True
            )
        ) >= {"offers.offer.reminded", "offers.offer.hidden_stale"}
    # Never twice: the next runs send nothing …
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(today=TODAY + timedelta(days=1)) == []
    assert mail.outbox == []
    # … until the offer moves on to the grace period's end (one more mail, then nothing).
    later = due_reminders(today=TODAY + timedelta(days=25))
    assert [(item.offer.pk, item.kind) for item in later] == [(due.pk, "hidden")]


@override_settings(OFFERS_CHECK_AFTER_DAYS=180, OFFERS_GRACE_DAYS=30)
def test_a_confirmation_starts_afresh(tenant, client):
    offer = offer_checked(tenant, 190)
    send_due_reminders(today=TODAY)
    with scopes_disabled():
        Offer.objects.filter(pk=offer.pk).update(last_checked=TODAY)
    assert due_reminders(today=TODAY + timedelta(days=10)) == []
    assert [item.offer.pk for item in due_reminders(today=TODAY + timedelta(days=181))] == [
        offer.pk
    ]


def test_start_page_lists_offers_to_approve_and_to_confirm(client, tenant):
    own = partner_organisation(tenant)
    OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        provider=own,
        title="Vorlesepaten",
        review_state="submitted",
    )
    OfferFactory(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Alter Kurs",
        last_checked=date(2020, 1, 1),
    )
    home = reverse("tenancy:home", args=[tenant.municipality.slug])
    client.force_login(tenant.users[Role.COORDINATOR])
    html = client.get(home).content.decode()
    assert "Angebot wartet auf Freigabe: Vorlesepaten" in html
    assert "Angaben bestätigen: Alter Kurs" in html
    client.force_login(tenant.users[Role.STAFF])
    html = client.get(home).content.decode()
    assert "Vorlesepaten" not in html  # staff do not approve
    assert "Angaben bestätigen: Alter Kurs" in html
    client.force_login(tenant.users[Role.PLANNER])
    assert "Alter Kurs" not in client.get(home).content.decode()


def test_centre_page_and_my_organisation_list_offers(client, tenant):
    own = partner_organisation(tenant)
    OfferFactory(municipality=tenant.municipality, centre=tenant.centre, title="Babymassage")
    OfferFactory(
        municipality=tenant.municipality, centre=tenant.centre, provider=own, title="Lernhilfe"
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(
        reverse("dashboard:centre_page", args=[tenant.municipality.slug, tenant.centre.pk])
    ).content.decode()
    assert "Babymassage" in page and "Lernhilfe" in page
    assert reverse("offers:offer_create", args=[tenant.municipality.slug]) in page
    client.force_login(tenant.users[Role.PARTNER])
    page = client.get(
        reverse("dashboard:my_organisation", args=[tenant.municipality.slug])
    ).content.decode()
    assert "Angebote Ihrer Organisation" in page
    assert "Lernhilfe" in page and "Babymassage" not in page


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER, Role.STAFF])
def test_start_and_centre_page_queries_do_not_grow_with_offers(
    client, tenant, role, django_assert_max_num_queries
):
    own = partner_organisation(tenant)

    def add(n):
        for i in range(n):
            for state in ("submitted", "returned", "approved"):
                OfferFactory(
                    municipality=tenant.municipality,
                    centre=tenant.centre,
                    provider=own,
                    review_state=state,
                    last_checked=date(2020, 1, 1),
                    title=f"Angebot {state} {i}",
                )

    add(1)
    client.force_login(tenant.users[role])
    pages = [reverse("tenancy:home", args=[tenant.municipality.slug])]
    if role != Role.PARTNER:
        pages.append(
            reverse("dashboard:centre_page", args=[tenant.municipality.slug, tenant.centre.pk])
        )
    else:
        pages.append(reverse("dashboard:my_organisation", args=[tenant.municipality.slug]))
    for page in pages:
        client.get(page)
    cache.clear()  # the start page's items are collected anew (kept: test_items_cache)
    counts = []
    for page in pages:
        with django_assert_max_num_queries(25) as captured:
            assert client.get(page).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] <= 18  # the start page's budget (verbund/dashboard/tests/test_start.py)
    add(5)  # bumps the start page's items: collected anew
    for page, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(page).status_code == 200
