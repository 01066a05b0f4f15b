"""Hints from families ("Was fehlt Ihnen?" on the public pages): anonymous, short, and the
centre's to turn into a need or to dismiss. No personal data is asked for or kept."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel

SIGNAL_TEXT_MAX = 1000


class NeedSignalStatus(models.TextChoices):
    NEW = "new", _("neu")
    TURNED_INTO_NEED = "need", _("als Bedarf übernommen")
    DISMISSED = "dismissed", _("verworfen")


class NeedSignal(AccessControlled, TenantModel):
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="need_signals",
        verbose_name=_("Familienzentrum"),
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="need_signals",
        verbose_name=_("Sozialraum"),
    )
    topic = models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "topic"},
        verbose_name=_("Thema"),
    )
    life_phase = models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "life_phase"},
        verbose_name=_("Alter des Kindes"),
    )
    text = models.TextField(_("Was fehlt"), blank=True, max_length=SIGNAL_TEXT_MAX)
    status = models.CharField(
        _("Stand"),
        max_length=12,
        choices=NeedSignalStatus.choices,
        default=NeedSignalStatus.NEW,
    )
    need = models.ForeignKey(
        "analysis.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
        verbose_name=_("daraus entstandener Bedarf"),
    )

    class Meta:
        verbose_name = _("Hinweis von Familien")
        verbose_name_plural = _("Hinweise von Familien")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "status", "created_at"])]

    def __str__(self) -> str:
        return _("Hinweis vom %(date)s") % {"date": self.created_at.strftime("%d.%m.%Y")}

    # A signal naming only an area reaches the centres of that area.
    access_paths = {
        "centres": ("centre", "area__centres"),
        "providers": ("centre__provider", "area__centres__provider"),
    }
