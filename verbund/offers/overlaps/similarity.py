"""Offers similar to one being written: shown before saving, to avoid duplicate structures.

``similar_offers`` is the one entry point the offer form uses; the duplicate report of the
municipality builds on the same score.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from ..choices import OfferStatus
from ..models import Offer
from ..text import normalise


@dataclass
class Similarity:
    offer: Offer
    score: float
    reasons: list[str]


def _words(text: str) -> set[str]:
    return {word for word in normalise(text).split() if len(word) > 3}


def similar_offers(
    *,
    municipality,
    title: str,
    summary: str,
    term_ids: list[int],
    area_ids: list[int],
    provider_id: int | None,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[Similarity]:
    """Running offers of other providers sharing terms or words with the candidate."""
    from django.utils.translation import gettext as _

    candidates = Offer.objects.filter(
        municipality=municipality, status__in=[OfferStatus.ACTIVE, OfferStatus.PLANNED]
    )
    if exclude_id:
        candidates = candidates.exclude(pk=exclude_id)
    if term_ids:
        candidates = candidates.annotate(
            shared_terms=Count("terms", filter=Q(terms__in=term_ids), distinct=True)
        ).filter(shared_terms__gt=0)
    else:
        return []
    words = _words(f"{title} {summary}")
    results: list[Similarity] = []
    for offer in candidates.select_related("provider").order_by("-shared_terms")[:50]:
        reasons = [_("%(count)d gemeinsame Merkmale") % {"count": offer.shared_terms}]
        score = offer.shared_terms / max(len(term_ids), 1)
        common = words & _words(f"{offer.title} {offer.summary}")
        if common:
            reasons.append(_("ähnlicher Titel: %(words)s") % {"words": ", ".join(sorted(common))})
            score += 0.5
        if offer.provider_id != provider_id:
            reasons.append(_("anderer Anbieter"))
        if score >= 0.75:
            results.append(Similarity(offer=offer, score=score, reasons=reasons))
    results.sort(key=lambda item: -item.score)
    return results[:limit]
