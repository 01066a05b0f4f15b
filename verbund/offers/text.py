"""The normalised text an offer is found by (kept in ``Offer.search_text`` by the services).

Case and umlauts are folded the same way on both databases (``Köpenick`` and ``KÖPENICK`` and
``Koepenick`` become ``koepenick``), so the search layer compares like with like. The text is a
``verbund.core.fulltext.document``: the title's words on the first line, everything else on the
second, each with the German stems of its words (the full-text index reads both lines; the
title line ranks first).
"""

from __future__ import annotations

from collections.abc import Iterable

from verbund.core.fulltext import document, fold

from .gaps import cache as gap_cache


def normalise(text: str) -> str:
    """Lower case, umlauts as ae/oe/ue, ß as ss, other accents removed, spaces collapsed."""
    return fold(text)


def search_text_for(offer) -> str:
    """Everything a family or colleague might type to find this offer."""
    parts: list[str] = [offer.summary, offer.description, offer.funding_programme]
    if offer.provider_id:
        parts.append(offer.provider.name)
    if offer.location_id:
        parts.append(offer.location.name)
    parts.append(offer.centre.name)
    parts += [offer.street, offer.city]
    parts += [term.label for term in offer.terms.all()]
    parts += offer.language_labels
    return document(offer.title, " ".join(part for part in parts if part))


def refresh_search_text(offers: Iterable) -> None:
    """Recompute and store the search text of the given offers (after their terms are set).
    For many offers at once pass them with ``select_related("centre", "provider", "location")``
    and ``prefetch_related("terms")``; for thousands (scale data) wrap the writes in
    ``verbund.offers.search.TEXT_INDEX.bulk_loading()``, which builds the index in one pass."""
    from .models import Offer

    changed = []
    for offer in offers:
        text = search_text_for(offer)
        if text != offer.search_text:
            offer.search_text = text
            changed.append(offer)
    if changed:
        Offer.objects.bulk_update(changed, ["search_text"], batch_size=500)
        # bulk_update sends no signal: the cached keys of searches (``list_cache``) must
        # follow the new text.
        for municipality_id in {offer.municipality_id for offer in changed}:
            gap_cache.bump(municipality_id)
