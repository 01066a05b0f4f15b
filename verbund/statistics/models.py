from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("Anzahl")
    SHARE = "share", _("Anteil in %")
    RATE = "rate", _("Quote je 1.000")
    MEAN = "mean", _("Durchschnitt")
    INDEX = "index", _("Index")


class Indicator(TenantModel):
    """One entry of the municipality's indicator catalogue (seeded from the default list)."""

    key = models.SlugField(_("Schlüssel"), max_length=80)
    name = models.CharField(_("Name"), max_length=200)
    unit = models.CharField(_("Einheit"), max_length=40, blank=True)
    kind = models.CharField(_("Art"), max_length=10, choices=IndicatorKind.choices)
    higher_means_more_need = models.BooleanField(
        _("Höherer Wert bedeutet mehr Bedarf"), null=True, blank=True
    )
    topic = models.CharField(_("Thema"), max_length=80, blank=True)
    source = models.CharField(_("Quelle"), max_length=200, blank=True)
    definition = models.TextField(_("Definition"), blank=True)

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["topic", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key"],
                name="indicator_key_unique_per_municipality",
                violation_error_message=_("Diesen Indikatorschlüssel gibt es schon."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ValueStatus(models.TextChoices):
    OK = "ok", _("Wert")
    MISSING = "missing", _("fehlt")
    SUPPRESSED = "suppressed", _("geheim gehalten")


class IndicatorValue(TenantModel):
    """The value of one indicator for one area and one year."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("Indikator")
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("Gebiet"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    value = models.FloatField(_("Wert"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=ValueStatus.choices, default=ValueStatus.OK
    )

    class Meta:
        verbose_name = _("Indikatorwert")
        verbose_name_plural = _("Indikatorwerte")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"], name="indicator_value_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status="ok", value__isnull=False)
                | models.Q(~models.Q(status="ok"), value__isnull=True),
                name="indicator_value_status_matches_value",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.area} · {self.year}"
