from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel

from .choices import IndexMethod, NeedStatus, Priority
from .figures import FIGURES, FIGURES_BY_KEY

# --------------------------------------------------------------------------- need index


class NeedIndexConfig(TenantModel):
    """The planner's composite need index: weighted, standardised indicators → classes.

    One configuration per municipality. Like Berlin's Monitoring Soziale Stadtentwicklung the
    weighted mean of signed z-scores is standardised once more, so that thresholds read as
    standard deviations; alternatively classes are cut by shares of areas (quantiles).
    """

    level = models.CharField(
        _("Gebietsebene"), max_length=60, help_text=_("Auf welcher Ebene wird verglichen?")
    )
    year = models.PositiveSmallIntegerField(
        _("Jahr"),
        null=True,
        blank=True,
        help_text=_("Leer lassen: je Indikator das jüngste Jahr mit Werten."),
    )
    method = models.CharField(
        _("Klassenbildung"),
        max_length=12,
        choices=IndexMethod.choices,
        default=IndexMethod.THRESHOLDS,
    )
    # Class 1 (very high need) ≥ boundary_1 > class 2 ≥ boundary_2 > class 3 ≥ boundary_3 > 4.
    # Thresholds: in standard deviations. Quantiles: cumulative share of areas in % from the top.
    boundary_1 = models.FloatField(_("Grenze sehr hoch / hoch"), default=1.5)
    boundary_2 = models.FloatField(_("Grenze hoch / mittel"), default=1.0)
    boundary_3 = models.FloatField(_("Grenze mittel / niedrig"), default=-1.0)

    class Meta:
        verbose_name = _("Bedarfsindex")
        verbose_name_plural = _("Bedarfsindizes")
        constraints = [
            models.UniqueConstraint(fields=["municipality"], name="need_index_one_per_municipality")
        ]

    def __str__(self) -> str:
        return str(_("Bedarfsindex ({level})")).format(level=self.level)

    def clean(self):
        b1, b2, b3 = self.boundary_1, self.boundary_2, self.boundary_3
        if None in (b1, b2, b3):
            return
        if self.method == IndexMethod.THRESHOLDS and not b1 > b2 > b3:
            raise ValidationError(
                _(
                    "Die Schwellenwerte müssen absteigen: sehr hoch/hoch > hoch/mittel > "
                    "mittel/niedrig (z. B. 1,5 > 1,0 > -1,0)."
                )
            )
        if self.method == IndexMethod.QUANTILES and not 0 < b1 < b2 < b3 < 100:
            raise ValidationError(
                _(
                    "Bei Quantilen sind die Grenzen kumulierte Anteile der Gebiete in Prozent, "
                    "aufsteigend zwischen 0 und 100 (z. B. 10 < 25 < 75)."
                )
            )


