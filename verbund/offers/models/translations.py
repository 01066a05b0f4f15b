"""Translations of an offer's text for the public pages. Each records a hash of the German
text it was made from: when the German text changes, the translation shows as outdated."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel

from .offers import Offer


class TranslationLanguage(models.TextChoices):
    EN = "en", _("Englisch")
    TR = "tr", _("Türkisch")
    AR = "ar", _("Arabisch")
    UK = "uk", _("Ukrainisch")
    RU = "ru", _("Russisch")


def source_hash(title: str, summary: str, description: str) -> str:
    text = "\x1f".join((title or "", summary or "", description or ""))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def offer_source_hash(offer: Offer) -> str:
    return source_hash(offer.title, offer.summary, offer.description)


class OfferTranslation(TenantModel):
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="translations", verbose_name=_("Angebot")
    )
    language = models.CharField(_("Sprache"), max_length=5, choices=TranslationLanguage.choices)
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=5000)
    source_hash = models.CharField(_("Stand des deutschen Texts"), max_length=64)
    translated_at = models.DateTimeField(_("übersetzt am"), null=True, blank=True)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("übersetzt von"),
    )

    class Meta:
        verbose_name = _("Übersetzung eines Angebots")
        verbose_name_plural = _("Übersetzungen von Angeboten")
        ordering = ["offer", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "language"],
                name="offer_translation_once_per_language",
                violation_error_message=_("Für diese Sprache gibt es schon eine Übersetzung."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_language_display()})"

    def is_outdated(self, offer: Offer | None = None) -> bool:
        return self.source_hash != offer_source_hash(offer or self.offer)
