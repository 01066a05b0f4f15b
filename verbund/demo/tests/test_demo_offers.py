"""The demo offers of Lindenhagen: the whole prevention chain, the deliberate gaps with a confirmed
need, two duplicate pairs, a partner's offer awaiting approval, one long unconfirmed."""

import datetime
import io

import pytest
from dateutil.rrule import rrulestr
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership
from verbund.analysis.models import Need
from verbund.demo import offers_data as data
from verbund.offers.choices import ReviewState, ScheduleKind
from verbund.offers.models import Offer, OfferSchedule
from verbund.offers.text import search_text_for
from verbund.taxonomy.models import Term
from verbund.tenancy.models import Municipality

pytestmark = pytest.mark.django_db


def _keys(offer, vocabulary):
    return {t.key for t in offer.terms.all() if t.vocabulary == vocabulary}


def _areas(offer):
    return {a.name for a in offer.areas_served.all()}


def _minutes(time):
    return time.hour * 60 + time.minute


def test_demo_offers_along_the_chain_with_gaps_and_duplicates():
    call_command("seed_demo", stdout=io.StringIO())
    with scopes_disabled():
        town = Municipality.objects.get(slug="lindenhagen")
        offers = list(
            # (the neighbour town's offers of seed_demo_feeds have an origin)
            Offer.objects.filter(municipality=town, origin__isnull=True)
            .select_related("provider__facility", "location", "centre")
            .prefetch_related("terms", "areas_served", "schedules")
        )
        assert 140 <= len(offers) <= 160
        assert len(offers) == len(data.OFFERS)
        assert {o.centre.slug for o in offers} == {"nordstadt", "muehlbach", "altstadt", "suedfeld"}
        assert len({o.provider_id for o in offers if o.provider_id}) >= 20
        for offer in offers:
            offer.full_clean()
            assert offer.search_text == search_text_for(offer)
            assert offer.terms.all() and offer.areas_served.all() and offer.schedules.all()
            assert offer.contact_name
        active = [o for o in offers if o.status == "active"]

        # The whole chain: every life phase and every transition has active offers.
        phases = set(
            Term.objects.filter(municipality=town, vocabulary="life_phase")
            .exclude(key="all")
            .values_list("key", flat=True)
        )
        assert phases == {"pregnancy", "0-1", "1-3", "3-6", "6-10", "10-16", "16-21"}
        for key in phases:
            assert any(key in _keys(o, "life_phase") for o in active), key
        for key in Term.objects.filter(municipality=town, vocabulary="transition").values_list(
            "key", flat=True
        ):
            assert any(key in _keys(o, "transition") for o in active), key
        # Silos become visible: many kinds of service.
        assert len(set().union(*(_keys(o, "service_kind") for o in offers))) >= 9

        # The deliberate gaps, each also open elsewhere so the matrix shows a contrast.
        muehlbach = [o for o in offers if "Am Mühlbach" in _areas(o)]
        assert muehlbach
        assert not any(_keys(o, "life_phase") & {"10-16", "all"} for o in muehlbach)
        nordstadt = [o for o in offers if "Nordstadt" in _areas(o)]
        assert nordstadt
        assert not any("career_entry" in _keys(o, "transition") for o in nordstadt)
        assert not any(_keys(o, "life_phase") & {"16-21", "all"} for o in nordstadt)
        assert any("10-16" in _keys(o, "life_phase") for o in active if "Altstadt" in _areas(o))
        assert any("career_entry" in _keys(o, "transition") for o in active)
        need = Need.objects.get(municipality=town, title=data.NEEDS[0]["title"])
        assert need.status == "confirmed" and need.area.name == "Nordstadt"
        assert (need.life_phase.key, need.topic.key) == ("16-21", "transitions")

        # Two duplicate pairs: other provider, same Stadtteil, phase and topic, times overlap.
        by_title = {}
        for offer in offers:
            by_title.setdefault(offer.title, []).append(offer)
        for first_title, second_title in data.DUPLICATES:
            (first,) = by_title[first_title]
            (second,) = by_title[second_title]
            assert first.provider_id != second.provider_id
            assert _areas(first) & _areas(second)
            assert _keys(first, "life_phase") & _keys(second, "life_phase")
            assert _keys(first, "topic") & _keys(second, "topic")
            a, b = first.schedules.all()[0], second.schedules.all()[0]
            assert a.weekdays & b.weekdays
            assert _minutes(a.start_time) < _minutes(b.end_time)
            assert _minutes(b.start_time) < _minutes(a.end_time)

        # The partner's offer waits for approval and the partner's organisation provides it.
        (waiting,) = [o for o in offers if o.review_state == ReviewState.SUBMITTED]
        assert waiting.title == data.AWAITING_APPROVAL and waiting.reviewed_at is None
        partner = Membership.objects.get(user__username="partner", municipality=town)
        assert waiting.provider.facility_id == partner.facility_id
        assert waiting.provider.name == data.PARTNER_ORGANISATION

        # One offer not confirmed for a long time, the others recently.
        today = timezone.localdate()
        stale = [o for o in offers if o.last_checked < today - datetime.timedelta(days=365)]
        assert [o.title for o in stale] == [data.LONG_UNCHECKED]
        assert {"planned", "paused", "ended"} <= {o.status for o in offers}
        assert {"internal", "public"} == {o.visibility for o in offers}

        # Schedules of every kind, each series with an end and at least one date.
        schedules = list(OfferSchedule.objects.filter(municipality=town).select_related("offer"))
        kinds = {s.kind for s in schedules}
        assert kinds == {ScheduleKind.SERIES, ScheduleKind.SINGLE, ScheduleKind.ON_REQUEST}
        series = [s for s in schedules if s.kind == ScheduleKind.SERIES]
        assert any(s.skip_school_holidays for s in series)
        assert any("INTERVAL=2" in s.rrule for s in series)
        assert any("FREQ=MONTHLY;BYDAY=1" in s.rrule for s in series)
        assert any(s.count for s in series)
        for schedule in series:
            assert "UNTIL=" in schedule.rrule or "COUNT=" in schedule.rrule
            start = datetime.datetime.combine(schedule.start_date, schedule.start_time)
            dates = list(rrulestr(schedule.rrule, dtstart=start))
            assert dates and dates[0].date() == schedule.start_date, schedule.offer
            assert schedule.weekdays == 1 << schedule.start_date.weekday()
            assert schedule.start_minute == _minutes(schedule.start_time)
        for schedule in schedules:
            schedule.full_clean()
        # Offers in a house with rooms book one: the room calendars show them, without
        # two bookings of one room at the same time.
        booked = [s for s in schedules if s.booking_id]
        assert len(booked) >= 10
        for schedule in booked:
            assert schedule.booking.room.facility_id == schedule.offer.location_id
            assert schedule.booking.title == schedule.offer.title[:200]
        count = len(offers)

    # Running it again changes nothing.
    out = io.StringIO()
    call_command("seed_demo_offers", stdout=out)
    assert "schon vorhanden" in out.getvalue()
    with scopes_disabled():
        assert Offer.objects.filter(municipality=town, origin__isnull=True).count() == count
        assert Need.objects.filter(municipality=town, title=data.NEEDS[0]["title"]).count() == 1


def test_demo_offers_need_the_demo_municipality():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_demo_offers", stdout=io.StringIO())
