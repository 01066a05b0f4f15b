"""The sozialräumliches Aktionsbudget (seed 004): money for small measures in a Sozialraum.

Who decides: a budget funded by the municipality for a Sozialraum (or for a centre) is decided
by the municipality's youth-welfare planning (``DecisionBy.MUNICIPALITY``), as in the Dresden
model the seed describes; a provider that puts its own money into a centre's budget decides
itself (``DecisionBy.PROVIDER``, only for a budget of one centre).

The balance is kept in the budget row (``approved_total``, ``spent_total``) by the services,
which lock that row (``select_for_update``) for every approval and booking; database
constraints refuse negative amounts and, unless the budget allows it, spending beyond the
amount — so two people booking at the same moment cannot overspend.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


class DecisionBy(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommune (Jugendhilfeplanung)")
    PROVIDER = "provider", _("Träger des Familienzentrums")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("beantragt")
    APPROVED = "approved", _("bewilligt")
    PARTLY = "partly", _("teilweise bewilligt")
    REJECTED = "rejected", _("abgelehnt")


APPROVED_STATES = (ApplicationStatus.APPROVED, ApplicationStatus.PARTLY)


class ActionBudget(AccessControlled, TenantModel):
    """One year's action budget for a Sozialraum or a centre."""

    year = models.PositiveSmallIntegerField(_("Jahr"))
    title = models.CharField(_("Bezeichnung"), max_length=200)
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_budgets",
        verbose_name=_("Familienzentrum"),
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_budgets",
        verbose_name=_("Sozialraum"),
    )
    funding_source = models.CharField(
        _("Finanzierung"),
        max_length=200,
        help_text=_("Woher das Geld kommt, z. B. „Jugendamt, Haushaltsstelle 3630“."),
    )
    decided_by = models.CharField(
        _("Wer entscheidet über Anträge"),
        max_length=16,
        choices=DecisionBy.choices,
        default=DecisionBy.MUNICIPALITY,
    )
    amount = models.DecimalField(_("Betrag in Euro"), **MONEY)
    allow_overspend = models.BooleanField(
        _("Überschreitung erlaubt"),
        default=False,
        help_text=_("Nur ankreuzen, wenn der Geldgeber Ausgaben über den Betrag hinaus deckt."),
    )
    approved_total = models.DecimalField(_("bewilligt"), default=ZERO, editable=False, **MONEY)
    spent_total = models.DecimalField(_("ausgegeben"), default=ZERO, editable=False, **MONEY)

    class Meta:
        verbose_name = _("Aktionsbudget")
        verbose_name_plural = _("Aktionsbudgets")
        ordering = ["-year", "title", "id"]
        indexes = [models.Index(fields=["municipality", "year"])]
        constraints = [
            models.CheckConstraint(
                name="budget_amount_not_negative",
                condition=Q(amount__gte=0),
                violation_error_message=_("Der Betrag darf nicht negativ sein."),
            ),
            models.CheckConstraint(
                name="budget_totals_not_negative",
                condition=Q(approved_total__gte=0) & Q(spent_total__gte=0),
                violation_error_message=_("Bewilligte und ausgegebene Summen sind nie negativ."),
            ),
            models.CheckConstraint(
                name="budget_not_overspent",
                condition=Q(allow_overspend=True) | Q(spent_total__lte=F("amount")),
                violation_error_message=_(
                    "Die Ausgaben überschreiten das Budget, und eine Überschreitung ist nicht "
                    "erlaubt."
                ),
            ),
            models.CheckConstraint(
                name="budget_has_centre_or_area",
                condition=Q(centre__isnull=False) | Q(area__isnull=False),
                violation_error_message=_(
                    "Bitte wählen Sie einen Sozialraum oder ein Familienzentrum."
                ),
            ),
            models.CheckConstraint(
                name="budget_provider_decides_for_a_centre",
                condition=Q(decided_by="municipality") | Q(centre__isnull=False),
                violation_error_message=_(
                    "Der Träger kann nur über das Budget eines Familienzentrums entscheiden."
                ),
            ),
        ]

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    @property
    def remaining(self) -> Decimal:
        """What is left to spend."""
        return self.amount - self.spent_total

    @property
    def uncommitted(self) -> Decimal:
        """What is neither approved nor spent beyond approvals: free for new approvals."""
        return self.amount - self.approved_total

    @property
    def spent_percent(self) -> int:
        if not self.amount:
            return 100 if self.spent_total else 0
        return min(100, int(self.spent_total * 100 / self.amount))

    @property
    def approved_percent(self) -> int:
        if not self.amount:
            return 100 if self.approved_total else 0
        return min(100, int(self.approved_total * 100 / self.amount))


