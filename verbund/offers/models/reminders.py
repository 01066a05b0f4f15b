"""Reminders sent about an offer's confirmation (catalogue part): each at most once."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel

from .offers import Offer


class OfferReminderKind(models.TextChoices):
    CHECK = "check", _("Bitte um Bestätigung")
    HIDDEN = "hidden", _("aus der öffentlichen Ansicht genommen")


class OfferReminder(TenantModel):
    """One mail about an offer not confirmed since ``checked_on``: asking to confirm, or
    telling that it left the public view. The unique key keeps two runs from sending twice."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("Angebot")
    )
    kind = models.CharField(_("Art"), max_length=10, choices=OfferReminderKind.choices)
    checked_on = models.DateField(_("Angaben bestätigt am"))
    recipients = models.JSONField(_("Empfänger"), default=list, blank=True)

    class Meta:
        verbose_name = _("Erinnerung zu einem Angebot")
        verbose_name_plural = _("Erinnerungen zu Angeboten")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "kind", "checked_on"], name="offer_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_kind_display()}, {self.checked_on:%d.%m.%Y})"
