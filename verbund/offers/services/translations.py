"""Saving an offer's translation (only who may manage the offer; audited)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from verbund.core.audit import create_logged, save_changes

from ..models.translations import OfferTranslation, TranslationLanguage, offer_source_hash
from ..permissions import manage_offer

TRANSLATION_FIELDS = ["title", "summary", "description"]


@transaction.atomic
def offer_translation_save(
    *, actor, access, offer, language: str, data: dict[str, Any]
) -> OfferTranslation:
    """Create or update the translation of ``offer`` into ``language``; it records the German
    text's current hash, so it counts as up to date until the German text changes."""
    if not access.can(manage_offer, offer):
        raise PermissionDenied
    if language not in TranslationLanguage.values:
        raise ValueError(f"unknown translation language {language!r}")
    stamp = {
        "source_hash": offer_source_hash(offer),
        "translated_at": timezone.now(),
        "translated_by": actor if getattr(actor, "is_authenticated", False) else None,
    }
    existing = (
        OfferTranslation.objects.select_for_update().filter(offer=offer, language=language).first()
    )
    if existing is None:
        return create_logged(
            OfferTranslation,
            values={
                "municipality_id": offer.municipality_id,
                "offer": offer,
                "language": language,
                **stamp,
            },
            fields=TRANSLATION_FIELDS,
            data=data,
            log_fields=["language", *TRANSLATION_FIELDS],
            action="offers.offer_translation.created",
            actor=actor,
        )
    return save_changes(
        existing,
        fields=[*TRANSLATION_FIELDS, "source_hash", "translated_at", "translated_by"],
        data={**data, **stamp},
        action="offers.offer_translation.changed",
        actor=actor,
    )
