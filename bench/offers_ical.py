"""iCal feed figure (issue 10): the public feed of a municipality with 500 recurring offers
(weekly, every other week, n-th weekday; half skip the school holidays, some with
exceptions), fetched through the real view. Cold: the holiday EXDATE cache empty (every series
walked); warm: as calendar apps refetch. The same-run baseline writes the same events with
icalendar's component objects (``Calendar``/``Event``/``to_ical``), the straightforward way.

Target: ≤ 300 ms per feed (cold); the query count does not grow with the number of offers.
"""

import random
import sys
from datetime import date, time, timedelta

from bench.harness import count_queries, report, scaled, setup_django, temp_database, timed

OFFERS = scaled(500, 200)
TARGET_S = 0.3

RULES = [
    ("FREQ=WEEKLY;BYDAY={day}", 1),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY={day}", 2),
    ("FREQ=MONTHLY;BYDAY=2{day}", 4),
    ("FREQ=WEEKLY;BYDAY=MO,{day}", 1),
]
DAYS = ["MO", "TU", "WE", "TH", "FR"]
# School holidays 2027 of one Land (as imported from an iCal file).
HOLIDAYS = [
    (date(2027, 2, 1), date(2027, 2, 6)),
    (date(2027, 3, 22), date(2027, 4, 2)),
    (date(2027, 5, 7), date(2027, 5, 7)),
    (date(2027, 7, 8), date(2027, 8, 20)),
    (date(2027, 10, 11), date(2027, 10, 23)),
    (date(2027, 12, 23), date(2028, 1, 2)),
]


def seed(count: int):
    from django_scopes import scopes_disabled

    from verbund.offers.models import Offer, OfferSchedule
    from verbund.offers.scheduling import schedule_values
    from verbund.rooms.models import HolidayPeriod
    from verbund.tenancy.tests.factories import FamilyCentreFactory, MunicipalityFactory

    rng = random.Random(10)
    municipality = MunicipalityFactory(slug="bench", name="Benchstadt")
    centre = FamilyCentreFactory(municipality=municipality, name="Familienzentrum Mitte")
    with scopes_disabled():
        HolidayPeriod.objects.bulk_create(
            HolidayPeriod(municipality=municipality, name="Ferien", first_day=a, last_day=b)
            for a, b in HOLIDAYS
        )
        offers = Offer.objects.bulk_create(
            Offer(
                municipality=municipality,
                centre=centre,
                title=f"Elterncafé Köpenick {n} – Frühstück, Spiel; Beratung",
                summary="Offener Treff für Eltern mit Kindern von 0 bis 3 Jahren. Mit Frühstück.",
                format="open_meeting",
                street=f"Bölschestraße {n}",
                postcode="12587",
                city="Berlin",
                place_kind="address",
                contact_phone="030 123456",
            )
            for n in range(count)
        )
        schedules = []
        for offer in offers:
            rule, _step = rng.choice(RULES)
            start = date(2027, 1, 4) + timedelta(days=rng.randrange(0, 60))
            weekday = DAYS.index(rng.choice(DAYS))
            hour = rng.choice([9, 10, 15])
            kind = {1: "weekly", 2: "biweekly", 4: "monthly_nth"}[_step]
            data = {
                "repeat": kind if "MO," not in rule else "weekly",
                "start_date": start,
                "start_time": time(hour, rng.choice([0, 30])),
                "end_time": time(hour + rng.choice([1, 2, 3]), 0),
                "weekdays": [weekday] if "MO," not in rule else [0, weekday or 1],
                "nth": 2,
                "month_weekday": weekday,
                "until": start + timedelta(days=rng.randrange(200, 360)),
                "count": None,
                "exdates": [],
                "skip_school_holidays": rng.random() < 0.5,
            }
            values = schedule_values(data, HOLIDAYS)
            schedules.append(OfferSchedule(municipality=municipality, offer=offer, **values))
        OfferSchedule.objects.bulk_create(schedules)
    return municipality


def icalendar_baseline(municipality):
    """The same events through icalendar's component objects (same data, same queries)."""
    from datetime import UTC, datetime

    import icalendar
    from django_scopes import scope

    from verbund.offers.feeds import description_text, feed_offers, place_text
    from verbund.offers.occurrences import BERLIN, holiday_periods, recurrence_for
    from verbund.offers.search import public_offers

    with scope(municipality=municipality.pk):
        offers, _cut = feed_offers(public_offers(municipality=municipality))
        holidays = holiday_periods(municipality.pk)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Angebote")
    now = datetime.now(UTC)
    for offer in offers:
        for schedule in offer.schedules.all():
            r = recurrence_for(schedule, holidays)
            event = icalendar.Event()
            event.add("uid", f"{schedule.pk}@bench")
            event.add("dtstamp", now)
            event.add("dtstart", datetime.combine(r.start_date, r.start_time, tzinfo=BERLIN))
            event.add("dtend", datetime.combine(r.start_date, r.end_time, tzinfo=BERLIN))
            event.add("rrule", icalendar.vRecur.from_ical(r.to_rrule(tz=BERLIN)))
            skipped = sorted(set(r.exdates) | set(r.holiday_dates()))
            if skipped:
                event.add(
                    "exdate", [datetime.combine(d, r.start_time, tzinfo=BERLIN) for d in skipped]
                )
            event.add("summary", offer.title)
            event.add("location", place_text(offer))
            event.add("description", description_text(offer, schedule))
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def main() -> int:
    setup_django()
    import icalendar
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    with temp_database():
        municipality = seed(OFFERS)
        small = seed_small()
        client = Client()
        url = reverse("offers:feed_public", args=[municipality.slug])

        def fetch():
            response = client.get(url)
            assert response.status_code == 200
            return response.content

        def cold():
            cache.clear()
            fetch()

        body = fetch()
        events = len(icalendar.Calendar.from_ical(body).walk("VEVENT"))
        cold_t = timed(cold, repeat=5)
        warm_t = timed(fetch, repeat=5)
        base_t = timed(lambda: icalendar_baseline(municipality), repeat=3)
        queries = count_queries(cold)
        queries_small = count_queries(
            lambda: client.get(reverse("offers:feed_public", args=[small.slug]))
        )
        ok = cold_t["median_s"] <= TARGET_S and queries == queries_small
        report(
            "offers_ical",
            offers=OFFERS,
            events=events,
            feed_bytes=len(body),
            cold_median_ms=round(cold_t["median_s"] * 1000, 1),
            warm_median_ms=round(warm_t["median_s"] * 1000, 1),
            icalendar_components_median_ms=round(base_t["median_s"] * 1000, 1),
            ratio_to_icalendar_components=round(cold_t["median_s"] / base_t["median_s"], 3),
            queries=queries,
            queries_with_5_offers=queries_small,
            target_ms=TARGET_S * 1000,
            ok=ok,
        )
    return 0 if ok else 1


def seed_small():
    from django_scopes import scopes_disabled

    from verbund.offers.tests.factories import OfferFactory, OfferScheduleFactory
    from verbund.tenancy.tests.factories import FamilyCentreFactory, MunicipalityFactory

    municipality = MunicipalityFactory(slug="klein", name="Kleinstadt")
    centre = FamilyCentreFactory(municipality=municipality)
    with scopes_disabled():
        for _n in range(5):
            OfferScheduleFactory(
                offer=OfferFactory(municipality=municipality, centre=centre),
                skip_school_holidays=True,
            )
    return municipality


if __name__ == "__main__":
    sys.exit(main())
