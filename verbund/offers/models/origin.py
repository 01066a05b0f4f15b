"""Where an offer came from when it was not entered here: a neighbouring municipality's
directory imported by the planner (``verbund.feeds``). The offers app knows only a source key
and label (the feeds app above it owns the sources), the record's id in that directory and
when it was imported. An imported offer stays in the network (gap analysis) and is shown to
families only once the planner releases it (``released_at``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel


class OfferOrigin(TenantModel):
    offer = models.OneToOneField(
        "offers.Offer",
        on_delete=models.CASCADE,
        related_name="origin",
        verbose_name=_("Angebot"),
    )
    source_key = models.CharField(_("Quelle (Schlüssel)"), max_length=40, db_index=True)
    source_label = models.CharField(_("Quelle"), max_length=200)
    external_id = models.CharField(_("Kennung in der Quelle (HSDS-ID)"), max_length=250)
    imported_at = models.DateTimeField(_("importiert am"))
    released_at = models.DateTimeField(_("für Familien freigegeben am"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(
        _("in der Quelle nicht mehr enthalten seit"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("Herkunft eines Angebots")
        verbose_name_plural = _("Herkunft von Angeboten")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source_key", "external_id"],
                name="offer_origin_unique_external_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_label}: {self.external_id}"
