"""The planning counts of the welcome visits: aggregates only, never a single family.

Every count from 1 to 4 is suppressed (``None``, shown as "unter 5"). Where the cells of a
group add up to a published total (the families by status, the declines by channel, the months
of one area), a single suppressed cell could be recomputed from the total, so the smallest
other non-zero cell of the group is suppressed as well (secondary suppression).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from .models import DeclineChannel, Family, FamilyStatus, ListedOffer, Outcome, Visit

SUPPRESS_BELOW = 5
TOP_OFFERS = 15


def suppress(count: int) -> int | None:
    """Counts below the threshold become ``None``; zero stays zero."""
    return None if 0 < count < SUPPRESS_BELOW else count


def suppress_group(counts: list[int]) -> list[int | None]:
    """Primary suppression, then, if exactly one cell is hidden, the smallest other non-zero
    cell too, so that no hidden cell follows from the group's total."""
    shown: list[int | None] = [suppress(count) for count in counts]
    hidden = [i for i, value in enumerate(shown) if value is None]
    if len(hidden) == 1:
        others = [(counts[i], i) for i, value in enumerate(shown) if value]
        if others:
            shown[min(others)[1]] = None
    return shown


@dataclass
class Statistics:
    families: int | None
    announced: int | None
    reached: int | None
    share_reached: int | None  # percent of the families announced (or with an outcome)
    by_area_month: list[dict]
    outcomes: list[tuple[str, int | None]]
    declines: list[tuple[str, int | None]]
    topics: list[tuple[str, int | None]]
    materials: list[tuple[str, int | None]]
    offers: list[tuple[str, int | None]]
    offers_total: int | None


def _area_months(visits) -> list[dict]:
    rows = (
        visits.filter(outcome=Outcome.VISITED)
        .annotate(month=TruncMonth("appointment"))
        .values("family__area__name", "month")
        .annotate(count=Count("pk"))
        .order_by("family__area__name", "month")
    )
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["family__area__name"] or ""].append(row)
    result = []
    for area, cells in groups.items():
        shown = suppress_group([cell["count"] for cell in cells])
        for cell, value in zip(cells, shown, strict=True):
            result.append({"area": area, "month": cell["month"], "count": value})
        result.append(
            {"area": area, "month": None, "count": suppress(sum(c["count"] for c in cells))}
        )
    return result


def visit_statistics(*, municipality, area=None) -> Statistics:
    """The counts of one municipality, or of one area (the area profile). A fixed number of
    queries; topics and materials are summed in chunks."""
    families = Family.objects.filter(municipality=municipality)
    visits = Visit.objects.filter(municipality=municipality)
    listed = ListedOffer.objects.filter(municipality=municipality)
    if area is not None:
        families = families.filter(area=area)
        visits = visits.filter(family__area=area)
        listed = listed.filter(area=area)
    totals = families.aggregate(
        total=Count("pk"),
        announced=Count("pk", filter=~Q(announced_on=None) | ~Q(status=FamilyStatus.OPEN)),
    )
    status_counts = dict(
        families.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    statuses = list(FamilyStatus.choices)
    shown = suppress_group([status_counts.get(code, 0) for code, _label in statuses])
    outcomes = [(str(label), value) for (_code, label), value in zip(statuses, shown, strict=True)]
    reached = dict(zip([code for code, _l in statuses], shown, strict=True))[FamilyStatus.VISITED]
    channel_counts = dict(
        families.filter(status=FamilyStatus.DECLINED)
        .order_by()
        .values_list("decline_channel")
        .annotate(n=Count("pk"))
        .values_list("decline_channel", "n")
    )
    channels = [*DeclineChannel.choices, ("", _("beim Besuch"))]
    channel_shown = suppress_group([channel_counts.get(code, 0) for code, _label in channels])
    by_status = dict(zip([code for code, _l in statuses], shown, strict=True))
    # The channels add up to the declines: hidden there, hidden here (across the tables).
    if by_status[FamilyStatus.DECLINED] is None:
        channel_shown = [value and None for value in channel_shown]
    declines = [
        (str(label), value) for (_code, label), value in zip(channels, channel_shown, strict=True)
    ]
    area_months = _area_months(visits)
    if reached is None:  # the visits by area add up to the visited families
        area_months = [{**row, "count": row["count"] and None} for row in area_months]
    topic_counter: Counter = Counter()
    material_counter: Counter = Counter()
    for topics, materials in visits.values_list("topics", "materials").iterator(chunk_size=2000):
        topic_counter.update(topics or [])
        material_counter.update(materials or [])
    offer_rows = list(
        listed.order_by()
        .values("offer__title")
        .annotate(n=Count("pk"))
        .order_by("-n", "offer__title")[:TOP_OFFERS]
    )
    announced = totals["announced"]
    share = None
    if reached is not None and suppress(announced) is not None and announced:
        share = round(100 * status_counts.get(FamilyStatus.VISITED, 0) / announced)
    return Statistics(
        families=suppress(totals["total"]),
        announced=suppress(announced),
        reached=reached,
        share_reached=share,
        by_area_month=area_months,
        outcomes=outcomes,
        declines=declines,
        topics=[(name, suppress(n)) for name, n in topic_counter.most_common()],
        materials=[(name, suppress(n)) for name, n in material_counter.most_common()],
        offers=[(row["offer__title"] or "–", suppress(row["n"])) for row in offer_rows],
        offers_total=suppress(listed.count()),
    )
