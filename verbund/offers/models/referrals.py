"""Anonymous record that a centre's staff referred a family to an offer (brokering)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel

from .offers import Offer


class ReferralOutcome(models.TextChoices):
    OPEN = "open", _("offen")
    TAKEN_UP = "taken_up", _("wahrgenommen")
    NOT_TAKEN_UP = "not_taken_up", _("nicht wahrgenommen")
    WAITING_LIST = "waiting_list", _("Warteliste")


class Referral(AccessControlled, TenantModel):
    """One referral, without anything that names the family: no name, no case file, no note.

    Counts per offer and per life phase × topic feed the gap analysis and the planner's view.
    """

    date = models.DateField(_("Datum der Vermittlung"))
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        related_name="referrals",
        verbose_name=_("Angebot"),
    )
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("vermittelt durch das Familienzentrum"),
    )
    life_phase = models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Lebensphase des Kindes"),
    )
    topic = models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Thema"),
    )
    need = models.ForeignKey(
        "analysis.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("Bedarf"),
    )
    outcome = models.CharField(
        _("Ergebnis"),
        max_length=16,
        choices=ReferralOutcome.choices,
        default=ReferralOutcome.OPEN,
    )
    outcome_on = models.DateField(_("Ergebnis festgehalten am"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("festgehalten von"),
    )

    class Meta:
        verbose_name = _("Vermittlung")
        verbose_name_plural = _("Vermittlungen")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["municipality", "date"]),
            models.Index(fields=["centre", "outcome", "date"]),
            models.Index(fields=["municipality", "life_phase", "topic"]),
        ]

    def __str__(self) -> str:
        return _("Vermittlung Nr. %(pk)s") % {"pk": self.pk}

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}


__all__ = ["Referral", "ReferralOutcome"]
