"""Pairs of similar offers that their providers declared complementary, not duplicate."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel

from .offers import Offer


class ComplementaryPair(AccessControlled, TenantModel):
    """Two offers that look alike but complement each other (with the reason why).

    The pair is stored once, in canonical order (``first`` has the lower ID), so the duplicate
    report and the hints while editing an offer leave it out whichever side asks.
    """

    first = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="+", verbose_name=_("Angebot")
    )
    second = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="+", verbose_name=_("ähnliches Angebot")
    )
    reason = models.TextField(
        _("Warum sich die Angebote ergänzen"),
        max_length=1000,
        help_text=_(
            "z. B. „anderer Wochentag, damit berufstätige Eltern teilnehmen können“ oder "
            "„eines auf Türkisch, eines auf Arabisch“."
        ),
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gekennzeichnet von"),
    )

    class Meta:
        verbose_name = _("sich ergänzendes Angebotspaar")
        verbose_name_plural = _("sich ergänzende Angebotspaare")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"],
                name="complementary_pair_once",
                violation_error_message=_("Dieses Paar ist schon als ergänzend gekennzeichnet."),
            ),
            models.CheckConstraint(
                name="complementary_pair_ordered",
                condition=Q(first__lt=F("second")),
                violation_error_message=_("Ein Angebot kann sich nicht selbst ergänzen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} ↔ {self.second}"

    # Whoever reaches either offer reaches the pair (a partner may mark a pair with its offer).
    access_paths = {
        "centres": ("first__centre", "second__centre"),
        "providers": ("first__centre__provider", "second__centre__provider"),
        "facilities": ("first__provider__facility", "second__provider__facility"),
    }


def canonical(first_id: int, second_id: int) -> tuple[int, int]:
    return (first_id, second_id) if first_id < second_id else (second_id, first_id)


__all__ = ["ComplementaryPair", "canonical"]
