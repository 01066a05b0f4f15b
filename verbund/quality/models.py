"""Quality-seal self-check: criteria catalogues (data), self-checks per centre and year, the
coordinator's judgement per criterion, and the evidence found in the system per centre."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel


class Catalogue(TenantModel):
    """A criteria catalogue of one municipality. Its ``definition`` is the validated JSON
    (``verbund.quality.catalogue``); a catalogue is never edited in place: an import adds a new
    one and makes it the current one, so earlier self-checks keep their criteria."""

    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=4000)
    definition = models.JSONField(_("Kriterien"))
    current = models.BooleanField(_("aktueller Katalog"), default=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Kriterienkatalog")
        verbose_name_plural = _("Kriterienkataloge")
        ordering = ["-current", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(current=True),
                name="quality_one_current_catalogue",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SelfCheck(AccessControlled, TenantModel):
    """The self-check of one centre for one year."""

    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="quality_checks",
        verbose_name=_("Familienzentrum"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.PROTECT, related_name="checks", verbose_name=_("Katalog")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Selbstcheck Gütesiegel")
        verbose_name_plural = _("Selbstchecks Gütesiegel")
        ordering = ["-year", "centre__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year"],
                name="quality_one_check_per_centre_year",
                violation_error_message=_(
                    "Für dieses Familienzentrum gibt es in diesem Jahr schon einen Selbstcheck."
                ),
            ),
            models.CheckConstraint(
                name="quality_check_year_range", condition=Q(year__gte=2000, year__lte=2100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} {self.year}"

    def clean(self):
        errors = {}
        if not 2000 <= (self.year or 0) <= 2100:
            errors["year"] = _("Bitte ein Jahr zwischen 2000 und 2100 angeben.")
        for name in ("centre", "catalogue"):
            related = getattr(self, name, None) if getattr(self, f"{name}_id") else None
            if related is not None and related.municipality_id != self.municipality_id:
                errors[name] = _("Gehört zu einer anderen Kommune.")
        if errors:
            raise ValidationError(errors)

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}


class CheckState(models.TextChoices):
    OPEN = "open", _("noch nicht geprüft")
    CONFIRMED = "confirmed", _("erfüllt (bestätigt)")
    MISSING = "missing", _("fehlt noch")


class CriterionCheck(AccessControlled, TenantModel):
    """The coordinator's judgement of one criterion of a self-check."""

    selfcheck = models.ForeignKey(SelfCheck, on_delete=models.CASCADE, related_name="criteria")
    key = models.CharField(_("Kriterium"), max_length=40)
    state = models.CharField(
        _("Bewertung"), max_length=10, choices=CheckState.choices, default=CheckState.OPEN
    )
    note = models.TextField(_("Anmerkung"), blank=True, max_length=2000)
    document_reference = models.CharField(
        _("Nachweis (Dokument, Ablageort)"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „Konzeption 2026, S. 4“ oder „Ordner Kooperationen, Reiter 3“"),
    )
    changed_at = models.DateTimeField(_("geändert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kriterium im Selbstcheck")
        verbose_name_plural = _("Kriterien im Selbstcheck")
        ordering = ["selfcheck", "id"]
        constraints = [
            models.UniqueConstraint(fields=["selfcheck", "key"], name="quality_one_row_per_key"),
            models.CheckConstraint(
                name="quality_check_state_valid",
                condition=Q(state__in=[s.value for s in CheckState]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.selfcheck})"

    access_paths = {
        "centres": ("selfcheck__centre",),
        "providers": ("selfcheck__centre__provider",),
    }


class CentreEvidence(TenantModel):
    """What the evidence rules found for one centre against one catalogue (computed)."""

    centre = models.ForeignKey(
        "tenancy.FamilyCentre", on_delete=models.CASCADE, related_name="quality_evidence"
    )
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="evidence")
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "catalogue"], name="quality_one_evidence_per_centre"
            )
        ]
