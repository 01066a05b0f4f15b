"""Reads of the gap analysis: which offers are reachable where, which needs lie over them.

A place (``GapScope``) is a centre's Sozialraum (the areas the centre serves, as the analysis
relates them: ``Area.centres``), one area, or the whole municipality. An offer is reachable in
a set of areas when
* it serves one of them (``areas_served``), or
* it takes place at a facility of a centre that serves one of them (located there), or
* it names no served area and its own centre serves one of them (a centre's offer is meant
  for its Sozialraum unless said otherwise).
Only active, approved offers count. Needs count when confirmed or in progress and lie in the
areas (or, without an area, belong to a centre serving them); the needs a person may not see
(``analysis.need.view``) are left out, in the counts as in the lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from verbund.analysis import permissions as analysis_perms
from verbund.analysis.choices import NeedStatus
from verbund.analysis.models import Need
from verbund.areas.models import Area, shape_of
from verbund.tenancy.models import FamilyCentre

from ..choices import OfferStatus, ReviewState
from ..models import Offer

OVERLAID_NEED_STATUSES = (NeedStatus.CONFIRMED, NeedStatus.IN_PROGRESS)


@dataclass(frozen=True)
class GapScope:
    municipality: object
    centre: FamilyCentre | None = None
    area: Area | None = None

    @property
    def city_wide(self) -> bool:
        return self.centre is None and self.area is None

    def area_ids(self):
        """A subquery of the areas this place covers (None: the whole municipality)."""
        if self.area is not None:
            return Area.objects.filter(pk=self.area.pk).values("pk")
        if self.centre is not None:
            return Area.objects.filter(municipality=self.municipality, centres=self.centre).values(
                "pk"
            )
        return None


def active_offers(*, municipality) -> QuerySet:
    return Offer.objects.filter(
        municipality=municipality,
        status=OfferStatus.ACTIVE,
        review_state=ReviewState.APPROVED,
    )


def reachable_offers(*, scope: GapScope) -> QuerySet:
    offers = active_offers(municipality=scope.municipality)
    areas = scope.area_ids()
    if areas is None:
        return offers
    served = Offer.areas_served.through.objects.filter(area_id__in=areas).values("offer_id")
    located = Offer.objects.filter(
        municipality=scope.municipality, location__centre__areas__in=areas
    ).values("pk")
    own = Offer.objects.filter(
        municipality=scope.municipality, areas_served__isnull=True, centre__areas__in=areas
    ).values("pk")
    condition = Q(pk__in=served) | Q(pk__in=located) | Q(pk__in=own)
    if scope.centre is not None:
        condition |= Q(centre=scope.centre, areas_served__isnull=True)
    return offers.filter(condition)


def overlaid_needs(*, scope: GapScope, access) -> QuerySet:
    needs = Need.objects.filter(municipality=scope.municipality, status__in=OVERLAID_NEED_STATUSES)
    needs = access.narrow(analysis_perms.view_needs, needs)
    areas = scope.area_ids()
    if areas is None:
        return needs
    condition = Q(area_id__in=areas) | Q(area__isnull=True, centre__areas__in=areas)
    if scope.centre is not None:
        condition |= Q(centre=scope.centre)
    ids = Need.objects.filter(municipality=scope.municipality).filter(condition).values("pk")
    return needs.filter(pk__in=ids)


def _with_terms(queryset, row, column, field_for=None):
    """Filter to the cell: the column term, and the row term or "all lebensphasen"."""
    from .matrix import ALL

    if field_for is None:  # offers: both terms in the many-to-many set
        rows = Q(terms=row)
        if row.vocabulary == "life_phase":
            rows |= Q(terms__vocabulary="life_phase", terms__key=ALL)
        ids = queryset.filter(rows).values("pk")
        return queryset.filter(pk__in=ids).filter(terms=column).distinct()
    rows = Q(**{field_for[0]: row})
    if row.vocabulary == "life_phase":
        rows |= Q(**{f"{field_for[0]}__key": ALL})
    return queryset.filter(rows, **{field_for[1]: column})


def cell_offers(*, scope: GapScope, row, column) -> QuerySet:
    return (
        _with_terms(reachable_offers(scope=scope), row, column)
        .select_related("centre", "provider", "location", "origin")
        .order_by("title", "id")
    )


def cell_needs(*, scope: GapScope, access, row, column) -> QuerySet:
    if row.vocabulary not in ("life_phase",) or column.vocabulary not in ("topic", "target_group"):
        return Need.objects.none()
    return (
        _with_terms(
            overlaid_needs(scope=scope, access=access),
            row,
            column,
            field_for=(row.vocabulary, column.vocabulary),
        )
        .select_related("centre", "area", "life_phase", "topic", "target_group")
        .defer(*shape_of("area"))
        .prefetch_related("offers")
        .order_by("-updated_at", "-id")
    )


def scope_centres(*, municipality, access, permission) -> QuerySet:
    return access.narrow(
        permission,
        FamilyCentre.objects.filter(municipality=municipality).only("pk", "name").order_by("name"),
    )


def scope_areas(*, municipality) -> QuerySet:
    return (
        Area.objects.filter(municipality=municipality)
        .only("pk", "name", "level")
        .order_by("level", "name")
    )
