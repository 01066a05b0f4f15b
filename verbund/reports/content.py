"""What the development report shows, read from the live data of the apps below.

:func:`build` returns plain values (strings, numbers, lists, dicts) so the same content renders
as the page, the PDF and the DOCX, and is kept as it was in a frozen version. Every section
costs a fixed number of queries, whatever the number of partners, offers or meetings; only the
Sozialraum profile costs a few per area (at most ``MAX_AREAS``).
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from verbund.analysis import permissions as analysis_perms
from verbund.analysis.choices import NeedStatus, Priority
from verbund.analysis.models import Need
from verbund.analysis.selectors.profile import area_profile
from verbund.cooperation import permissions as cooperation_perms
from verbund.cooperation.models import Agreement
from verbund.cooperation.models.agreements import Status as AgreementStatus
from verbund.core.numbers import format_decimal
from verbund.meetings import permissions as meetings_perms
from verbund.meetings.models import Meeting
from verbund.network import permissions as network_perms
from verbund.network.models import Body, Relationship
from verbund.network.models.relationships import ACTIVE_STATUSES
from verbund.network.models.relationships import Status as RelationshipStatus
from verbund.offers import permissions as offers_perms
from verbund.offers.choices import OfferStatus
from verbund.offers.models import Offer
from verbund.planning import permissions as planning_perms
from verbund.planning.models import GoalReview, Programme, ReviewStatus
from verbund.taxonomy.models import Term
from verbund.taxonomy.vocabulary import Vocabulary

from .models import SECTIONS, Report

MAX_AREAS = 4
MAX_LIST = 60  # names listed per group; the counts always cover all
RUNNING_AGREEMENTS = [AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.UNDER_REVIEW]


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _in_period(report: Report, value) -> bool:
    if value is None:
        return False
    if isinstance(value, datetime.datetime):
        value = value.date()
    return report.period_start <= value <= report.period_end


def _profile(report: Report, access) -> dict:
    if not access.can(analysis_perms.view_profiles):
        return {"visible": False, "areas": []}
    areas = list(report.centre.areas.order_by("name")[: MAX_AREAS + 1])
    result = []
    for area in areas[:MAX_AREAS]:
        profile = area_profile(municipality=report.municipality, area=area)
        rows = []
        for row in profile.rows:
            if row.value is None:
                continue
            change = row.change_previous
            trend = ""
            if change is not None:
                trend = (
                    _("gestiegen") if change > 0 else _("gesunken") if change < 0 else _("gleich")
                )
            rows.append(
                {
                    "label": row.indicator.name,
                    "unit": row.indicator.unit,
                    "year": row.year,
                    "value": format_decimal(row.value, row.digits),
                    "previous_year": row.previous[0] if row.previous else None,
                    "previous": format_decimal(row.previous[1], row.digits) if row.previous else "",
                    "change": format_decimal(change, row.digits) if change is not None else "",
                    "trend": trend,
                    "median": format_decimal(row.median, row.digits),
                }
            )
        result.append({"name": area.name, "rows": rows})
    return {"visible": True, "areas": result, "more_areas": len(areas) > MAX_AREAS}


def _network(report: Report, access) -> dict:
    centre, start, end = report.centre, report.period_start, report.period_end
    data = {"visible": True}
    if access.can(network_perms.view_relationship, centre):
        ties = access.narrow(
            network_perms.view_relationship,
            Relationship.objects.filter(municipality=report.municipality, centre=centre),
        ).filter(created_at__date__lte=end)
        counts = ties.aggregate(
            active=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
            cooperating=Count("pk", filter=Q(status=RelationshipStatus.COOPERATING)),
            new=Count("pk", filter=Q(created_at__date__gte=start)),
            ended=Count(
                "pk",
                filter=Q(status=RelationshipStatus.ENDED, updated_at__date__gte=start),
            ),
        )
        new = list(
            ties.filter(created_at__date__gte=start)
            .order_by("organisation__name")
            .values_list("organisation__name", flat=True)[:MAX_LIST]
        )
        data["partners"] = {**counts, "new_names": new}
    else:
        data["partners"] = None
    agreements = access.narrow(
        cooperation_perms.view_agreement,
        Agreement.objects.filter(municipality=report.municipality, centre=centre),
    ).values_list("title", "status", "start_date", "end_date", "status_changed_at")
    signed, ended, running = [], [], 0
    for title, status, begin, finish, changed in agreements.order_by("title", "pk"):
        if status in RUNNING_AGREEMENTS and not (finish and finish < start):
            running += 1
        if status not in (AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION) and _in_period(
            report, begin
        ):
            signed.append({"title": title, "date": _day(begin)})
        if (status == AgreementStatus.ENDED and _in_period(report, changed)) or (
            status != AgreementStatus.ENDED and _in_period(report, finish)
        ):
            ended.append({"title": title, "date": _day(finish or (changed and changed.date()))})
    data["agreements"] = {
        "running": running,
        "signed": signed[:MAX_LIST],
        "signed_count": len(signed),
        "ended": ended[:MAX_LIST],
        "ended_count": len(ended),
    }
    bodies = access.narrow(
        network_perms.view_body,
        Body.objects.filter(municipality=report.municipality).filter(
            Q(centre=centre) | Q(members__centre=centre)
        ),
    )
    bodies = (
        bodies.exclude(dissolved_on__lt=start)
        .exclude(founded_on__gt=end)
        .distinct()
        .order_by("name")
        .values_list("name", "kind", "founded_on")
    )
    kinds = dict(Body._meta.get_field("kind").choices)
    data["bodies"] = [
        {
            "name": name,
            "kind": str(kinds.get(kind, kind)),
            "new": _in_period(report, founded),
        }
        for name, kind, founded in bodies[:MAX_LIST]
    ]
    return data


def _offers(report: Report, access) -> dict:
    centre, start, end = report.centre, report.period_start, report.period_end
    offers = access.narrow(
        offers_perms.view_offer,
        Offer.objects.filter(municipality=report.municipality, centre=centre),
    ).filter(created_at__date__lte=end)
    offers = offers.exclude(status=OfferStatus.ENDED, updated_at__date__lt=start)
    total = offers.count()
    phases = list(
        Term.objects.filter(
            municipality=report.municipality, vocabulary=Vocabulary.LIFE_PHASE, active=True
        )
        .order_by("position", "pk")
        .values_list("pk", "label")
    )
    per_phase = dict(
        Offer.terms.through.objects.filter(
            offer__in=offers.values("pk"), term__vocabulary=Vocabulary.LIFE_PHASE
        )
        .values_list("term_id")
        .annotate(n=Count("offer_id", distinct=True))
        .values_list("term_id", "n")
    )
    chain = [{"label": label, "count": per_phase.get(pk, 0)} for pk, label in phases]
    closed = []
    if access.can(analysis_perms.view_needs, centre):
        closed = [
            {"title": title, "offers": n}
            for title, n in access.narrow(
                analysis_perms.view_needs,
                Need.objects.filter(municipality=report.municipality, centre=centre),
            )
            .filter(status=NeedStatus.MET, updated_at__date__gte=start, updated_at__date__lte=end)
            .annotate(n=Count("offers", distinct=True))
            .order_by("title")
            .values_list("title", "n")[:MAX_LIST]
        ]
    return {
        "visible": True,
        "total": total,
        "chain": chain,
        "open_phases": [row["label"] for row in chain if row["count"] == 0],
        "gaps_closed": closed,
    }


def _needs(report: Report, access) -> dict:
    centre = report.centre
    if not access.can(analysis_perms.view_needs, centre):
        return {"visible": False}
    needs = access.narrow(
        analysis_perms.view_needs,
        Need.objects.filter(municipality=report.municipality, centre=centre),
    ).filter(created_at__date__lte=report.period_end)
    statuses = dict(NeedStatus.choices)
    priorities = dict(Priority.choices)
    by_status = Counter(dict(needs.order_by().values_list("status").annotate(n=Count("pk"))))
    reported = [
        {
            "title": title,
            "status": str(statuses.get(status, status)),
            "priority": str(priorities.get(priority, priority)),
            "date": _day(created.date()),
        }
        for title, status, priority, created in needs.filter(
            created_at__date__gte=report.period_start
        )
        .order_by("created_at", "pk")
        .values_list("title", "status", "priority", "created_at")[:MAX_LIST]
    ]
    return {
        "visible": True,
        "by_status": [
            {"label": str(label), "count": by_status.get(key, 0)}
            for key, label in NeedStatus.choices
        ],
        "reported": reported,
        "reported_count": needs.filter(created_at__date__gte=report.period_start).count(),
    }


def _goals(report: Report, access) -> dict:
    centre = report.centre
    if not access.can(planning_perms.view_programme, centre):
        return {"visible": False, "programmes": []}
    programmes = list(
        access.narrow(
            planning_perms.view_programme,
            Programme.objects.filter(municipality=report.municipality, centre=centre),
        )
        .filter(year__gte=report.period_start.year, year__lte=report.period_end.year)
        .order_by("year")
        .prefetch_related("goals")
    )
    results = {}
    for result in (
        GoalReview.objects.filter(
            municipality=report.municipality,
            review__programme__in=[p.pk for p in programmes],
            review__status=ReviewStatus.DONE,
        )
        .select_related("review")
        .order_by("review__held_on", "review__planned_on", "pk")
    ):
        results[result.goal_id] = result  # the latest review wins
    statuses = dict(Programme._meta.get_field("status").choices)
    listed = []
    for programme in programmes:
        goals = []
        for goal in sorted(programme.goals.all(), key=lambda g: (g.position, g.pk)):
            result = results.get(goal.pk)
            goals.append(
                {
                    "position": goal.position,
                    "title": goal.title,
                    "target": format_decimal(goal.target_value, 1)
                    if goal.target_value is not None
                    else "",
                    "due_on": _day(goal.due_on),
                    "reviewed_on": _day(result.review.held_on or result.review.planned_on)
                    if result
                    else "",
                    "value": format_decimal(result.current_value, 1)
                    if result and result.current_value is not None
                    else "",
                    "light": result.get_traffic_light_display() if result else "",
                    "light_key": result.traffic_light if result else "",
                    "decision": result.get_decision_display() if result else "",
                    "note": result.decision_note if result else "",
                }
            )
        listed.append(
            {
                "year": programme.year,
                "status": str(statuses.get(programme.status, programme.status)),
                "goals": goals,
            }
        )
    return {"visible": True, "programmes": listed}


def _meetings(report: Report, access) -> dict:
    centre = report.centre
    meetings = access.narrow(
        meetings_perms.view_meeting,
        Meeting.objects.filter(municipality=report.municipality).filter(
            Q(body__centre=centre) | Q(circle__centre=centre)
        ),
    ).filter(date__gte=report.period_start, date__lte=report.period_end)
    rows = list(
        meetings.order_by("date", "start_time", "pk").values_list(
            "date", "title", "confidential", "body__name", "circle__name"
        )
    )
    series = Counter(body or circle or "" for _d, _t, _c, body, circle in rows)
    return {
        "visible": True,
        "count": len(rows),
        "series": [{"name": name, "count": n} for name, n in sorted(series.items())],
        "held": [
            {
                "date": _day(date),
                "title": _("vertrauliche Sitzung") if confidential else title,
                "series": body or circle or "",
            }
            for date, title, confidential, body, circle in rows[: MAX_LIST * 2]
        ],
    }


BUILDERS = {
    "profile": _profile,
    "network": _network,
    "offers": _offers,
    "needs": _needs,
    "goals": _goals,
    "meetings": _meetings,
}


def build(report: Report, *, access) -> dict:
    """The report's content: head, each section's figures and the coordinator's text."""
    sections = []
    for key, label, help_text in SECTIONS:
        sections.append(
            {
                "key": key,
                "heading": str(label),
                "help": str(help_text),
                "text": report.text_for(key),
                "data": BUILDERS[key](report, access),
            }
        )
    return {
        "title": report.title,
        "centre": report.centre.name,
        "provider": report.centre.provider.name if report.centre.provider_id else "",
        "municipality": report.municipality.name,
        "period_start": _day(report.period_start),
        "period_end": _day(report.period_end),
        "introduction": report.introduction,
        "conclusion": report.conclusion,
        "sections": sections,
    }
