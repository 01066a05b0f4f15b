"""Bodies (Gremien) and their members."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled, Via
from verbund.core.models import TenantModel

from .organisations import Contact, Organisation


class BodyKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Arbeitskreis")
    ROUND_TABLE = "round_table", _("Runder Tisch")
    DISTRICT = "district", _("Stadtteilgremium")
    STEERING = "steering", _("Steuerungsgremium")
    EARLY_HELP = "early_help", _("Netzwerk Frühe Hilfen")
    HEALTH_CONFERENCE = "health_conference", _("Gesundheitskonferenz")
    COORDINATORS = "coordinators", _("Treffen der Koordinierungskräfte")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("wöchentlich")
    MONTHLY = "monthly", _("monatlich")
    BIMONTHLY = "bimonthly", _("alle zwei Monate")
    QUARTERLY = "quarterly", _("vierteljährlich")
    HALF_YEARLY = "half_yearly", _("halbjährlich")
    YEARLY = "yearly", _("jährlich")
    AS_NEEDED = "as_needed", _("nach Bedarf")


class Body(AccessControlled, TenantModel):
    """A Gremium: a standing group in which centres and organisations meet."""

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=BodyKind.choices)
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("verantwortliches Familienzentrum"),
        help_text=_("leer, wenn die Kommune das Gremium verantwortet"),
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("Gebiet"),
    )
    cadence = models.CharField(
        _("Turnus"), max_length=20, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    purpose = models.TextField(_("Zweck"), blank=True, max_length=4000)
    mandate = models.TextField(
        _("Mandat"), blank=True, max_length=4000, help_text=_("Was darf das Gremium entscheiden?")
    )
    resources = models.TextField(
        _("Ressourcen"), blank=True, max_length=4000, help_text=_("Mittel, Stunden, Räume")
    )
    founded_on = models.DateField(_("gegründet am"), null=True, blank=True)
    dissolved_on = models.DateField(_("aufgelöst am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="body_name_unique_per_municipality",
                violation_error_message=_("Ein Gremium mit diesem Namen gibt es schon."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.kind == BodyKind.STEERING:
            errors = {}
            if not self.mandate.strip():
                errors["mandate"] = _("Ein Steuerungsgremium braucht ein Mandat.")
            if not self.resources.strip():
                errors["resources"] = _("Ein Steuerungsgremium braucht Ressourcen.")
            if errors:
                raise ValidationError(errors)

    access_paths = {
        "centres": ("centre",),
        "providers": ("centre__provider",),
        # Organisations holding a current seat reach the body.
        "facilities": (Via("members__organisation__facility", members__left_on__isnull=True),),
    }


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Vorsitz")
    DEPUTY = "deputy", _("stellv. Vorsitz")
    OFFICE = "office", _("Geschäftsführung")
    MEMBER = "member", _("Mitglied")
    GUEST = "guest", _("Gast")


class BodyMember(AccessControlled, TenantModel):
    """A seat in a body: held by a centre or an organisation, optionally by a named person."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="members", verbose_name=_("Gremium")
    )
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="body_seats",
        verbose_name=_("Familienzentrum"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="body_seats",
        verbose_name=_("Organisation"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_seats",
        verbose_name=_("Person"),
    )
    role = models.CharField(
        _("Rolle"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_on = models.DateField(_("Mitglied seit"), default=timezone.localdate)
    left_on = models.DateField(_("ausgeschieden am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mitglied im Gremium")
        verbose_name_plural = _("Mitglieder im Gremium")
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                name="bodymember_exactly_one_holder",
                condition=Q(centre__isnull=False, organisation__isnull=True)
                | Q(centre__isnull=True, organisation__isnull=False),
                violation_error_message=_(
                    "Bitte entweder ein Familienzentrum oder eine Organisation wählen."
                ),
            ),
            models.UniqueConstraint(
                fields=["body", "organisation"],
                condition=Q(organisation__isnull=False, left_on__isnull=True),
                name="bodymember_unique_organisation",
                violation_error_message=_("Diese Organisation ist schon Mitglied."),
            ),
            models.UniqueConstraint(
                fields=["body", "centre"],
                condition=Q(centre__isnull=False, left_on__isnull=True),
                name="bodymember_unique_centre",
                violation_error_message=_("Dieses Familienzentrum ist schon Mitglied."),
            ),
        ]

    def __str__(self) -> str:
        holder = self.centre or self.organisation
        return f"{self.body}: {holder}"

    def clean(self):
        super().clean()
        if (
            self.contact_id
            and self.organisation_id
            and (self.contact.organisation_id != self.organisation_id)
        ):
            raise ValidationError({"contact": _("Die Person gehört nicht zu dieser Organisation.")})

    access_paths = {
        "centres": ("body__centre",),
        "providers": ("body__centre__provider",),
        "facilities": (
            Via(
                "body__members__organisation__facility",
                body__members__left_on__isnull=True,
            ),
        ),
    }
