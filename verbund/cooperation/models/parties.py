"""Parties of an agreement, their responsibilities and the resources they bring in."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel
from verbund.core.privacy import ProcessingRecord

from .agreements import PEOPLE_IN_AGREEMENTS, Agreement

# The parts of an agreement reach whoever the agreement reaches.
THROUGH_AGREEMENT = {
    "centres": ("agreement__centre",),
    "providers": ("agreement__centre__provider",),
    "facilities": ("agreement__parties__organisation__facility",),
}


class PartyKind(models.TextChoices):
    CENTRE = "centre", _("Familienzentrum")
    PARTNER = "partner", _("Kooperationspartner")
    MUNICIPALITY = "municipality", _("Kommune")


class Party(AccessControlled, TenantModel):
    """One side of the agreement: the centre, a partner organisation or the municipality."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("Vereinbarung")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=PartyKind.choices)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("Organisation"),
    )
    added_value = models.TextField(
        _("Mehrwert für diese Partei"),
        max_length=2000,
        blank=True,
        help_text=_("Was gewinnt diese Seite durch die Kooperation?"),
    )
    signatory = models.CharField(
        _("Unterzeichnet durch"),
        max_length=200,
        blank=True,
        help_text=_("Name und Funktion, z. B. „Dr. Anna Berg, Leitung“"),
    )
    position = models.PositiveSmallIntegerField(default=0)

    personal_data = ProcessingRecord(**PEOPLE_IN_AGREEMENTS, fields=("signatory",))

    class Meta:
        verbose_name = _("Vertragspartei")
        verbose_name_plural = _("Vertragsparteien")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                condition=Q(organisation__isnull=False),
                name="party_organisation_once_per_agreement",
            ),
            models.UniqueConstraint(
                fields=["agreement", "kind"],
                condition=Q(kind__in=["centre", "municipality"]),
                name="party_centre_municipality_once",
            ),
            models.CheckConstraint(
                name="party_partner_has_organisation",
                condition=Q(kind="partner", organisation__isnull=False)
                | (~Q(kind="partner") & Q(organisation__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.kind == PartyKind.PARTNER and self.organisation_id:
            return self.organisation.name
        if self.kind == PartyKind.CENTRE:
            return self.agreement.centre.name
        return self.agreement.municipality.name

    access_paths = THROUGH_AGREEMENT


class Responsibility(AccessControlled, TenantModel):
    """Zuständigkeit: who does what, to which extent, with whom to talk to."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("Vereinbarung"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("Partei")
    )
    task = models.CharField(_("Aufgabe"), max_length=300)
    scope = models.CharField(
        _("Umfang"), max_length=300, blank=True, help_text=_("z. B. „wöchentlich, 2 Stunden“")
    )
    contact = models.CharField(
        _("Ansprechperson"),
        max_length=200,
        blank=True,
        help_text=_("Name oder Funktion, z. B. „Leitung der Beratungsstelle“"),
    )
    contact_person = models.ForeignKey(
        "network.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("Ansprechperson aus dem Netzwerk"),
        help_text=_("Optional: eine Ansprechperson der Partnerorganisation."),
    )

    personal_data = ProcessingRecord(**PEOPLE_IN_AGREEMENTS, fields=("contact", "contact_person"))

    class Meta:
        verbose_name = _("Zuständigkeit")
        verbose_name_plural = _("Zuständigkeiten")
        ordering = ["party__position", "id"]

    def __str__(self) -> str:
        return self.task

    @property
    def contact_label(self) -> str:
        """The free text, or the linked network contact with function (pseudonym if erased)."""
        if self.contact:
            return self.contact
        person = self.contact_person
        if person is None:
            return ""
        if person.is_erased:
            return str(person)
        return ", ".join(part for part in [str(person), person.function] if part)

    access_paths = THROUGH_AGREEMENT


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Räume")
    STAFF_HOURS = "staff_hours", _("Personalstunden")
    MONEY = "money", _("Geld")
    MATERIAL = "material", _("Material")
    OTHER = "other", _("Sonstiges")


class Resource(AccessControlled, TenantModel):
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("Vereinbarung"),
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("eingebracht von"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=ResourceKind.choices)
    description = models.CharField(_("Beschreibung"), max_length=300)
    amount = models.DecimalField(_("Menge"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        _("Einheit"), max_length=50, blank=True, help_text=_("z. B. Std./Woche, €/Jahr, m²")
    )

    class Meta:
        verbose_name = _("Ressource")
        verbose_name_plural = _("Ressourcen")
        ordering = ["party__position", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                name="resource_amount_not_negative",
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                violation_error_message=_("Die Menge darf nicht negativ sein."),
            )
        ]

    def __str__(self) -> str:
        return self.description

    access_paths = THROUGH_AGREEMENT
