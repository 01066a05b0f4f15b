"""The municipality's report of likely duplicate structures (Doppelstrukturen).

Pairs of running offers by different providers that serve the same area and score high on
``score_pair`` (same life phase and topic, similar title, overlapping times …). The work is
bounded: only offers sharing an area, a life phase and a topic are compared (blocks), the report
is paginated by area (``AREAS_PER_PAGE``), a block compares at most ``MAX_BLOCK`` offers, and
a page costs a fixed number of queries whatever the size of the municipality.

Who sees what follows ``view_overlaps``: the planner the whole city, a coordinator the pairs with
one of her centres' offers, a provider admin those with one of its centres' offers. Pairs marked
complementary leave the report for their own list (``complementary_list``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet

from verbund.areas.models import Area
from verbund.core.paging import in_key_order
from verbund.taxonomy.models import Vocabulary

from .. import permissions as perms
from ..models import ComplementaryPair, Offer
from . import cache
from .similarity import (
    RUNNING,
    Features,
    complementary_partners,
    load_features,
    load_labels,
    score_pair,
)

# Same area, life phase and topic alone make 0.5; a pair needs more in common to be reported
# (a similar title, overlapping times, the same target group …).
REPORT_THRESHOLD = 0.65
AREAS_PER_PAGE = 10
MAX_BLOCK = 120
PAIRS_SHOWN = 10  # per area in the overview; one area alone shows up to PAIRS_SHOWN_ONE
PAIRS_SHOWN_ONE = 100
# What the report shows and compares of an offer (not its address, contact, search text …).
OFFER_FIELDS = (
    "pk",
    "municipality_id",
    "title",
    "summary",
    "description",
    "format",
    "status",
    "provider_id",
    "centre_id",
    "provider__name",
    "centre__name",
)
# What the scoring reads of an offer.
SCORED_FIELDS = ("pk", "title", "summary", "description", "provider_id", "centre_id")
NONE = 0  # block key for an offer without life phase or topic


@dataclass
class Pair:
    first: Offer
    second: Offer
    score: float
    reasons: list[str]
    can_mark: bool = False

    @property
    def offers(self) -> tuple[Offer, Offer]:
        return self.first, self.second


class PairKey(NamedTuple):
    """A pair as the report shows it, without its offers loaded."""

    first_id: int
    second_id: int
    score: float
    reasons: tuple
    can_mark: bool


@dataclass
class AreaPairs:
    area: Area
    pairs: list[Pair] | list[PairKey] = field(default_factory=list)
    truncated: bool = False
    total: int = 0  # pairs found; only the best ``shown`` are in ``pairs``

    @property
    def more(self) -> int:
        return self.total - len(self.pairs)


def running_offers(*, municipality) -> QuerySet:
    return Offer.objects.filter(municipality=municipality, status__in=RUNNING)


def reachable_offers(*, municipality, access) -> QuerySet:
    """The running offers whose pairs this user's report shows (one side suffices)."""
    return access.narrow(perms.view_overlaps, running_offers(municipality=municipality))


def running_area_ids(*, municipality) -> tuple[frozenset[int], frozenset[int]]:
    """(areas served by a running offer, areas served by at least two), per change of the
    offers."""

    def compute():
        counts = (
            Offer.areas_served.through.objects.filter(
                offer__municipality=municipality, offer__status__in=RUNNING
            )
            .values_list("area_id")
            .annotate(n=Count("offer_id"))
            .order_by()
        )
        counted = dict(counts)
        return frozenset(counted), frozenset(pk for pk, n in counted.items() if n >= 2)

    return cache.running_areas(municipality.pk, compute)


def report_areas(*, municipality, access) -> QuerySet:
    """Areas with at least two running offers, one of them within the user's reach."""
    _served, crowded = running_area_ids(municipality=municipality)
    areas = Area.objects.filter(municipality=municipality, pk__in=sorted(crowded))
    if access.filter(perms.view_overlaps, Offer) != Q():
        mine = Offer.areas_served.through.objects.filter(
            offer__in=reachable_offers(municipality=municipality, access=access)
        ).values("area_id")
        areas = areas.filter(pk__in=mine)
    return areas.only("pk", "name", "level", "code").order_by("name", "pk")


def report_area_ids(*, municipality, access) -> list[int]:
    """The ids of ``report_areas`` in their order; kept per change for a viewer who sees every
    running offer (the same list for all of them)."""

    def compute():
        return list(
            report_areas(municipality=municipality, access=access).values_list("pk", flat=True)
        )

    if access.filter(perms.view_overlaps, Offer) == Q():
        return cache.report_area_ids(municipality.pk, compute)
    return compute()


def areas_in_order(*, municipality, ids: list[int]) -> list[Area]:
    """The areas of ``ids`` (one page of ``report_area_ids``), in that order."""
    areas = Area.objects.filter(municipality=municipality, pk__in=ids).only(
        "pk", "name", "level", "code"
    )
    return in_key_order(areas, ids)