class NeedIndexComponent(TenantModel):
    config = models.ForeignKey(NeedIndexConfig, on_delete=models.CASCADE, related_name="components")
    indicator = models.ForeignKey(
        "statistics.Indicator",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Indikator"),
    )
    weight = models.FloatField(
        _("Gewicht"), validators=[MinValueValidator(0.01), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("Bestandteil des Bedarfsindex")
        verbose_name_plural = _("Bestandteile des Bedarfsindex")
        ordering = ["indicator__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["config", "indicator"], name="need_index_component_unique"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="need_index_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} × {self.weight}"


# ----------------------------------------------------------------------- centre figures


class CentreFigures(AccessControlled, TenantModel):
    """Anonymous aggregates from the centre's registrations for one year (no personal data)."""

    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("Familienzentrum"),
    )
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    families = models.PositiveIntegerField(FIGURES_BY_KEY["families"].label, null=True, blank=True)
    children = models.PositiveIntegerField(FIGURES_BY_KEY["children"].label, null=True, blank=True)
    children_under_3 = models.PositiveIntegerField(
        FIGURES_BY_KEY["children_under_3"].label, null=True, blank=True
    )
    single_parents = models.PositiveIntegerField(
        FIGURES_BY_KEY["single_parents"].label, null=True, blank=True
    )
    refugee_background = models.PositiveIntegerField(
        FIGURES_BY_KEY["refugee_background"].label, null=True, blank=True
    )
    non_german_language = models.PositiveIntegerField(
        FIGURES_BY_KEY["non_german_language"].label, null=True, blank=True
    )
    both_parents_fulltime = models.PositiveIntegerField(
        FIGURES_BY_KEY["both_parents_fulltime"].label, null=True, blank=True
    )
    benefits = models.PositiveIntegerField(FIGURES_BY_KEY["benefits"].label, null=True, blank=True)

    class Meta:
        verbose_name = _("Kennzahlen des Familienzentrums")
        verbose_name_plural = _("Kennzahlen der Familienzentren")
        ordering = ["centre__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year"],
                name="centre_figures_unique_year",
                violation_error_message=_("Für dieses Jahr gibt es schon Kennzahlen."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre} · {self.year}"

    def clean(self):
        errors = {}
        for figure in FIGURES:
            if not figure.base:
                continue
            value, base = getattr(self, figure.key), getattr(self, figure.base)
            if value is not None and base is not None and value > base:
                errors[figure.key] = _("{part} ({value}) ist größer als {base} ({total}).").format(
                    part=figure.label,
                    value=value,
                    base=FIGURES_BY_KEY[figure.base].label,
                    total=base,
                )
        if errors:
            raise ValidationError(errors)

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}

    def value(self, key: str) -> int | None:
        return getattr(self, key)

    def share(self, key: str) -> float | None:
        """Percentage of the figure's base (e.g. single parents among families)."""
        figure = FIGURES_BY_KEY[key]
        value, base = getattr(self, key), getattr(self, figure.base) if figure.base else None
        if value is None or not base:
            return None
        return 100.0 * value / base


# -------------------------------------------------------------------------------- needs


def _term(vocabulary: str, label) -> models.ForeignKey:
    """A term of the shared taxonomy (``verbund.taxonomy``), limited to one vocabulary.

    PROTECT: a term in use is deactivated, never deleted, so a need keeps its meaning."""
    return models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary": vocabulary},
        verbose_name=label,
    )


class RuleKind(models.TextChoices):
    INDICATOR_VS_CITY = "indicator_vs_city", _("Indikator im Sozialraum gegenüber der Stadt")
    FIGURE_SHARE = "figure_share", _("Anteil in den Kennzahlen des Zentrums")
    FIGURE_VS_INDICATOR = "figure_vs_indicator", _("Kennzahl des Zentrums gegenüber dem Sozialraum")


class Direction(models.TextChoices):
    ABOVE = "above", _("darüber")
    BELOW = "below", _("darunter")


