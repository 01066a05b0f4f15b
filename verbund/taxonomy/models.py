"""One editable taxonomy with stable keys, shared by offers and needs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel

from .vocabulary import Vocabulary

__all__ = ["Term", "Vocabulary"]


class Term(TenantModel):
    """A life phase, transition, topic, target group or kind of service of one municipality."""

    vocabulary = models.CharField(_("Liste"), max_length=20, choices=Vocabulary.choices)
    key = models.SlugField(
        _("Schlüssel"),
        max_length=40,
        help_text=_("Bleibt fest, auch wenn die Bezeichnung geändert wird (für Importe und API)."),
    )
    label = models.CharField(_("Bezeichnung"), max_length=120)
    description = models.CharField(_("Erläuterung"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(
        _("in Auswahllisten anbieten"),
        default=True,
        help_text=_("Nicht mehr angebotene Begriffe bleiben an bestehenden Einträgen erhalten."),
    )
    # Life phases only: the children's age the phase covers (pregnancy is negative).
    min_age_months = models.SmallIntegerField(_("ab Alter (Monate)"), null=True, blank=True)
    max_age_months = models.SmallIntegerField(_("bis Alter (Monate)"), null=True, blank=True)

    class Meta:
        verbose_name = _("Begriff")
        verbose_name_plural = _("Begriffe")
        ordering = ["vocabulary", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "vocabulary", "key"],
                name="term_key_unique_per_vocabulary",
                violation_error_message=_("Diesen Schlüssel gibt es in dieser Liste schon."),
            ),
            models.CheckConstraint(
                name="term_age_range_ordered",
                condition=Q(min_age_months__isnull=True)
                | Q(max_age_months__isnull=True)
                | Q(min_age_months__lte=models.F("max_age_months")),
                violation_error_message=_("Das Alter „ab“ muss vor dem Alter „bis“ liegen."),
            ),
        ]
        indexes = [models.Index(fields=["municipality", "vocabulary", "position"])]

    def __str__(self) -> str:
        return self.label