def offers_without_area(*, municipality, access) -> int:
    """Running offers in reach that name no area: the report cannot compare them."""

    def compute():
        return (
            reachable_offers(municipality=municipality, access=access)
            .filter(areas_served__isnull=True)
            .count()
        )

    if access.filter(perms.view_overlaps, Offer) == Q():
        return cache.without_area_count(municipality.pk, compute)
    return compute()


def _blocks(features: Features, area_id: int) -> list[tuple[int, int, int]]:
    phases = features.terms.get(Vocabulary.LIFE_PHASE) or {NONE}
    topics = features.terms.get(Vocabulary.TOPIC) or {NONE}
    return [(area_id, phase, topic) for phase in phases for topic in topics]


def _area_order(labels, area_ids) -> dict[int, tuple]:
    return {pk: (labels.areas.get(pk, ("", ""))[0], pk) for pk in area_ids}


def area_pair_keys(
    *, municipality, access, areas: list[Area], shown: int = PAIRS_SHOWN
) -> list[AreaPairs]:
    """The likely duplicates of the given areas (one page of ``report_areas``) within the
    user's reach, the best ``shown`` per area, as ``PairKey`` (offer ids, score, reasons,
    whether the user may mark the pair): what a page shows, without loading the offers. The
    scoring is the same for everyone and kept per change (``cache.scored_pairs``); a request
    narrows it to the user's reach: 3 queries when cached."""
    page_ids = [area.pk for area in areas]
    result = {area.pk: AreaPairs(area=area) for area in areas}
    if not page_ids:
        return []
    scored = cache.scored_pairs(
        municipality.pk,
        page_ids,
        lambda: _score_areas(municipality=municipality, page_ids=page_ids),
    )
    offer_ids = {pk for pairs, _truncated in scored.values() for x, y, *_ in pairs for pk in (x, y)}
    if access.filter(perms.view_overlaps, Offer) == Q():
        mine = offer_ids  # the viewer sees every running offer: no query of thousands of ids
    else:
        mine = set(
            reachable_offers(municipality=municipality, access=access)
            .filter(pk__in=offer_ids)
            .values_list("pk", flat=True)
        )
    kept: dict[int, list[tuple]] = {}
    for area_id in page_ids:
        pairs, truncated = scored.get(area_id, ((), False))
        visible = [pair for pair in pairs if pair[0] in mine or pair[1] in mine]
        result[area_id].truncated = truncated
        result[area_id].total = len(visible)
        kept[area_id] = visible[:shown]
    shown_ids = {pk for pairs in kept.values() for x, y, *_ in pairs for pk in (x, y)}
    if not (shown_ids and access.can(perms.mark_complementary)):
        markable = set()
    elif access.filter(perms.mark_complementary, Offer) == Q():
        markable = shown_ids
    else:
        markable = set(
            access.narrow(
                perms.mark_complementary, Offer.objects.filter(pk__in=shown_ids)
            ).values_list("pk", flat=True)
        )
    for area_id, pairs in kept.items():
        result[area_id].pairs = [
            PairKey(x, y, score, tuple(reasons), x in markable or y in markable)
            for x, y, score, reasons in pairs
        ]
    return [result[pk] for pk in page_ids]


def with_offers(groups: list[AreaPairs]) -> list[AreaPairs]:
    """``groups`` of ``area_pair_keys`` with their pairs' offers loaded (one query)."""
    shown_ids = {pk for group in groups for pair in group.pairs for pk in pair[:2]}
    offers = {
        offer.pk: offer
        for offer in Offer.objects.filter(pk__in=shown_ids)
        .select_related("provider", "centre")
        .only(*OFFER_FIELDS)
    }
    for group in groups:
        group.pairs = [
            Pair(
                first=offers[key.first_id],
                second=offers[key.second_id],
                score=key.score,
                reasons=list(key.reasons),
                can_mark=key.can_mark,
            )
            for key in group.pairs
        ]
    return groups


def area_pairs(
    *, municipality, access, areas: list[Area], shown: int = PAIRS_SHOWN
) -> list[AreaPairs]:
    """``area_pair_keys`` with the offers loaded: 4 queries when cached, 11 when not."""
    return with_offers(
        area_pair_keys(municipality=municipality, access=access, areas=areas, shown=shown)
    )


