"""One search over offers for the internal list, the feeds, the API and the public finder.

``OfferQuery`` is what a user asked for (built from a query string, so every filter is a
shareable URL); ``search_offers`` turns it into a queryset. The full-text part goes through
``matching_text`` so the database-specific engine can replace it without touching callers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .choices import Cost, OfferStatus, ReviewState, Visibility
from .models import Offer, OfferSchedule
from .text import normalise

WEEKDAY_BITS = {
    day: 1 << index for index, day in enumerate(["mo", "di", "mi", "do", "fr", "sa", "so"])
}


@dataclass
class OfferQuery:
    text: str = ""
    terms: list[int] = field(default_factory=list)  # Term ids; within one list any, across all
    languages: list[str] = field(default_factory=list)
    free_only: bool = False
    areas: list[int] = field(default_factory=list)
    providers: list[int] = field(default_factory=list)
    centres: list[int] = field(default_factory=list)
    weekdays: list[str] = field(default_factory=list)  # "mo" … "so"
    time_from: int | None = None  # minute of the day
    time_to: int | None = None
    statuses: list[str] = field(default_factory=lambda: [OfferStatus.ACTIVE, OfferStatus.PLANNED])
    public_only: bool = False


def matching_text(queryset: QuerySet, text: str) -> QuerySet:
    """Offers whose normalised text contains every word typed (replaced by the full-text engine)."""
    for word in normalise(text).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def visible_offers(*, municipality, access) -> QuerySet:
    """Offers a signed-in user may see: approved ones of the network, and the ones they keep."""
    from .permissions import manage_offer, view_offer

    queryset = access.narrow(view_offer, Offer.objects.filter(municipality=municipality))
    return queryset.filter(
        Q(review_state=ReviewState.APPROVED) | access.filter(manage_offer, Offer)
    )


def public_offers(*, municipality) -> QuerySet:
    """What families may see: approved, public, running or planned."""
    return Offer.objects.filter(
        municipality=municipality,
        review_state=ReviewState.APPROVED,
        visibility=Visibility.PUBLIC,
        status__in=[OfferStatus.ACTIVE, OfferStatus.PLANNED],
    )


def search_offers(queryset: QuerySet, query: OfferQuery) -> QuerySet:
    """Apply every filter of ``query`` to ``queryset`` (visible_offers or public_offers)."""
    if query.public_only:
        queryset = queryset.filter(visibility=Visibility.PUBLIC)
    if query.statuses:
        queryset = queryset.filter(status__in=query.statuses)
    if query.text.strip():
        queryset = matching_text(queryset, query.text)
    if query.terms:
        from verbund.taxonomy.models import Term

        by_list: dict[str, list[int]] = {}
        for term_id, vocabulary in Term.objects.filter(pk__in=query.terms).values_list(
            "pk", "vocabulary"
        ):
            by_list.setdefault(vocabulary, []).append(term_id)
        for ids in by_list.values():
            queryset = queryset.filter(
                pk__in=Offer.terms.through.objects.filter(term_id__in=ids).values("offer_id")
            )
    for code in query.languages:
        queryset = queryset.filter(Q(languages__contains=code) | Q(interpretation=True))
    if query.free_only:
        queryset = queryset.filter(cost=Cost.FREE)
    if query.areas:
        queryset = queryset.filter(areas_served__in=query.areas).distinct()
    if query.providers:
        queryset = queryset.filter(provider__in=query.providers)
    if query.centres:
        queryset = queryset.filter(centre__in=query.centres)
    if query.weekdays or query.time_from is not None or query.time_to is not None:
        schedules = OfferSchedule.objects.all()
        if query.weekdays:
            bits = 0
            for day in query.weekdays:
                bits |= WEEKDAY_BITS.get(day, 0)
            schedules = schedules.extra(where=["weekdays & %s != 0"], params=[bits])
        if query.time_from is not None:
            schedules = schedules.filter(start_minute__gte=query.time_from)
        if query.time_to is not None:
            schedules = schedules.filter(start_minute__lte=query.time_to)
        queryset = queryset.filter(pk__in=schedules.values("offer_id"))
    return queryset
