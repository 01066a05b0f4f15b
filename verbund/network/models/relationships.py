"""A centre's relationship with an organisation and the interactions on it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel

from .organisations import Contact, Organisation


class Level(models.IntegerChoices):
    NONE = 0, _("keine")
    LOW = 1, _("gering")
    MEDIUM = 2, _("mittel")
    HIGH = 3, _("hoch")


class Quality(models.IntegerChoices):
    NONE = 0, _("keine Beziehung")
    WEAK = 1, _("schwach")
    WORKING = 2, _("tragfähig")
    GOOD = 3, _("gut")
    STRONG = 4, _("sehr gut")


class Status(models.TextChoices):
    IDENTIFIED = "identified", _("identifiziert")
    CONTACTED = "contacted", _("kontaktiert")
    IN_TALKS = "in_talks", _("im Gespräch")
    COOPERATING = "cooperating", _("kooperiert")
    DORMANT = "dormant", _("ruht")
    ENDED = "ended", _("beendet")


# Statuses in which a relationship counts as a tie of the network.
ACTIVE_STATUSES = [Status.CONTACTED, Status.IN_TALKS, Status.COOPERATING, Status.DORMANT]


class Relationship(AccessControlled, TenantModel):
    """A centre's stakeholder assessment of one organisation (the edge of the network)."""

    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="relationships",
        verbose_name=_("Familienzentrum"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="relationships",
        verbose_name=_("Organisation"),
    )
    relevance_centre = models.PositiveSmallIntegerField(
        _("Relevanz für das Familienzentrum"), choices=Level.choices, default=Level.MEDIUM
    )
    relevance_families = models.PositiveSmallIntegerField(
        _("Relevanz für Familien"), choices=Level.choices, default=Level.MEDIUM
    )
    influence = models.PositiveSmallIntegerField(
        _("Einfluss im Sozialraum"), choices=Level.choices, default=Level.MEDIUM
    )
    quality = models.PositiveSmallIntegerField(
        _("Qualität der Beziehung"), choices=Quality.choices, default=Quality.NONE
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED
    )
    topics = models.CharField(
        _("gemeinsame Themen"), max_length=300, blank=True, help_text=_("durch Komma getrennt")
    )
    target_groups = models.CharField(
        _("gemeinsame Zielgruppen"),
        max_length=300,
        blank=True,
        help_text=_("durch Komma getrennt"),
    )
    value_for_centre = models.TextField(_("Mehrwert für das Familienzentrum"), blank=True)
    value_for_partner = models.TextField(_("Mehrwert für die Organisation"), blank=True)
    next_step = models.CharField(_("nächster Schritt"), max_length=300, blank=True)
    next_step_due = models.DateField(_("nächster Schritt bis"), null=True, blank=True)
    next_step_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuständig"),
    )
    started_on = models.DateField(_("besteht seit"), default=timezone.localdate)
    ended_on = models.DateField(_("beendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stakeholder-Einschätzung")
        verbose_name_plural = _("Stakeholder-Einschätzungen")
        ordering = ["centre", "organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "organisation"],
                name="relationship_unique_centre_organisation",
                violation_error_message=_(
                    "Für diese Organisation gibt es in diesem Familienzentrum schon eine "
                    "Einschätzung."
                ),
            ),
            models.CheckConstraint(
                name="relationship_ended_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                violation_error_message=_("Das Ende liegt vor dem Beginn."),
            ),
            models.CheckConstraint(name="relationship_quality_range", condition=Q(quality__lte=4)),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.centre} – {self.organisation}"

    def clean(self):
        super().clean()
        if self.next_step_due and not self.next_step:
            raise ValidationError({"next_step": _("Bitte den nächsten Schritt beschreiben.")})
        if self.status == Status.ENDED and not self.ended_on:
            self.ended_on = timezone.localdate()
        if self.status != Status.ENDED:
            self.ended_on = None

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}

    @property
    def topic_list(self) -> list[str]:
        return [item.strip() for item in self.topics.split(",") if item.strip()]

    @property
    def target_group_list(self) -> list[str]:
        return [item.strip() for item in self.target_groups.split(",") if item.strip()]


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Treffen")
    CALL = "call", _("Telefonat")
    VISIT = "visit", _("Besuch")
    EMAIL = "email", _("E-Mail")
    NOTE = "note", _("Notiz")


class Interaction(AccessControlled, TenantModel):
    """One entry of a relationship's contact history."""

    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="interactions",
        verbose_name=_("Beziehung"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=InteractionKind.choices)
    date = models.DateField(_("Datum"), default=timezone.localdate)
    summary = models.TextField(_("Inhalt"), max_length=4000)
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="interactions", verbose_name=_("beteiligte Personen")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )

    class Meta:
        verbose_name = _("Kontakt im Verlauf")
        verbose_name_plural = _("Kontaktverlauf")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"

    access_paths = {
        "centres": ("relationship__centre",),
        "providers": ("relationship__centre__provider",),
    }
