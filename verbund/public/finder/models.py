"""Anonymous counts of what families search for in the finder (issue 12, privacy): per
municipality, day and combination of filter values. No address, no words typed, no place:
of a place only its kind (postcode, area, point on the map)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel

NEAR_KINDS = [
    ("postcode", _("Postleitzahl")),
    ("area", _("Stadtteil")),
    ("point", _("Punkt auf der Karte")),
]


class SearchCount(TenantModel):
    day = models.DateField(_("Tag"))
    life_phase = models.CharField(_("Lebensphase"), max_length=20, blank=True)
    topic = models.CharField(_("Thema"), max_length=60, blank=True)
    language = models.CharField(_("Sprache"), max_length=10, blank=True)
    free_only = models.BooleanField(_("nur kostenlos"), default=False)
    weekday = models.CharField(_("Wochentag"), max_length=2, blank=True)
    time_of_day = models.CharField(_("Tageszeit"), max_length=12, blank=True)
    near_kind = models.CharField(_("Ort nach"), max_length=10, blank=True, choices=NEAR_KINDS)
    step_free = models.BooleanField(_("stufenlos"), default=False)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)

    class Meta:
        verbose_name = _("Suchanfrage (anonym gezählt)")
        verbose_name_plural = _("Suchanfragen (anonym gezählt)")
        ordering = ["-day", "-count", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "municipality", "day", "life_phase", "topic", "language", "free_only",
                    "weekday", "time_of_day", "near_kind", "step_free",
                ],
                name="search_count_once_per_day_and_filters",
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["municipality", "day"])]

    def __str__(self) -> str:
        return f"{self.day} ×{self.count}"
