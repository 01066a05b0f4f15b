"""Annual programmes of a centre: goals (SMART), measures, the provider's approval and reviews;
plus the records behind the coordinator's working-conditions sheet (contracted hours, training
and supervision).

A ``Programme`` goes draft → submitted → approved, or back to draft with a reason
(``returned``). Only an approved programme can be reviewed; an approved programme is not
edited — it is reopened explicitly (``programme_reopen``), which resets it to draft.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel
from verbund.core.privacy import LegalBasis, ProcessingRecord

from .indicators import INDICATOR_CHOICES, MANUAL


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("zur Freigabe eingereicht")
    APPROVED = "approved", _("freigegeben")
    RETURNED = "returned", _("zurückgegeben")


EDITABLE = (ProgrammeStatus.DRAFT, ProgrammeStatus.RETURNED)

THROUGH_PROGRAMME = {
    "centres": ("programme__centre",),
    "providers": ("programme__centre__provider",),
}
THROUGH_GOAL = {
    "centres": ("goal__programme__centre",),
    "providers": ("goal__programme__centre__provider",),
}


class Programme(AccessControlled, TenantModel):
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("Familienzentrum"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    summary = models.TextField(_("Schwerpunkte des Jahres"), blank=True, max_length=4000)
    status = models.CharField(
        _("Status"), max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    return_reason = models.CharField(_("Grund der Rückgabe"), max_length=1000, blank=True)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    approved_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("freigegeben von"),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("übernommen aus"),
    )

    class Meta:
        verbose_name = _("Jahresprogramm")
        verbose_name_plural = _("Jahresprogramme")
        ordering = ["-year", "centre__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year"],
                name="programme_once_per_centre_year",
                violation_error_message=_(
                    "Für dieses Familienzentrum gibt es in diesem Jahr schon ein Jahresprogramm."
                ),
            ),
            models.CheckConstraint(
                name="programme_year_range",
                condition=Q(year__gte=2000, year__lte=2100),
                violation_error_message=_("Bitte ein Jahr zwischen 2000 und 2100 angeben."),
            ),
            models.CheckConstraint(
                name="programme_status_valid",
                condition=Q(status__in=[s.value for s in ProgrammeStatus]),
            ),
        ]

    def __str__(self) -> str:
        return _("Jahresprogramm %(year)s – %(centre)s") % {
            "year": self.year,
            "centre": self.centre,
        }

    def clean(self):
        super().clean()
        if (
            self.centre_id
            and self.municipality_id
            and self.centre.municipality_id != (self.municipality_id)
        ):
            raise ValidationError(
                {"centre": _("Das Familienzentrum gehört zu einer anderen Kommune.")}
            )

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_approved(self) -> bool:
        return self.status == ProgrammeStatus.APPROVED

    @property
    def status_badge(self) -> str:
        return {
            ProgrammeStatus.DRAFT: "kern-badge--info",
            ProgrammeStatus.SUBMITTED: "kern-badge--warning",
            ProgrammeStatus.APPROVED: "kern-badge--success",
            ProgrammeStatus.RETURNED: "kern-badge--danger",
        }[ProgrammeStatus(self.status)]

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}


class Goal(AccessControlled, TenantModel):
    """A SMART goal: what, for whom, how much, by when, measured by an indicator."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="goals", verbose_name=_("Jahresprogramm")
    )
    position = models.PositiveSmallIntegerField(_("Nummer"), default=1)
    title = models.CharField(
        _("Was wollen wir erreichen?"),
        max_length=300,
        help_text=_("z. B. „Mehr Familien mit Babys nutzen das Elterncafé“"),
    )
    target_group = models.CharField(
        _("Für wen?"), max_length=300, help_text=_("z. B. „Eltern mit Kindern unter 3 Jahren“")
    )
    extent = models.CharField(
        _("Wie viel?"),
        max_length=300,
        blank=True,
        help_text=_("in Worten, z. B. „zwei neue Gruppen“"),
    )
    due_on = models.DateField(_("Bis wann?"))
    indicator = models.CharField(
        _("Woran messen wir es? (Kennzahl)"),
        max_length=40,
        choices=INDICATOR_CHOICES,
        default=MANUAL,
    )
    indicator_label = models.CharField(
        _("Bezeichnung der Kennzahl (bei eigener Kennzahl)"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Teilnehmende Familien je Monat“"),
    )
    target_value = models.DecimalField(
        _("Zielwert"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    baseline_value = models.DecimalField(
        _("Ausgangswert"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    needs = models.ManyToManyField(
        "analysis.Need", blank=True, related_name="planning_goals", verbose_name=_("Bedarfe")
    )
    offers = models.ManyToManyField(
        "offers.Offer", blank=True, related_name="planning_goals", verbose_name=_("Angebote")
    )
    agreements = models.ManyToManyField(
        "cooperation.Agreement",
        blank=True,
        related_name="planning_goals",
        verbose_name=_("Kooperationsvereinbarungen"),
    )
    bodies = models.ManyToManyField(
        "network.Body", blank=True, related_name="planning_goals", verbose_name=_("Gremien")
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="goal_target_not_negative",
                condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
                violation_error_message=_("Der Zielwert darf nicht negativ sein."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.target_value is None:
            errors["target_value"] = _(
                "Das Ziel braucht einen messbaren Zielwert (eine Zahl), sonst lässt es sich "
                "bei der Überprüfung nicht beurteilen."
            )
        if self.indicator == MANUAL and not self.indicator_label.strip():
            errors["indicator_label"] = _(
                "Bei einer eigenen Kennzahl bitte angeben, was gezählt wird."
            )
        if self.programme_id and self.due_on and self.due_on.year > self.programme.year + 1:
            errors["due_on"] = _(
                "Das Datum liegt mehr als ein Jahr nach dem Programmjahr %(year)s."
            ) % {"year": self.programme.year}
        if errors:
            raise ValidationError(errors)

    @property
    def indicator_name(self) -> str:
        if self.indicator == MANUAL:
            return self.indicator_label
        return str(dict(INDICATOR_CHOICES).get(self.indicator, self.indicator))

    access_paths = THROUGH_PROGRAMME


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    RUNNING = "running", _("läuft")
    DONE = "done", _("erledigt")
    DROPPED = "dropped", _("entfallen")


OPEN_MEASURE = (MeasureStatus.PLANNED, MeasureStatus.RUNNING)


class Measure(AccessControlled, TenantModel):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("Ziel")
    )
    title = models.CharField(_("Maßnahme"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_measures",
        verbose_name=_("verantwortlich"),
    )
    status = models.CharField(
        _("Stand"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    start_on = models.DateField(_("Beginn"), null=True, blank=True)
    end_on = models.DateField(_("Ende"), null=True, blank=True)
    action_items = models.ManyToManyField(
        "meetings.ActionItem",
        blank=True,
        related_name="planning_measures",
        verbose_name=_("Aufgaben aus Sitzungen"),
    )

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["end_on", "id"]
        indexes = [models.Index(fields=["responsible", "status"], name="measure_resp_status")]
        constraints = [
            models.CheckConstraint(
                name="measure_end_after_start",
                condition=Q(end_on__isnull=True)
                | Q(start_on__isnull=True)
                | Q(end_on__gte=F("start_on")),
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.start_on and self.end_on and self.end_on < self.start_on:
            raise ValidationError({"end_on": _("Das Ende darf nicht vor dem Beginn liegen.")})

    access_paths = THROUGH_GOAL


class ReviewStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    DONE = "done", _("abgeschlossen")


class Review(AccessControlled, TenantModel):
    """A review date of the programme; held when its results are recorded."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("Jahresprogramm"),
    )
    planned_on = models.DateField(_("Überprüfung am"))
    title = models.CharField(
        _("Bezeichnung"), max_length=200, blank=True, help_text=_("z. B. „Halbjahresrückblick“")
    )
    status = models.CharField(
        _("Stand"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PLANNED
    )
    held_on = models.DateField(_("durchgeführt am"), null=True, blank=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("Überprüfung")
        verbose_name_plural = _("Überprüfungen")
        ordering = ["planned_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "planned_on"],
                name="review_once_per_date",
                violation_error_message=_("An diesem Tag ist schon eine Überprüfung geplant."),
            )
        ]

    def __str__(self) -> str:
        return self.title or _("Überprüfung am %(date)s") % {
            "date": self.planned_on.strftime("%d.%m.%Y")
        }

    access_paths = THROUGH_PROGRAMME


class TrafficLight(models.TextChoices):
    GREEN = "green", _("grün – auf gutem Weg")
    YELLOW = "yellow", _("gelb – verzögert, nachsteuern")
    RED = "red", _("rot – gefährdet")


class Decision(models.TextChoices):
    KEEP = "keep", _("beibehalten")
    ADAPT = "adapt", _("anpassen")
    DROP = "drop", _("aufgeben")


class ValueSource(models.TextChoices):
    SYSTEM = "system", _("aus Verbund ermittelt")
    MANUAL = "manual", _("von Hand eingetragen")


class GoalReview(AccessControlled, TenantModel):
    """One goal's result in a review: the evaluation questions of the guideline (seed 003,
    section 4: what shows we reach the goal, and how the work went), figure, judgement."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="results", verbose_name=_("Überprüfung")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="results", verbose_name=_("Ziel")
    )
    current_value = models.DecimalField(
        _("aktueller Wert"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    value_source = models.CharField(
        _("Herkunft des Werts"), max_length=10, choices=ValueSource.choices, blank=True
    )
    goal_evidence = models.TextField(
        _("Woran können wir ablesen, ob wir das Ziel erreichen?"), blank=True, max_length=4000
    )
    execution_evidence = models.TextField(
        _("Woran sehen wir, ob die Durchführung gelingt?"), blank=True, max_length=4000
    )
    traffic_light = models.CharField(_("Ampel"), max_length=10, choices=TrafficLight.choices)
    decision = models.CharField(_("Entscheidung"), max_length=10, choices=Decision.choices)
    decision_note = models.TextField(_("Was ändern wir?"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("Ergebnis je Ziel")
        verbose_name_plural = _("Ergebnisse je Ziel")
        ordering = ["goal__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="goal_review_once"),
        ]

    def __str__(self) -> str:
        return f"{self.goal} · {self.review}"

    access_paths = {
        "centres": ("review__programme__centre",),
        "providers": ("review__programme__centre__provider",),
    }


COORDINATOR_RECORDS = {
    "purpose": _(
        "Blatt zu den Arbeitsbedingungen der Koordinierungskraft für das Jahresgespräch mit "
        "dem Träger (vertragliche Arbeitszeit, Fortbildung und Supervision)."
    ),
    "legal_basis": LegalBasis.CONTRACT,
    "categories": (_("Name"), _("vertragliche Wochenstunden"), _("Fortbildungen, Supervision")),
    "retention": _(
        "Solange die Person als Koordinierungskraft tätig ist; mit ihrem Zugang werden die "
        "Einträge gelöscht."
    ),
    "recipients": (
        _("die Koordinierungskraft selbst"),
        _("der Träger (Fachbereichsleitung)"),
        _("Administration der Kommune"),
    ),
    "data_subjects": _("Koordinierungskräfte"),
}


class ContractedHours(AccessControlled, TenantModel):
    """A coordinator's contracted weekly hours in one year (set by the provider)."""

    personal_data = ProcessingRecord(**COORDINATOR_RECORDS, fields=("coordinator", "weekly_hours"))

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contracted_hours",
        verbose_name=_("Koordinierungskraft"),
    )
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Familienzentrum (Anstellung)"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    weekly_hours = models.DecimalField(
        _("Wochenstunden laut Vertrag"), max_digits=4, decimal_places=1
    )
    note = models.CharField(_("Anmerkung"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Vertragliche Arbeitszeit")
        verbose_name_plural = _("Vertragliche Arbeitszeiten")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "coordinator", "year"],
                name="contracted_hours_once_per_year",
                violation_error_message=_("Für dieses Jahr sind die Stunden schon eingetragen."),
            ),
            models.CheckConstraint(
                name="contracted_hours_range",
                condition=Q(weekly_hours__gt=0, weekly_hours__lte=60),
                violation_error_message=_("Die Wochenstunden müssen zwischen 0 und 60 liegen."),
            ),
        ]

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}


class TrainingKind(models.TextChoices):
    TRAINING = "training", _("Fortbildung")
    SUPERVISION = "supervision", _("Supervision")
    PEER = "peer", _("Kollegiale Beratung")


class Training(AccessControlled, TenantModel):
    """Training, supervision or peer consultation a coordinator took (seed 003, point 7)."""

    personal_data = ProcessingRecord(**COORDINATOR_RECORDS, fields=("coordinator", "title"))

    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="planning_trainings",
        verbose_name=_("Koordinierungskraft"),
    )
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Familienzentrum"),
    )
    kind = models.CharField(_("Art"), max_length=12, choices=TrainingKind.choices)
    title = models.CharField(_("Thema"), max_length=200)
    date = models.DateField(_("Datum"))
    hours = models.DecimalField(_("Stunden"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("Fortbildung oder Supervision")
        verbose_name_plural = _("Fortbildungen und Supervision")
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                name="training_hours_range",
                condition=Q(hours__gt=0, hours__lte=200),
                violation_error_message=_("Die Stunden müssen zwischen 0 und 200 liegen."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}
