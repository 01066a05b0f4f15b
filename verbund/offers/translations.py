"""Offers in the visitor's language, for the public pages.

Usage (the finder, after it has its page of offers)::

    from verbund.offers.translations import translated

    texts = translated(page_offers, get_language())  # one query for the whole list
    text = texts[offer.pk]  # .title, .summary, .description
    if not text.is_translation: show "Nur auf Deutsch" (the German text is shown)
    if text.outdated: show "Übersetzung älter als der deutsche Text"

German (or a language without translations) gives the German text, ``is_translation=False``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models.translations import (
    OfferTranslation,
    TranslationLanguage,
    offer_source_hash,
)


@dataclass(frozen=True)
class TranslationView:
    title: str
    summary: str
    description: str
    is_translation: bool
    outdated: bool


def _german(offer) -> TranslationView:
    return TranslationView(offer.title, offer.summary, offer.description, False, False)


def translated(offers: Iterable, language: str) -> dict[int, TranslationView]:
    offers = list(offers)
    code = (language or "").split("-")[0]
    if code not in TranslationLanguage.values or not offers:
        return {offer.pk: _german(offer) for offer in offers}
    rows = OfferTranslation.objects.filter(
        offer_id__in=[offer.pk for offer in offers], language=code
    ).only("offer_id", "title", "summary", "description", "source_hash")
    by_offer = {row.offer_id: row for row in rows}
    result = {}
    for offer in offers:
        row = by_offer.get(offer.pk)
        if row is None:
            result[offer.pk] = _german(offer)
            continue
        result[offer.pk] = TranslationView(
            row.title,
            row.summary,
            row.description,
            True,
            row.source_hash != offer_source_hash(offer),
        )
    return result


def translation_states(offer) -> list[dict]:
    """Per language: the translation (or ``None``) and its state, for the internal page."""
    rows = {row.language: row for row in offer.translations.select_related("translated_by")}
    current = offer_source_hash(offer)
    states = []
    for code, label in TranslationLanguage.choices:
        row = rows.get(code)
        if row is None:
            state = "missing"
        elif row.source_hash == current:
            state = "current"
        else:
            state = "outdated"
        states.append({"code": code, "label": label, "translation": row, "state": state})
    return states
