"""Reads of the welcome visits.

A family is reached only through the centres of the user's visit-team memberships
(``Access.centres_by_role[Role.VISITOR]``), on top of the declared permission: a user who is
staff in one centre and visitor in another sees the families of the other only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from verbund.areas.models import shape_of
from verbund.core.roles import Role

from .models import Family, FamilyStatus, VisitSettings
from .permissions import work_with_families

OFFER_RADIUS_KM = 8.0
OFFER_LIMIT = 12


def visit_settings(*, municipality) -> VisitSettings:
    """The municipality's settings, or the defaults (unsaved) while none are stored."""
    found = VisitSettings.objects.filter(municipality=municipality).first()
    return found or VisitSettings(municipality=municipality)


def visit_centre_ids(access) -> set[int]:
    return set(access.centres_by_role.get(Role.VISITOR, set()))


def families_for(*, municipality, access) -> QuerySet:
    queryset = Family.objects.filter(
        municipality=municipality, anonymised_on=None, centre_id__in=visit_centre_ids(access)
    )
    return (
        access.narrow(work_with_families, queryset)
        .select_related("centre", "area")
        .defer(*shape_of("area"))
    )


def family_get(*, municipality, access, pk: int) -> Family:
    """Raises ``Family.DoesNotExist`` for a family the user may not see (the view: 404)."""
    return families_for(municipality=municipality, access=access).get(pk=pk)


def family_visits(*, family: Family) -> QuerySet:
    return family.visits.select_related("visitor").order_by("-appointment", "-pk")


def failed_attempts(*, family: Family) -> int:
    """The unsuccessful tries so far (each "not met" entry may count several)."""
    from django.db.models import Sum

    from .models import Outcome

    found = family.visits.filter(outcome=Outcome.NOT_REACHED).aggregate(n=Sum("attempts"))["n"]
    return found or 0


def families_to_announce(*, municipality, access, only_new: bool = True) -> QuerySet:
    queryset = families_for(municipality=municipality, access=access).filter(
        status=FamilyStatus.OPEN
    )
    if only_new:
        queryset = queryset.filter(announced_on=None)
    return queryset.order_by("centre__name", "postcode", "street", "house_number", "pk")


def visitors_of(*, centre) -> QuerySet:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__municipality_id=centre.municipality_id,
            memberships__role=Role.VISITOR,
            memberships__centre=centre,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def child_age_months(family: Family, today: date | None = None) -> int | None:
    if family.birth_month is None:
        return None
    today = today or timezone.localdate()
    return max(
        0, (today.year - family.birth_month.year) * 12 + today.month - family.birth_month.month
    )


def age_range_label(months: int | None) -> str:
    """What the printed list says about the child: an age range, nothing more."""
    from django.utils.translation import gettext as _

    if months is None:
        return ""
    if months < 6:
        return _("0 bis 6 Monate")
    if months < 12:
        return _("6 bis 12 Monate")
    if months < 36:
        return _("1 bis 3 Jahre")
    return _("ab 3 Jahren")


# --- the personal offer list ---------------------------------------------------------------


@dataclass
class OfferLine:
    offer: object
    title: str
    summary: str
    is_translation: bool
    free: bool
    in_language: bool
    distance_km: float | None
    dates: list = field(default_factory=list)


def _life_phase_ids(*, municipality, ages_months: list[int]) -> list[int]:
    from verbund.taxonomy.models import Term

    phases = Term.objects.filter(
        municipality=municipality, vocabulary="life_phase", min_age_months__isnull=False
    ).values_list("pk", "min_age_months", "max_age_months")
    return [
        pk
        for pk, low, high in phases
        if any(low <= age and (high is None or age <= high) for age in ages_months)
    ]


def personal_offers(*, family: Family, language: str, today: date | None = None) -> list[OfferLine]:
    """Public offers for the child's (and the older siblings') age, near the address; free
    ones first, then those in the family's language, then the nearest."""
    from verbund.offers.occurrences import next_dates_for
    from verbund.offers.search import OfferQuery, public_offers, search_offers
    from verbund.offers.translations import translated

    ages = [child_age_months(family, today) or 0] + [
        years * 12 for years in family.sibling_age_list()
    ]
    phases = _life_phase_ids(municipality=family.municipality, ages_months=ages)
    query = OfferQuery(
        term_lists=[phases] if phases else [],
        municipality_id=family.municipality_id,
        latitude=family.latitude,
        longitude=family.longitude,
        radius_km=OFFER_RADIUS_KM if family.latitude is not None else None,
    )
    found = list(
        search_offers(public_offers(municipality=family.municipality), query)
        .select_related("centre")
        .prefetch_related("schedules__booking__room")[: OFFER_LIMIT * 3]
    )
    texts = translated(found, language)
    lines = []
    for offer in found:
        spoken = (offer.languages or "").split()
        text = texts[offer.pk]
        lines.append(
            OfferLine(
                offer=offer,
                title=text.title,
                summary=text.summary,
                is_translation=text.is_translation,
                free=offer.cost == "free",
                in_language=language in spoken or offer.interpretation,
                distance_km=getattr(offer, "distance_km", None),
            )
        )
    lines.sort(
        key=lambda line: (
            not line.free,
            not line.in_language,
            line.distance_km if line.distance_km is not None else 999,
            line.title,
        )
    )
    lines = lines[:OFFER_LIMIT]
    for line in lines:
        line.dates = next_dates_for(line.offer, limit=3, today=today)
    return lines


# --- statistics (aggregates only): see .statistics ------------------------------------------

from .statistics import SUPPRESS_BELOW, Statistics, visit_statistics  # noqa: E402

__all__ = ["SUPPRESS_BELOW", "Statistics", "visit_statistics"]