class BudgetApplication(AccessControlled, TenantModel):
    """An application for a small measure, by the centre or a partner organisation."""

    budget = models.ForeignKey(
        ActionBudget,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("Aktionsbudget"),
    )
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_applications",
        verbose_name=_("beantragt vom Familienzentrum"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_applications",
        verbose_name=_("beantragt von der Partnerorganisation"),
    )
    purpose = models.CharField(_("Wofür"), max_length=200)
    description = models.TextField(_("Beschreibung der Maßnahme"), blank=True, max_length=4000)
    amount_requested = models.DecimalField(_("beantragter Betrag in Euro"), **MONEY)
    need = models.ForeignKey(
        "analysis.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_applications",
        verbose_name=_("antwortet auf Bedarf"),
    )
    goal = models.ForeignKey(
        "planning.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_applications",
        verbose_name=_("dient dem Ziel"),
    )
    planned_on = models.DateField(_("geplant am"), null=True, blank=True)
    status = models.CharField(
        _("Status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    amount_approved = models.DecimalField(
        _("bewilligter Betrag in Euro"), null=True, blank=True, **MONEY
    )
    spent = models.DecimalField(_("ausgegeben"), default=ZERO, editable=False, **MONEY)
    decision_reason = models.TextField(_("Begründung"), blank=True, max_length=2000)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gestellt von"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Antrag auf Mittel aus dem Aktionsbudget")
        verbose_name_plural = _("Anträge auf Mittel aus dem Aktionsbudget")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["budget", "status"])]
        constraints = [
            models.CheckConstraint(
                name="application_requested_positive",
                condition=Q(amount_requested__gt=0),
                violation_error_message=_("Der beantragte Betrag muss größer als 0 sein."),
            ),
            models.CheckConstraint(
                name="application_approved_within_request",
                condition=Q(amount_approved__isnull=True)
                | (Q(amount_approved__gte=0) & Q(amount_approved__lte=F("amount_requested"))),
                violation_error_message=_(
                    "Der bewilligte Betrag liegt zwischen 0 und dem beantragten Betrag."
                ),
            ),
            models.CheckConstraint(
                name="application_spent_within_approval",
                condition=Q(spent=0) | Q(amount_approved__gte=F("spent")),
                violation_error_message=_(
                    "Die Ausgaben überschreiten den bewilligten Betrag des Antrags."
                ),
            ),
            models.CheckConstraint(
                name="application_has_applicant",
                condition=Q(centre__isnull=False) | Q(organisation__isnull=False),
                violation_error_message=_(
                    "Bitte wählen Sie, wer beantragt: ein Familienzentrum oder eine "
                    "Partnerorganisation."
                ),
            ),
        ]

    access_paths = {
        "centres": ("centre", "budget__centre"),
        "providers": ("centre__provider", "budget__centre__provider"),
        # A partner reaches the applications of its own organisation.
        "facilities": ("organisation__facility",),
    }

    def __str__(self) -> str:
        return self.purpose

    @property
    def applicant_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.centre.name if self.centre_id else ""

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATES

    @property
    def is_open(self) -> bool:
        return self.status == ApplicationStatus.SUBMITTED

    @property
    def available(self) -> Decimal:
        """What may still be booked against this application."""
        if not self.is_approved:
            return ZERO
        return (self.amount_approved or ZERO) - self.spent


def receipt_path(instance, filename: str) -> str:
    return f"budget/receipts/{instance.municipality_id}/{instance.budget_id}/{filename}"


class Spending(AccessControlled, TenantModel):
    """One booking against an approved application, with its receipt."""

    budget = models.ForeignKey(
        ActionBudget, on_delete=models.PROTECT, related_name="spendings", editable=False
    )
    application = models.ForeignKey(
        BudgetApplication,
        on_delete=models.PROTECT,
        related_name="spendings",
        verbose_name=_("Antrag"),
    )
    spent_on = models.DateField(_("Datum der Ausgabe"))
    amount = models.DecimalField(_("Betrag in Euro"), **MONEY)
    note = models.CharField(_("Buchungstext"), max_length=200)
    receipt = models.FileField(_("Beleg"), upload_to=receipt_path, max_length=300, blank=True)
    receipt_name = models.CharField(_("Name des Belegs"), max_length=200, blank=True)
    receipt_type = models.CharField(max_length=50, blank=True)
    receipt_size = models.PositiveIntegerField(default=0)
    receipt_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )

    class Meta:
        verbose_name = _("Ausgabe")
        verbose_name_plural = _("Ausgaben")
        ordering = ["spent_on", "id"]
        indexes = [models.Index(fields=["budget", "spent_on"])]
        constraints = [
            models.CheckConstraint(
                name="spending_amount_positive",
                condition=Q(amount__gt=0),
                violation_error_message=_("Der Betrag muss größer als 0 sein."),
            ),
        ]

    access_paths = {
        "centres": ("application__centre", "budget__centre"),
        "providers": ("application__centre__provider", "budget__centre__provider"),
        "facilities": ("application__organisation__facility",),
    }

    def __str__(self) -> str:
        return self.note
