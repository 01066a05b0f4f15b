"""Room conflict check: a weekly series over a year against 5,000 bookings in the same room.

    .venv/bin/python -m bench.rooms_conflicts          (SQLite; DATABASE_URL for PostgreSQL)
    .venv/bin/python -m bench --ci rooms_conflicts     (1,000 bookings)

The room holds 5,000 bookings over the year: four in five single dates (weekdays, 8–20 Uhr),
one in five series (weekly, every other week or monthly, some skipping school holidays). The
candidate is a weekly series on Wednesdays 9–11 for a year, checked with
``verbund.rooms.conflicts.find_conflicts`` (the check ``booking_create`` runs before saving).
Target: median ≤ 50 ms. Also a series that collides with nothing (Sundays, when nothing is
booked), the number of queries, and the baseline: one primary-key query measured in the same
run, as a ratio.
"""

from __future__ import annotations

import random
import sys
from datetime import date, time, timedelta

from bench.harness import count_queries, report, scaled, setup_django, temp_database, timed

TARGET_MS = 50
YEAR_START = date(2027, 1, 4)  # a Monday


def build_bookings(room, n: int, rng: random.Random):
    from verbund.core.recurrence import Kind, Recurrence
    from verbund.rooms.conflicts import span_of
    from verbund.rooms.models import Booking

    rows = []
    for i in range(n):
        hour = rng.randrange(8, 20)
        minutes = rng.choice([30, 60, 90, 120])
        start = time(hour, rng.choice([0, 30]))
        end_minutes = min(hour * 60 + start.minute + minutes, 21 * 60 + 59)
        end = time(end_minutes // 60, end_minutes % 60)
        day = YEAR_START + timedelta(days=rng.randrange(0, 52) * 7 + rng.randrange(0, 5))
        if rng.random() < 0.8:
            recurrence = Recurrence(day, start, end)
        else:
            kind = rng.choice([Kind.WEEKLY, Kind.BIWEEKLY, Kind.MONTHLY_NTH])
            recurrence = Recurrence(
                day,
                start,
                end,
                kind=kind,
                count=rng.randrange(4, 30),
                skip_holidays=rng.random() < 0.3,
            )
        first, last, mask = span_of(recurrence)
        rows.append(
            Booking(
                municipality=room.municipality,
                room=room,
                title=f"Buchung {i}",
                start_date=recurrence.start_date,
                start_time=start,
                end_time=end,
                rrule=recurrence.rule_text(),
                count=recurrence.count,
                skip_holidays=recurrence.skip_holidays,
                first_date=first,
                last_date=last,
                weekday_mask=mask,
            )
        )
    Booking.objects.bulk_create(rows, batch_size=1000)


def main() -> int:
    setup_django()
    from django_scopes import scope

    from verbund.accounts.testing import build_tenant
    from verbund.core.recurrence import Kind, Recurrence
    from verbund.rooms.conflicts import find_conflicts
    from verbund.rooms.models import HolidayPeriod, Room

    n = scaled(5000, 1000)
    rng = random.Random(20270104)
    with temp_database() as vendor:
        tenant = build_tenant("benchstadt")
        municipality = tenant.municipality
        with scope(municipality=municipality.pk):
            room = Room.objects.create(
                municipality=municipality, facility=tenant.facility, name="Mehrzweckraum"
            )
            other = Room.objects.create(
                municipality=municipality, facility=tenant.facility, name="Nebenraum"
            )
            HolidayPeriod.objects.bulk_create(
                HolidayPeriod(municipality=municipality, name=name, first_day=a, last_day=b)
                for name, a, b in [
                    ("Osterferien", date(2027, 3, 22), date(2027, 4, 3)),
                    ("Sommerferien", date(2027, 7, 19), date(2027, 8, 31)),
                    ("Herbstferien", date(2027, 10, 23), date(2027, 11, 6)),
                ]
            )
            build_bookings(room, n, rng)
            build_bookings(other, n // 5, rng)  # another room's bookings must not count
            candidate = Recurrence(
                YEAR_START + timedelta(days=2),
                time(9),
                time(11),
                kind=Kind.WEEKLY,
                until=YEAR_START + timedelta(days=366),
            )
            free = Recurrence(
                YEAR_START + timedelta(days=6),
                time(9),
                time(11),
                kind=Kind.WEEKLY,
                until=YEAR_START + timedelta(days=370),
            )
            found = find_conflicts(room, candidate)
            check = timed(lambda: find_conflicts(room, candidate), repeat=15)
            check_free = timed(lambda: find_conflicts(room, free), repeat=15)
            baseline = timed(lambda: Room.objects.filter(pk=room.pk).exists(), repeat=15)
            queries = count_queries(lambda: find_conflicts(room, candidate))
            queries_free = count_queries(lambda: find_conflicts(room, free))
            assert find_conflicts(room, free) == []
        median_ms = check["median_s"] * 1000
        ok = median_ms <= TARGET_MS
        report(
            "rooms_conflicts",
            vendor=vendor,
            bookings_in_room=n,
            candidate_dates=len(list(candidate.dates())),
            conflicts_found=len(found),
            conflict_check_median_ms=round(median_ms, 2),
            conflict_check_min_ms=round(check["min_s"] * 1000, 2),
            free_series_median_ms=round(check_free["median_s"] * 1000, 2),
            queries=queries,
            queries_free=queries_free,
            baseline_pk_query_ms=round(baseline["median_s"] * 1000, 3),
            ratio_to_baseline=round(check["median_s"] / baseline["median_s"], 1),
            target_ms=TARGET_MS,
            target_met=ok,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
