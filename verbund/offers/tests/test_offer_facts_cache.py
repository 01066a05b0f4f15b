"""The facts on an offer's page are kept rendered per change of what they show (issue 17)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.analysis.tests.factories import NeedFactory
from verbund.areas.tests.factories import AreaFactory
from verbund.cooperation.tests.helpers import make_agreement
from verbund.core.roles import Role
from verbund.network.tests.factories import OrganisationFactory
from verbund.rooms.tests.factories import BookingFactory, HolidayPeriodFactory, RoomFactory
from verbund.taxonomy.tests.factories import term

from .factories import OfferFactory, OfferScheduleFactory
from .test_views_catalogue import url

pytestmark = pytest.mark.django_db


def page(client, tenant, offer, role=Role.COORDINATOR) -> str:
    client.force_login(tenant.users[role])
    response = client.get(url(tenant, "offer_detail", offer.pk))
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", text)


def saved(obj, **changes):
    with scopes_disabled():
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.save()
    return obj


@pytest.fixture
def offer(tenant):
    m = tenant.municipality
    offer = OfferFactory(
        municipality=m,
        centre=tenant.centre,
        provider=OrganisationFactory(municipality=m, name="Familienbildung Nord"),
        summary="Offener Treff für Eltern.",
        place_kind="facility",
        location=tenant.facility,
    )
    OfferScheduleFactory(offer=offer)  # Tuesdays 9–11 from 5 January 2027
    return offer


def test_the_offer_and_what_it_links_show_at_once(client, tenant, offer):
    m = tenant.municipality
    text = page(client, tenant, offer)
    assert "Offener Treff für Eltern." in text and "Familienbildung Nord" in text
    with CaptureQueriesContext(connection) as kept:
        assert page(client, tenant, offer) == text
    with CaptureQueriesContext(connection) as cold:
        offer.refresh_from_db()
        saved(offer, summary="Treff für Eltern mit Babys.")
        assert "Treff für Eltern mit Babys." in page(client, tenant, offer)
    assert len(kept) < len(cold) - 4  # the prefetches are not run for a kept page

    with scopes_disabled():
        offer.terms.set([term(m, "topic", "health")])
    topic = term(m, "topic", "health")
    assert topic.label in page(client, tenant, offer)
    saved(topic, label="Gesundheit und Bewegung")
    assert "Gesundheit und Bewegung" in page(client, tenant, offer)

    area = AreaFactory(municipality=m, name="Altstadt")
    with scopes_disabled():
        offer.areas_served.add(area)
    assert "für die Gebiete Altstadt" in page(client, tenant, offer)
    saved(area, name="Altstadt-Süd")
    assert "für die Gebiete Altstadt-Süd" in page(client, tenant, offer)

    saved(tenant.facility, name="Haus der Familie")
    assert "Haus der Familie" in page(client, tenant, offer)
    saved(offer.provider, name="Familienbildungsstätte")
    assert "Familienbildungsstätte" in page(client, tenant, offer)
    midwife = OrganisationFactory(municipality=m, name="Hebammenpraxis")
    assert "gemeinsam mit – " in page(client, tenant, offer)
    with scopes_disabled():
        offer.co_providers.add(midwife)
    assert "gemeinsam mit Hebammenpraxis" in page(client, tenant, offer)
    saved(tenant.centre, name="Familienzentrum am Markt")
    assert "Familienzentrum Familienzentrum am Markt" in page(client, tenant, offer)

    agreement = make_agreement(municipality=m, centre=tenant.centre, title="Elterntreff")
    saved(offer, agreement=agreement)
    assert "Kooperationsvereinbarung Elterntreff" in page(client, tenant, offer)
    saved(agreement, title="Elterntreff am Markt")
    assert "Kooperationsvereinbarung Elterntreff am Markt" in page(client, tenant, offer)
    with scopes_disabled():
        agreement.delete()  # the offer's link is emptied in SQL, without a signal of its own
    assert "Kooperationsvereinbarung – " in page(client, tenant, offer)


def test_needs_show_to_those_who_keep_the_offer(client, tenant, offer):
    need = NeedFactory(municipality=tenant.municipality, centre=tenant.centre, title="Frühe Hilfen")
    assert "antwortet auf Bedarfe – " in page(client, tenant, offer)
    with scopes_disabled():
        offer.needs.add(need)
    assert "antwortet auf Bedarfe Frühe Hilfen" in page(client, tenant, offer)
    assert "antwortet auf Bedarfe" not in page(client, tenant, offer, Role.PLANNER)
    saved(need, title="Frühe Hilfen im Quartier")
    assert "antwortet auf Bedarfe Frühe Hilfen im Quartier" in page(client, tenant, offer)
    with scopes_disabled():
        need.offers.remove(offer)  # from the need's side
    assert "antwortet auf Bedarfe – " in page(client, tenant, offer)
    assert "Termine planen und ändern" in page(client, tenant, offer)
    assert "Termine planen und ändern" not in page(client, tenant, offer, Role.PLANNER)


def test_next_dates_follow_the_day(client, tenant, offer, monkeypatch):
    assert "Di, 05.01.2027, 09:00–11:00 Uhr" in page(client, tenant, offer)
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 1, 6))
    text = page(client, tenant, offer)
    assert "Di, 05.01.2027" not in text and "Di, 12.01.2027, 09:00–11:00 Uhr" in text


def test_times_follow_schedules_rooms_and_holidays(client, tenant, offer):
    m = tenant.municipality
    assert "Di, 05.01.2027, 09:00–11:00 Uhr" in page(client, tenant, offer)
    with scopes_disabled():
        schedule = offer.schedules.get()
    saved(schedule, note="im Garten")
    assert "im Garten" in page(client, tenant, offer)

    room = RoomFactory(municipality=m, facility=tenant.facility, name="Bewegungsraum")
    booking = BookingFactory(room=room, start_date=datetime.date(2027, 1, 5))
    saved(schedule, booking=booking)
    assert "Raum: Bewegungsraum" in page(client, tenant, offer)
    saved(room, name="Turnraum")
    assert "Raum: Turnraum" in page(client, tenant, offer)
    saved(booking, cancelled_at=timezone.now())
    assert "Raum:" not in page(client, tenant, offer)

    saved(schedule, skip_school_holidays=True)
    assert "Di, 05.01.2027" in page(client, tenant, offer)
    holidays = HolidayPeriodFactory(municipality=m, first_day=datetime.date(2027, 1, 1))
    text = page(client, tenant, offer)
    assert "Di, 05.01.2027" not in text and "Di, 12.01.2027" in text
    with scopes_disabled():
        holidays.delete()
    assert "Di, 05.01.2027" in page(client, tenant, offer)

    OfferScheduleFactory(offer=offer, kind="on_request", start_date=None, rrule="")
    assert "Nach Vereinbarung" in page(client, tenant, offer)
    with scopes_disabled():
        schedule.delete()
    assert "05.01.2027" not in page(client, tenant, offer)


def test_viewers_get_the_facts_of_their_own_reach(client, tenant, offer):
    link = f'/organisationen/{offer.provider_id}/"'

    def links_provider(role) -> bool:
        client.force_login(tenant.users[role])
        html = client.get(url(tenant, "offer_detail", offer.pk)).content.decode()
        assert "Familienbildung Nord" in html
        return link in html

    assert [links_provider(role) for role in (Role.PLANNER, Role.PARTNER, Role.PLANNER)] == [
        True,
        False,
        True,
    ]