class NeedRule(TenantModel):
    """A rule, kept as data, that suggests a need when numbers cross a threshold.

    * ``indicator_vs_city``: the indicator's value in the centre's Sozialraum lies at least
      ``threshold`` above (below) the median of all areas of the same level;
      ``relative`` reads the threshold as per cent of the median instead of indicator units.
    * ``figure_share``: the share of ``figure`` among the centre's families (or children) is at
      least (at most) ``threshold`` per cent.
    * ``figure_vs_indicator``: the centre's share of ``figure`` lies at least ``threshold``
      percentage points above (below) the indicator's value in its Sozialraum (e.g. the centre
      reaches fewer single parents than live there).
    """

    name = models.CharField(_("Name der Regel"), max_length=200)
    active = models.BooleanField(_("aktiv"), default=True)
    kind = models.CharField(_("Art"), max_length=24, choices=RuleKind.choices)
    indicator = models.ForeignKey(
        "statistics.Indicator",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Indikator"),
    )
    figure = models.CharField(
        _("Kennzahl des Zentrums"),
        max_length=40,
        blank=True,
        choices=[(f.key, f.label) for f in FIGURES if f.base],
    )
    direction = models.CharField(
        _("Richtung"), max_length=5, choices=Direction.choices, default=Direction.ABOVE
    )
    threshold = models.FloatField(_("Schwelle"))
    relative = models.BooleanField(
        _("Schwelle in Prozent des städtischen Medians"),
        default=False,
        help_text=_("Nur für den Vergleich mit der Stadt: 20 bedeutet 20 % über dem Median."),
    )
    need_title = models.CharField(_("vorgeschlagener Bedarf"), max_length=200)
    target_group = _term("target_group", _("Zielgruppe"))
    life_phase = _term("life_phase", _("Lebensphase"))
    topic = _term("topic", _("Thema"))
    priority = models.CharField(
        _("Priorität"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )

    class Meta:
        verbose_name = _("Regel für Bedarfsvorschläge")
        verbose_name_plural = _("Regeln für Bedarfsvorschläge")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="need_rule_name_unique",
                violation_error_message=_("Eine Regel mit diesem Namen gibt es schon."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        needs_indicator = self.kind in (RuleKind.INDICATOR_VS_CITY, RuleKind.FIGURE_VS_INDICATOR)
        needs_figure = self.kind in (RuleKind.FIGURE_SHARE, RuleKind.FIGURE_VS_INDICATOR)
        if needs_indicator and not self.indicator_id:
            errors["indicator"] = _("Diese Art von Regel braucht einen Indikator.")
        if needs_figure and not self.figure:
            errors["figure"] = _("Diese Art von Regel braucht eine Kennzahl des Zentrums.")
        if self.relative and self.kind != RuleKind.INDICATOR_VS_CITY:
            errors["relative"] = _("Relative Schwellen gibt es nur beim Vergleich mit der Stadt.")
        if self.threshold is not None and self.threshold < 0:
            errors["threshold"] = _(
                "Die Schwelle ist ein Abstand und darf nicht negativ sein; die Richtung "
                "wählen Sie unter „Richtung“."
            )
        if errors:
            raise ValidationError(errors)


class Need(AccessControlled, TenantModel):
    """A Bedarf a centre reports to the municipality, with its evidence."""

    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("Familienzentrum"),
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("Sozialraum"),
    )
    title = models.CharField(_("Bedarf"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=4000)
    target_group = _term("target_group", _("Zielgruppe"))
    life_phase = _term("life_phase", _("Lebensphase"))
    topic = _term("topic", _("Thema"))
    priority = models.CharField(
        _("Priorität"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("Status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    rule = models.ForeignKey(
        NeedRule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("vorgeschlagen durch Regel"),
    )
    suggestion_key = models.CharField(max_length=120, blank=True, editable=False)
    explanation = models.TextField(_("Begründung des Vorschlags"), blank=True)

    class Meta:
        verbose_name = _("Bedarf")
        verbose_name_plural = _("Bedarfe")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["municipality", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "suggestion_key"],
                condition=~Q(suggestion_key=""),
                name="need_suggestion_decided_once",
                violation_error_message=_("Über diesen Vorschlag wurde schon entschieden."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}


class EvidenceKind(models.TextChoices):
    INDICATOR = "indicator", _("Indikatorwert")
    FIGURE = "figure", _("Kennzahl des Zentrums")
    FEEDBACK = "feedback", _("Rückmeldung")
    OBSERVATION = "observation", _("Beobachtung bei einer Begehung")


class NeedEvidence(TenantModel):
    """Why a need is believed: a linked indicator value or centre figure, or free feedback.

    ``summary`` keeps the numbers as they were when the evidence was linked, so the need stays
    readable when statistics are re-imported.
    """

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("Art"), max_length=12, choices=EvidenceKind.choices)
    indicator_value = models.ForeignKey(
        "statistics.IndicatorValue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Indikatorwert"),
    )
    centre_figures = models.ForeignKey(
        CentreFigures,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Kennzahlen"),
    )
    figure = models.CharField(_("Kennzahl"), max_length=40, blank=True)
    observation = models.ForeignKey(
        "areas.Observation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Beobachtung"),
    )
    summary = models.CharField(_("Beleg"), max_length=500)
    text = models.TextField(_("Rückmeldung"), blank=True, max_length=4000)
    source = models.CharField(
        _("Quelle"), max_length=200, blank=True, help_text=_("z. B. Elterncafé am 12.03.")
    )

    class Meta:
        verbose_name = _("Beleg")
        verbose_name_plural = _("Belege")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.summary


from .signals_models import NeedSignal, NeedSignalStatus  # noqa: E402, F401
