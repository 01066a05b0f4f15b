"""The coordinator's working-conditions sheet (seed 003, point 7 and 8 a–e).

Gathered from the system in a fixed number of queries: the centres she coordinates (her
coordinator memberships), the size of their Sozialraum (areas, inhabitants from statistics,
facilities), her contracted hours for the year, the rounds she attended (attendance of
meetings) and the training and supervision recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from verbund.accounts.models import Membership
from verbund.areas.models import Area
from verbund.core.roles import Role
from verbund.meetings.models import Attendance, AttendanceStatus
from verbund.statistics.models import IndicatorValue, ValueStatus
from verbund.tenancy.models import Facility, FamilyCentre

from .models import ContractedHours, Training, TrainingKind

POPULATION = "population"


@dataclass
class Sheet:
    coordinator: object
    year: int
    centres: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    inhabitants: float | None = None
    inhabitants_year: int | None = None
    facilities: int = 0
    hours: ContractedHours | None = None
    rounds: list = field(default_factory=list)  # (series, attended)
    rounds_attended: int = 0
    rounds_total: int = 0
    trainings: list = field(default_factory=list)
    training_hours: dict = field(default_factory=dict)

    @property
    def hours_per_centre(self) -> Decimal | None:
        if self.hours is None or not self.centres:
            return None
        return (self.hours.weekly_hours / len(self.centres)).quantize(Decimal("0.1"))


def coordinator_centres(*, municipality, user):
    return FamilyCentre.objects.filter(
        municipality=municipality,
        pk__in=Membership.objects.filter(
            municipality=municipality, user=user, role=Role.COORDINATOR, centre__isnull=False
        ).values("centre"),
    ).select_related("provider")


def coordinators(*, municipality):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            pk__in=Membership.objects.filter(
                municipality=municipality, role=Role.COORDINATOR, centre__isnull=False
            ).values("user")
        )
        .order_by("last_name", "first_name", "username")
    )


def build_sheet(*, municipality, user, year: int) -> Sheet:
    sheet = Sheet(coordinator=user, year=year)
    sheet.centres = list(coordinator_centres(municipality=municipality, user=user))
    centre_ids = [c.pk for c in sheet.centres]
    sheet.areas = list(
        Area.objects.filter(municipality=municipality, centres__in=centre_ids)
        .distinct()
        .order_by("name")
    )
    area_ids = [a.pk for a in sheet.areas]
    values = IndicatorValue.objects.filter(
        municipality=municipality,
        indicator__key=POPULATION,
        area_id__in=area_ids,
        status=ValueStatus.OK,
        year__lte=year,
    )
    latest = values.aggregate(latest=Max("year"))["latest"]
    if latest is not None:
        sheet.inhabitants_year = latest
        sheet.inhabitants = values.filter(year=latest).aggregate(total=Sum("value"))["total"]
    sheet.facilities = Facility.objects.filter(
        municipality=municipality, centre_id__in=centre_ids, archived_at__isnull=True
    ).count()
    sheet.hours = (
        ContractedHours.objects.filter(municipality=municipality, coordinator=user, year=year)
        .select_related("centre")
        .first()
    )
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = (
        Attendance.objects.filter(
            municipality=municipality,
            user=user,
            meeting__date__gte=start,
            meeting__date__lte=end,
        )
        .values("meeting__circle__name", "meeting__body__name")
        .annotate(
            total=Count("pk"),
            attended=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
        )
        .order_by("meeting__circle__name", "meeting__body__name")
    )
    for row in rows:
        name = row["meeting__circle__name"] or row["meeting__body__name"]
        sheet.rounds.append((name, row["attended"], row["total"]))
        sheet.rounds_attended += row["attended"]
        sheet.rounds_total += row["total"]
    sheet.trainings = list(
        Training.objects.filter(
            municipality=municipality, coordinator=user, date__gte=start, date__lte=end
        ).order_by("date", "id")
    )
    totals = {kind: Decimal("0") for kind in TrainingKind}
    for training in sheet.trainings:
        totals[TrainingKind(training.kind)] += training.hours
    sheet.training_hours = {kind.label: hours for kind, hours in totals.items()}
    return sheet
