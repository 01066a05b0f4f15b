"""The agreement and its status pipeline."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel
from verbund.core.privacy import LegalBasis


class Status(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    NEGOTIATION = "negotiation", _("In Abstimmung")
    SIGNED = "signed", _("Unterzeichnet")
    ACTIVE = "active", _("Aktiv")
    UNDER_REVIEW = "under_review", _("In Überprüfung")
    ENDED = "ended", _("Beendet")


# The status pipeline. Anything not listed here is refused by the service.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.NEGOTIATION, Status.ENDED),
    Status.NEGOTIATION: (Status.DRAFT, Status.SIGNED, Status.ENDED),
    Status.SIGNED: (Status.ACTIVE, Status.ENDED),
    Status.ACTIVE: (Status.UNDER_REVIEW, Status.ENDED),
    Status.UNDER_REVIEW: (Status.ACTIVE, Status.NEGOTIATION, Status.ENDED),
    Status.ENDED: (),
}

# Statuses in which the agreement is in force (reminders are sent for these).
IN_FORCE = (Status.SIGNED, Status.ACTIVE, Status.UNDER_REVIEW)


# Who signs for a party and who is the contact for a responsibility (GDPR Art. 30).
PEOPLE_IN_AGREEMENTS = {
    "purpose": _(
        "Schriftliche Kooperationsvereinbarungen: wer für eine Partei unterzeichnet und wer "
        "für eine Zuständigkeit ansprechbar ist."
    ),
    "legal_basis": f"{LegalBasis.PUBLIC_TASK},{LegalBasis.CONTRACT}",
    "categories": (_("Name"), _("Funktion")),
    "retention": _(
        "Solange die Vereinbarung und ihre unterzeichneten Fassungen aufbewahrt werden "
        "müssen; wird eine Ansprechperson gelöscht, ersetzt ein Platzhalter sie auch in "
        "unterzeichneten Fassungen und deren PDF (mit Löschvermerk)."
    ),
    "recipients": (
        _("Koordinierungskräfte und Leitungen des Familienzentrums"),
        _("die beteiligten Partnerorganisationen"),
        _("Jugendhilfeplanung und Administration der Kommune"),
    ),
    "data_subjects": _("Vertretungs- und Ansprechpersonen der Vertragsparteien"),
}


class Agreement(AccessControlled, TenantModel):
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("Familienzentrum"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    subject = models.TextField(_("Gegenstand der Vereinbarung"), max_length=4000)
    goals = models.TextField(_("Ziele"), max_length=4000, blank=True)
    includes_municipality = models.BooleanField(
        _("Kommune (Jugendamt) ist Vertragspartei"), default=False
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(
        _("Ende"), null=True, blank=True, help_text=_("Leer lassen bei unbefristeter Laufzeit.")
    )
    review_date = models.DateField(_("Überprüfung am"), null=True, blank=True)
    notice_period = models.CharField(
        _("Kündigung"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „drei Monate zum Ende des Kita-Jahres, schriftlich“"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("Status geändert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kooperationsvereinbarung")
        verbose_name_plural = _("Kooperationsvereinbarungen")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                name="agreement_status_valid",
                condition=Q(status__in=[s.value for s in Status]),
            ),
            models.CheckConstraint(
                name="agreement_end_after_start",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "review_date"]),
            models.Index(fields=["municipality", "status", "end_date"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Das Ende darf nicht vor dem Beginn liegen.")
        if self.start_date and self.review_date and self.review_date < self.start_date:
            errors["review_date"] = _("Die Überprüfung darf nicht vor dem Beginn liegen.")
        if self.end_date and self.review_date and self.review_date > self.end_date:
            errors["review_date"] = _("Die Überprüfung muss vor dem Ende der Laufzeit liegen.")
        if (
            self.centre_id
            and self.municipality_id
            and self.centre.municipality_id != (self.municipality_id)
        ):
            errors["centre"] = _("Das Familienzentrum gehört zu einer anderen Kommune.")
        if errors:
            raise ValidationError(errors)

    access_paths = {
        "centres": ("centre",),
        "providers": ("centre__provider",),
        "facilities": ("parties__organisation__facility",),
    }

    def allowed_transitions(self) -> list[tuple[str, str]]:
        return [(value, Status(value).label) for value in TRANSITIONS[self.status]]

    @property
    def status_badge(self) -> str:
        return {
            Status.DRAFT: "info",
            Status.NEGOTIATION: "warning",
            Status.SIGNED: "success",
            Status.ACTIVE: "success",
            Status.UNDER_REVIEW: "warning",
            Status.ENDED: "danger",
        }[Status(self.status)]

    @property
    def partner_names(self) -> list[str]:
        """``listed_parties``: the parties as the list pages load them
        (``selectors.agreement_list_rows``)."""
        parties = getattr(self, "listed_parties", None)
        if parties is None:
            parties = self.parties.all()
        return [p.organisation.name for p in parties if p.organisation_id]
