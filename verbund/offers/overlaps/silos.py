"""Offers by kind of service per area: which run jointly across kinds, which stand alone.

"Versäulung": offers resting on different legal bases (youth work § 11, family education § 16,
childcare § 22, health, school …) each run in their own column and are not connected. An offer
counts as **joint** when

* it carries two or more kinds of service itself,
* a co-provider also provides offers of another kind of service, or
* it belongs to a cooperation agreement with a partner that provides offers of another kind.

Otherwise it **stands alone**. Counts per area and kind; a page costs a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from verbund.areas.models import Area
from verbund.taxonomy.models import Term, Vocabulary

from .. import permissions as perms
from ..models import Offer
from .report import running_area_ids
from .similarity import RUNNING

AREAS_PER_PAGE = 10
NO_KIND = 0  # row of offers without a kind of service


@dataclass
class KindRow:
    term_id: int
    label: str
    joint: int = 0
    alone: int = 0

    @property
    def total(self) -> int:
        return self.joint + self.alone


@dataclass
class AreaSilos:
    area: Area
    rows: list[KindRow] = field(default_factory=list)

    @property
    def joint(self) -> int:
        return sum(row.joint for row in self.rows)

    @property
    def alone(self) -> int:
        return sum(row.alone for row in self.rows)


def silo_offers(*, municipality, access) -> QuerySet:
    offers = Offer.objects.filter(municipality=municipality, status__in=RUNNING)
    return access.narrow(perms.view_overlaps, offers)


def silo_areas(*, municipality, access) -> QuerySet:
    if access.filter(perms.view_overlaps, Offer) == Q():
        served, _crowded = running_area_ids(municipality=municipality)
        areas = Area.objects.filter(municipality=municipality, pk__in=sorted(served))
    else:
        through = Offer.areas_served.through.objects.filter(
            offer__in=silo_offers(municipality=municipality, access=access)
        )
        areas = Area.objects.filter(municipality=municipality, pk__in=through.values("area_id"))
    return areas.only("pk", "name", "level", "code").order_by("name", "pk")


def kind_terms(*, municipality) -> list[Term]:
    return list(
        Term.objects.filter(municipality=municipality, vocabulary=Vocabulary.SERVICE_KIND).order_by(
            "position", "pk"
        )
    )


def joint_offers(offer_ids) -> tuple[dict[int, set[int]], set[int]]:
    """Kinds of service per offer, and which of the offers run jointly across kinds (5 queries).

    ``offer_ids`` may be a list or a subquery of offer IDs."""
    from verbund.cooperation.models import Party

    kinds: dict[int, set[int]] = defaultdict(set)
    terms = Offer.terms.through.objects.filter(
        offer_id__in=offer_ids, term__vocabulary=Vocabulary.SERVICE_KIND
    )
    for offer_id, term_id in terms.values_list("offer_id", "term_id"):
        kinds[offer_id].add(term_id)
    partners: dict[int, set[int]] = defaultdict(set)  # offer → partner organisations
    co = Offer.co_providers.through.objects.filter(offer_id__in=offer_ids)
    for offer_id, organisation_id in co.values_list("offer_id", "organisation_id"):
        partners[offer_id].add(organisation_id)
    by_agreement = Party.objects.filter(
        agreement__offers__in=offer_ids, organisation__isnull=False
    ).values_list("agreement__offers", "organisation_id")
    for offer_id, organisation_id in by_agreement:
        partners[offer_id].add(organisation_id)
    own = dict(Offer.objects.filter(pk__in=offer_ids).values_list("pk", "provider_id"))
    organisation_ids = set().union(*partners.values()) if partners else set()
    organisation_kinds: dict[int, set[int]] = defaultdict(set)
    if organisation_ids:
        provided = (
            Offer.terms.through.objects.filter(
                offer__provider_id__in=organisation_ids,
                offer__status__in=RUNNING,
                term__vocabulary=Vocabulary.SERVICE_KIND,
            )
            .values_list("offer__provider_id", "term_id")
            .distinct()
        )
        for organisation_id, term_id in provided:
            organisation_kinds[organisation_id].add(term_id)
    joint: set[int] = set()
    for offer_id in own:
        mine = kinds.get(offer_id, set())
        if len(mine) >= 2:
            joint.add(offer_id)
            continue
        for organisation_id in partners.get(offer_id, ()):
            if organisation_id == own[offer_id]:
                continue
            if organisation_kinds.get(organisation_id, set()) - mine:
                joint.add(offer_id)
                break
    return kinds, joint


def area_silos(*, municipality, access, areas: list[Area], kinds: list[Term]) -> list[AreaSilos]:
    """Joint and stand-alone offers per kind of service for one page of areas (6 queries)."""
    page_ids = [area.pk for area in areas]
    if not page_ids:
        return []
    offers = silo_offers(municipality=municipality, access=access)
    rows = list(
        Offer.areas_served.through.objects.filter(
            area_id__in=page_ids, offer__in=offers
        ).values_list("area_id", "offer_id")
    )
    offer_ids = {offer_id for _area, offer_id in rows}
    offer_kinds, joint = joint_offers(list(offer_ids))
    labels = [(term.pk, term.label) for term in kinds]
    tables: dict[int, dict[int, KindRow]] = {
        pk: {term_id: KindRow(term_id, label) for term_id, label in labels} for pk in page_ids
    }
    for area_id, offer_id in rows:
        table = tables[area_id]
        for term_id in offer_kinds.get(offer_id) or {NO_KIND}:
            if term_id not in table:
                table[term_id] = KindRow(term_id, _("ohne Leistungsart"))
            if offer_id in joint:
                table[term_id].joint += 1
            else:
                table[term_id].alone += 1
    return [
        AreaSilos(area=area, rows=[row for row in tables[area.pk].values() if row.total])
        for area in areas
    ]


def cell_offers(*, municipality, access, area_id: int, kind_id: int, joint: bool | None):
    """The offers behind one cell of the table (drill-down), for pagination."""
    offers = silo_offers(municipality=municipality, access=access).filter(areas_served=area_id)
    kind_filter = Offer.terms.through.objects.filter(term__vocabulary=Vocabulary.SERVICE_KIND)
    if kind_id == NO_KIND:
        offers = offers.exclude(pk__in=kind_filter.values("offer_id"))
    else:
        offers = offers.filter(pk__in=kind_filter.filter(term_id=kind_id).values("offer_id"))
    if joint is not None:
        _kinds, joint_ids = joint_offers(offers.values("pk"))
        offers = offers.filter(pk__in=joint_ids) if joint else offers.exclude(pk__in=joint_ids)
    return offers.select_related("provider", "centre").order_by("title", "pk")
