"""seed_scale --offers: offers at real shape, spread over the centres, in any batch size."""

import datetime
import io

import pytest
from dateutil.rrule import rrulestr
from django.core.management import call_command
from django.db.models import Count
from django_scopes import scopes_disabled

from verbund.offers.choices import ScheduleKind
from verbund.offers.models import Offer, OfferSchedule
from verbund.offers.text import search_text_for
from verbund.tenancy.models import FamilyCentre, Municipality

pytestmark = pytest.mark.django_db


def _seed(prefix, **extra):
    out = io.StringIO()
    options = {
        "prefix": prefix,
        "centres": 6,
        "facilities_per_centre": 2,
        "municipalities": 2,
        "areas": 12,
        "area_vertices": 8,
        "organisations": 10,
        "offers": 61,
        "batch": 7,
        "stdout": out,
    }
    call_command("seed_scale", **(options | extra))
    return out.getvalue()


def test_offers_have_real_shape_and_are_spread_over_the_centres():
    output = _seed("ang")
    assert "61 Angebote" in output
    with scopes_disabled():
        municipalities = Municipality.objects.filter(slug__startswith="ang-")
        offers = Offer.objects.filter(municipality__in=municipalities)
        assert offers.count() == 61
        # evenly over the municipalities and their centres
        per_centre = dict(offers.values_list("centre").annotate(n=Count("id")))
        centres = FamilyCentre.objects.filter(municipality__in=municipalities)
        assert set(per_centre) == set(centres.values_list("pk", flat=True))
        assert max(per_centre.values()) - min(per_centre.values()) <= 1
        for offer in offers.prefetch_related("terms", "areas_served", "schedules"):
            terms = list(offer.terms.all())
            assert 2 <= len(terms) <= 5
            assert {t.municipality_id for t in terms} == {offer.municipality_id}
            assert {t.vocabulary for t in terms} >= {"life_phase", "topic", "service_kind"}
            assert offer.centre.municipality_id == offer.municipality_id
            if offer.provider_id:
                assert offer.provider.municipality_id == offer.municipality_id
            if offer.location_id:
                assert offer.location.centre_id == offer.centre_id
            areas = list(offer.areas_served.all())
            assert areas and {a.municipality_id for a in areas} == {offer.municipality_id}
            assert 1 <= len(offer.schedules.all()) <= 2
            # the generated search text is exactly what the services would store
            assert offer.search_text == search_text_for(offer)
            offer.full_clean()
        series = OfferSchedule.objects.filter(
            offer__in=offers, kind=ScheduleKind.SERIES
        ).select_related("offer")
        assert series.exists()
        for schedule in series:
            assert schedule.rrule.startswith("FREQ=")
            # every series ends, and has dates
            assert schedule.until and f"UNTIL={schedule.until:%Y%m%d}" in schedule.rrule
            start = datetime.datetime.combine(schedule.start_date, schedule.start_time)
            assert list(rrulestr(schedule.rrule, dtstart=start))
            assert schedule.weekdays in {1, 2, 4, 8, 16, 32, 64}
            assert schedule.start_minute == schedule.start_time.hour * 60 + (
                schedule.start_time.minute
            )
            assert schedule.end_time > schedule.start_time
            assert schedule.municipality_id == schedule.offer.municipality_id
            schedule.full_clean()
        assert offers.filter(status="active", visibility="public").count() > 61 // 2


def test_batch_size_does_not_change_the_count():
    _seed("gr", batch=2000, offers=40)
    _seed("kl", batch=1, offers=40)
    with scopes_disabled():
        big = Offer.objects.filter(municipality__slug__startswith="gr-").count()
        small = Offer.objects.filter(municipality__slug__startswith="kl-").count()
    assert big == small == 40


def test_offers_without_areas_or_organisations():
    _seed("ohne", areas=0, organisations=0, offers=9)
    with scopes_disabled():
        offers = Offer.objects.filter(municipality__slug__startswith="ohne-")
        assert offers.count() == 9
        assert not offers.filter(provider__isnull=False).exists()
        for offer in offers.prefetch_related("terms"):
            assert offer.search_text == search_text_for(offer)
