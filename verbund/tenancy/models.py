from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel, TimestampedModel

postcode_validator = RegexValidator(
    r"^\d{5}$", _("Bitte eine fünfstellige Postleitzahl angeben, z. B. 50667.")
)
official_key_validator = RegexValidator(
    r"^\d{8}$", _("Der Amtliche Gemeindeschlüssel hat acht Ziffern, z. B. 05315000.")
)
# Germany's bounding box, so swapped or mistyped coordinates are caught at the field.
latitude_validators = [
    MinValueValidator(47.2, _("Die Breite liegt außerhalb Deutschlands (47,2 bis 55,1).")),
    MaxValueValidator(55.1, _("Die Breite liegt außerhalb Deutschlands (47,2 bis 55,1).")),
]
longitude_validators = [
    MinValueValidator(5.8, _("Die Länge liegt außerhalb Deutschlands (5,8 bis 15,1).")),
    MaxValueValidator(15.1, _("Die Länge liegt außerhalb Deutschlands (5,8 bis 15,1).")),
]


class Municipality(TimestampedModel):
    """The tenant: a Kommune (city, district or municipality) and its youth-welfare office."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kürzel in Adressen"), max_length=60, unique=True)
    official_key = models.CharField(
        _("Amtlicher Gemeindeschlüssel"),
        max_length=8,
        blank=True,
        validators=[official_key_validator],
    )
    state = models.CharField(_("Bundesland"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["official_key"],
                condition=~Q(official_key=""),
                name="municipality_official_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(
        _("Postleitzahl"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=latitude_validators,
    )
    longitude = models.DecimalField(
        _("Längengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=longitude_validators,
    )

    class Meta:
        abstract = True

    @property
    def address_line(self) -> str:
        place = " ".join(part for part in [self.postcode, self.city] if part)
        return ", ".join(part for part in [self.street, place] if part)


class Provider(AccessControlled, TenantModel):
    """A Träger: runs family centres and facilities (AWO, Caritas, the city itself, …)."""

    name = models.CharField(_("Name"), max_length=200)
    legal_form = models.CharField(_("Rechtsform"), max_length=100, blank=True)
    website = models.URLField(_("Website"), blank=True)

    class Meta:
        verbose_name = _("Träger")
        verbose_name_plural = _("Träger")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="provider_name_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

    access_paths = {"providers": ("pk",)}


class FamilyCentre(AccessControlled, TenantModel, Address):
    """A Familienzentrum: the hub of a Verbund of facilities in its Sozialraum."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kürzel in Adressen"), max_length=80)
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="centres",
        verbose_name=_("Träger"),
    )
    email = models.EmailField(_("E-Mail der Einrichtung"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Familienzentrum")
        verbose_name_plural = _("Familienzentren")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="centre_slug_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

    access_paths = {"centres": ("pk",), "providers": ("provider",)}


class FacilityKind(models.TextChoices):
    KITA = "kita", _("Kindertageseinrichtung")
    FAMILY_DAYCARE = "family_daycare", _("Kindertagespflege")
    PRIMARY_SCHOOL = "primary_school", _("Grundschule")
    SECONDARY_SCHOOL = "secondary_school", _("Weiterführende Schule")
    COUNSELLING = "counselling", _("Beratungsstelle")
    FAMILY_EDUCATION = "family_education", _("Familienbildungsstätte")
    YOUTH_CENTRE = "youth_centre", _("Jugendeinrichtung")
    HEALTH = "health", _("Gesundheitsdienst")
    LIBRARY = "library", _("Bibliothek")
    CLUB = "club", _("Verein")
    YOUTH_OFFICE = "youth_office", _("Jugendamt / ASD")
    OTHER = "other", _("Sonstige")


class Facility(AccessControlled, TenantModel, Address):
    """A member of a centre's Verbund: Kita, school, counselling centre, …"""

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=FacilityKind.choices)
    centre = models.ForeignKey(
        FamilyCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("Familienzentrum"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("Träger"),
    )
    email = models.EmailField(_("E-Mail der Einrichtung"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    website = models.URLField(_("Website"), blank=True)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=4000)
    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einrichtung")
        verbose_name_plural = _("Einrichtungen")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "street"],
                condition=Q(archived_at__isnull=True),
                name="facility_unique_active_name_address",
                violation_error_message=_(
                    "Eine aktive Einrichtung mit diesem Namen und dieser Adresse gibt es schon."
                ),
            )
        ]
        indexes = [models.Index(fields=["municipality", "archived_at", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    access_paths = {
        "centres": ("centre",),
        "providers": ("provider", "centre__provider"),
        "facilities": ("pk",),
    }