def _score_areas(*, municipality, page_ids: list[int]) -> dict[int, tuple[list[tuple], bool]]:
    """area id → (pairs as (first id, second id, score, reasons), best first; whether a block
    was cut at ``MAX_BLOCK``), for everyone's reach: the same for every user. 8 queries."""
    rows = Offer.areas_served.through.objects.filter(
        area_id__in=page_ids, offer__municipality=municipality, offer__status__in=RUNNING
    ).values_list("area_id", "offer_id")  # a join, not IN (subquery): PostgreSQL plans it well
    members: dict[int, list[int]] = defaultdict(list)
    offer_ids: set[int] = set()
    for area_id, offer_id in rows:
        members[area_id].append(offer_id)
        offer_ids.add(offer_id)
    features = load_features(list(Offer.objects.filter(pk__in=offer_ids).only(*SCORED_FIELDS)))
    all_terms: set[int] = set()
    all_areas: set[int] = set()
    for item in features.values():
        all_areas |= item.areas
        for ids in item.terms.values():
            all_terms |= ids
    labels = load_labels(term_ids=all_terms, area_ids=all_areas)
    order = _area_order(labels, all_areas)
    skip = complementary_partners(offer_ids)
    seen: set[tuple[int, int]] = set()
    scored: dict[int, tuple[list[tuple], bool]] = {}
    for area_id in page_ids:
        blocks: dict[tuple, list[int]] = defaultdict(list)
        for offer_id in sorted(members.get(area_id, [])):
            for key in _blocks(features[offer_id], area_id):
                blocks[key].append(offer_id)
        pairs: list[tuple] = []
        truncated = False
        for block in blocks.values():
            if len(block) > MAX_BLOCK:
                truncated = True
                block = block[:MAX_BLOCK]
            for x, y in combinations(block, 2):
                if (x, y) in seen:
                    continue
                seen.add((x, y))
                a, b = features[x], features[y]
                if a.provider_key == b.provider_key or y in skip.get(x, ()):
                    continue
                # A pair serving several areas is shown once, under the first of them.
                if min(a.areas & b.areas, key=order.__getitem__) != area_id:
                    continue
                score, reasons = score_pair(a, b, labels, REPORT_THRESHOLD)
                if score >= REPORT_THRESHOLD:
                    pairs.append((x, y, score, tuple(reasons)))
        pairs.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))
        scored[area_id] = (pairs, truncated)
    return scored


def pair_similarity(first: Offer, second: Offer) -> tuple[float, list[str]]:
    """Score and reasons of one pair (for its own page); six queries."""
    features = load_features([first, second])
    terms: set[int] = set()
    areas: set[int] = set()
    for item in features.values():
        areas |= item.areas
        for ids in item.terms.values():
            terms |= ids
    labels = load_labels(term_ids=terms, area_ids=areas)
    return score_pair(features[first.pk], features[second.pk], labels)


def complementary_list(*, municipality, access) -> QuerySet:
    """Pairs marked complementary that involve an offer within the user's reach."""
    pairs = ComplementaryPair.objects.filter(municipality=municipality)
    return access.narrow(perms.view_overlaps, pairs).select_related(
        "first__provider", "first__centre", "second__provider", "second__centre", "marked_by"
    )


def complementary_get(*, municipality, pk: int) -> ComplementaryPair:
    return ComplementaryPair.objects.select_related(
        "first__provider", "first__centre", "second__provider", "second__centre", "marked_by"
    ).get(municipality=municipality, pk=pk)


def pair_offers(*, municipality, first_id: int, second_id: int) -> tuple[Offer, Offer]:
    """The two offers of a pair in canonical order; ``Offer.DoesNotExist`` unless both are
    offers of this municipality and different."""
    if first_id == second_id:
        raise Offer.DoesNotExist
    low, high = sorted((first_id, second_id))
    offers = {
        offer.pk: offer
        for offer in Offer.objects.filter(
            Q(pk=low) | Q(pk=high), municipality=municipality
        ).select_related("provider", "centre", "location")
    }
    if len(offers) != 2:
        raise Offer.DoesNotExist
    return offers[low], offers[high]


def export_rows(*, municipality, access):
    """Every likely pair of every area in reach (up to ``PAIRS_SHOWN_ONE`` per area), as rows
    for the export, read one page of areas at a time (memory stays bounded)."""
    areas = report_areas(municipality=municipality, access=access)
    last = None
    while True:
        chunk = (
            areas
            if last is None
            else areas.filter(Q(name__gt=last[0]) | Q(name=last[0], pk__gt=last[1]))
        )
        page = list(chunk[:AREAS_PER_PAGE])
        if not page:
            return
        for group in area_pairs(
            municipality=municipality, access=access, areas=page, shown=PAIRS_SHOWN_ONE
        ):
            for pair in group.pairs:
                row = [group.area.name, round(pair.score * 100)]
                for offer in pair.offers:
                    row += [
                        offer.pk,
                        offer.title,
                        offer.provider.name if offer.provider_id else offer.centre.name,
                        offer.centre.name,
                    ]
                yield [*row, "; ".join(str(reason) for reason in pair.reasons)]
        last = (page[-1].name, page[-1].pk)
