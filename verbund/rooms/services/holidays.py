"""School holidays, imported all or nothing from an iCal file (``holidays_ical``)."""

from __future__ import annotations

from django.db import transaction

from verbund.core.audit import create_logged, log_action, snapshot

from ..holidays_ical import ParsedHoliday
from ..models import HolidayPeriod


@transaction.atomic
def holidays_import(
    *, actor, municipality, periods: list[ParsedHoliday], source: str = ""
) -> tuple[list[HolidayPeriod], int]:
    """Create the periods not yet known (same first and last day); returns (created, skipped)."""
    known = set(
        HolidayPeriod.objects.filter(municipality=municipality).values_list("first_day", "last_day")
    )
    created = []
    skipped = 0
    for period in periods:
        if (period.first_day, period.last_day) in known:
            skipped += 1
            continue
        known.add((period.first_day, period.last_day))
        created.append(
            create_logged(
                HolidayPeriod,
                values={"municipality": municipality, "source": source[:200]},
                fields=["name", "first_day", "last_day"],
                data={
                    "name": period.name[:200],
                    "first_day": period.first_day,
                    "last_day": period.last_day,
                },
                action="rooms.holiday.imported",
                actor=actor,
            )
        )
    return created, skipped


@transaction.atomic
def holiday_delete(*, actor, period: HolidayPeriod) -> None:
    before = snapshot(period, ["name", "first_day", "last_day"])
    log_action("rooms.holiday.deleted", actor=actor, instance=period, before=before)
    period.delete()
