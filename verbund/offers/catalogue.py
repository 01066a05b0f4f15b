"""Reads of the catalogue part: one offer with everything its page shows, the review queue,
offers due for confirmation, and the freshness condition of the public view.

``fresh_enough_q`` is the condition ``public_offers`` (``search.py``) honours: an offer whose
provider has not confirmed it for ``OFFERS_CHECK_AFTER_DAYS`` plus ``OFFERS_GRACE_DAYS`` leaves
the public view (it stays in the network's internal catalogue, marked for confirmation).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from verbund.areas.models import Area
from verbund.core.prepared import PreparedQuery, attach_all

from .choices import OfferStatus, ReviewState
from .models import Offer, OfferSchedule

RUNNING = [OfferStatus.ACTIVE, OfferStatus.PLANNED, OfferStatus.PAUSED]


def check_after_days() -> int:
    return int(getattr(settings, "OFFERS_CHECK_AFTER_DAYS", 180))


def grace_days() -> int:
    return int(getattr(settings, "OFFERS_GRACE_DAYS", 30))


def _checked_before(cutoff: date) -> Q:
    """Offers last confirmed before ``cutoff`` (never confirmed: counted from their creation)."""
    start = timezone.make_aware(datetime.combine(cutoff, time.min))
    return Q(last_checked__lt=cutoff) | Q(last_checked__isnull=True, created_at__lt=start)


def due_for_check_q(today: date | None = None) -> Q:
    """Not confirmed for ``OFFERS_CHECK_AFTER_DAYS``: the provider is asked to confirm."""
    today = today or timezone.localdate()
    return _checked_before(today - timedelta(days=check_after_days()))


def stale_q(today: date | None = None) -> Q:
    """Not confirmed even after the grace period: out of the public view."""
    today = today or timezone.localdate()
    return _checked_before(today - timedelta(days=check_after_days() + grace_days()))


def fresh_enough_q(today: date | None = None) -> Q:
    """The condition for the public view (``public_offers`` filters with it)."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=check_after_days() + grace_days())
    start = timezone.make_aware(datetime.combine(cutoff, time.min))
    return Q(last_checked__gte=cutoff) | Q(last_checked__isnull=True, created_at__gte=start)


def checked_on(offer: Offer) -> date:
    """The day the offer counts as last confirmed."""
    if offer.last_checked:
        return offer.last_checked
    return timezone.localdate(offer.created_at) if offer.created_at else timezone.localdate()


def check_due_on(offer: Offer) -> date:
    return checked_on(offer) + timedelta(days=check_after_days())


def hidden_on(offer: Offer) -> date:
    return checked_on(offer) + timedelta(days=check_after_days() + grace_days())


def _offer_query(municipality_id, pk):
    return Offer.objects.filter(municipality_id=municipality_id, pk=pk).select_related(
        "centre", "provider", "location", "agreement"
    )


def _co_providers_query(pk):
    from verbund.network.models import Organisation

    return Organisation.objects.filter(co_offers=pk)


def _terms_query(pk):
    from verbund.taxonomy.models import Term

    return Term.objects.filter(offers=pk)


def _areas_query(pk):
    # Names only: an area's boundary (GeoJSON, often hundreds of kilobytes) would be parsed
    # for every area the offer serves.
    return Area.objects.filter(offers=pk).only("pk", "municipality_id", "name", "level")


def _needs_query(pk):
    from verbund.analysis.models import Need

    return Need.objects.filter(offers=pk)


def _schedules_query(pk):
    return OfferSchedule.objects.filter(offer_id=pk).select_related("booking__room")


_OFFER = PreparedQuery(_offer_query)
_RELATED = (
    ("co_providers", PreparedQuery(_co_providers_query)),
    ("terms", PreparedQuery(_terms_query)),
    ("areas_served", PreparedQuery(_areas_query)),
    ("needs", PreparedQuery(_needs_query)),
    ("schedules", PreparedQuery(_schedules_query)),
)


def offer_get(*, municipality, pk: int, related: bool = True) -> Offer:
    """One offer with everything its page shows (a fixed number of queries, each compiled once
    per process: ``verbund.core.prepared``); with ``related=False`` the offer alone, with its
    centre, provider, place and agreement (``attach_related`` adds the rest when needed)."""
    offer = _OFFER.one(municipality_id=municipality.pk, pk=int(pk))
    offer.municipality = municipality  # the filter above: no query for its slug in the page
    if related:
        attach_related(offer)
    return offer


def attach_related(offer: Offer) -> None:
    """The offer's co-providers, terms, areas, needs and schedules (with their rooms), read as
    ``prefetch_related`` would."""
    attach_all(offer, _RELATED)


def viewable(*, municipality, access) -> QuerySet:
    """What a signed-in user may open: approved offers of the network, and those they keep."""
    from .permissions import manage_offer, view_offer

    queryset = access.narrow(view_offer, Offer.objects.filter(municipality=municipality))
    return queryset.filter(
        Q(review_state=ReviewState.APPROVED) | access.filter(manage_offer, Offer)
    )


def review_queue(*, municipality, access) -> QuerySet:
    """Offers waiting for the user's approval, oldest first."""
    from .permissions import approve_offer

    return (
        access.narrow(
            approve_offer,
            Offer.objects.filter(municipality=municipality, review_state=ReviewState.SUBMITTED),
        )
        .select_related("centre", "provider")
        .order_by("updated_at", "pk")
    )


def returned_offers(*, municipality, access) -> QuerySet:
    from .permissions import manage_offer

    return (
        access.narrow(
            manage_offer,
            Offer.objects.filter(municipality=municipality, review_state=ReviewState.RETURNED),
        )
        .select_related("centre", "provider")
        .order_by("updated_at", "pk")
    )


def due_for_check(*, municipality, access, today: date | None = None) -> QuerySet:
    """Running offers the user keeps that wait for "Angaben stimmen noch", oldest first."""
    from .permissions import manage_offer

    return (
        access.narrow(
            manage_offer,
            Offer.objects.filter(municipality=municipality, status__in=RUNNING),
        )
        .filter(due_for_check_q(today))
        .select_related("centre", "provider")
        .order_by("last_checked", "created_at", "pk")
    )


def terms_by_vocabulary(offer: Offer) -> OrderedDict:
    """The offer's terms grouped by list (life phases first), from the prefetched terms."""
    from verbund.taxonomy.vocabulary import Vocabulary

    grouped: OrderedDict = OrderedDict((label, []) for _value, label in Vocabulary.choices)
    labels = dict(Vocabulary.choices)
    for term in sorted(offer.terms.all(), key=lambda t: (t.vocabulary, t.position, t.pk)):
        grouped[labels.get(term.vocabulary, term.vocabulary)].append(term)
    return OrderedDict((label, items) for label, items in grouped.items() if items)
