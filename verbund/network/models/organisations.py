"""Organisations (Akteure) of the network and their contact persons."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel
from verbund.core.privacy import LegalBasis, ProcessingRecord
from verbund.tenancy.models import Address


class Sector(models.TextChoices):
    """Sectors of a centre's network, as the seeds name them."""

    CHILD_YOUTH_WELFARE = "child_youth_welfare", _("Kinder- und Jugendhilfe")
    EDUCATION_SCHOOL = "education_school", _("Bildung/Schule")
    HEALTH = "health", _("Gesundheit")
    COUNSELLING = "counselling", _("Beratung")
    FAMILY_EDUCATION = "family_education", _("Familienbildung")
    SPORT_CLUB = "sport_club", _("Sport/Verein")
    CULTURE_LIBRARY = "culture_library", _("Kultur/Bibliothek")
    FIRE_SAFETY = "fire_safety", _("Feuerwehr/Sicherheit")
    INTEGRATION = "integration", _("Integration")
    RELIGION = "religion", _("Religion")
    ADMINISTRATION = "administration", _("Verwaltung/Jugendamt")
    ECONOMY = "economy", _("Wirtschaft")
    OTHER = "other", _("Sonstiges")


# The sectors a centre's network is measured against (everything the seeds name).
SEED_SECTORS = [value for value in Sector.values if value != Sector.OTHER]


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("E-Mail")
    PHONE = "phone", _("Telefon")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("persönlich")
    MESSENGER = "messenger", _("Messenger")


class Organisation(AccessControlled, TenantModel, Address):
    """An Akteur of the network. A Verbund member facility may be linked one-to-one, so that
    the facility's partner users keep their own organisation's data."""

    name = models.CharField(_("Name"), max_length=200)
    sector = models.CharField(_("Sektor"), max_length=30, choices=Sector.choices)
    org_type = models.CharField(
        _("Art"), max_length=100, blank=True, help_text=_("z. B. Verein, Amt, Praxis, Schule")
    )
    facility = models.OneToOneField(
        "tenancy.Facility",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name=_("Einrichtung im Verbund"),
    )
    areas_served = models.ManyToManyField(
        "areas.Area", blank=True, related_name="organisations", verbose_name=_("Einzugsgebiete")
    )
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    accessibility = models.TextField(_("Barrierefreiheit"), blank=True)
    email = models.EmailField(_("E-Mail der Organisation"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    website = models.URLField(_("Website"), blank=True)
    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)
    preferred_channel = models.CharField(
        _("bevorzugter Kontaktweg"),
        max_length=20,
        choices=ContactChannel.choices,
        blank=True,
    )
    description = models.TextField(_("Beschreibung und Angebote"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["municipality", "sector"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    access_paths = {"facilities": ("facility",)}


class Contact(AccessControlled, TenantModel):
    """An Ansprechperson at an organisation: personal data under the GDPR."""

    personal_data = ProcessingRecord(
        purpose=_(
            "Kontaktpflege mit Ansprechpersonen der Partnerorganisationen im Netzwerk des "
            "Familienzentrums (Einladungen, Absprachen, Kooperationen)."
        ),
        legal_basis=f"{LegalBasis.PUBLIC_TASK},{LegalBasis.LEGITIMATE_INTERESTS},"
        f"{LegalBasis.CONSENT}",
        categories=(
            _("Name"),
            _("Funktion"),
            _("dienstliche E-Mail und Telefonnummer"),
            _("Herkunft der Daten"),
            _("Kontaktverlauf"),
        ),
        retention=_(
            "Bis zum Widerruf oder Wegfall des Zwecks; nach Ablauf der Bestätigungsfrist "
            "(Standard 365 Tage) zur Prüfung markiert; bei Löschung bleibt ein pseudonymer "
            "Platzhalter ohne Personenbezug."
        ),
        recipients=(
            _("Koordinierungskräfte und Leitungen der Familienzentren der Kommune"),
            _("die Partnerorganisation selbst"),
        ),
        data_subjects=_("Beschäftigte und Ehrenamtliche von Partnerorganisationen"),
        fields=("first_name", "last_name", "function", "email", "phone", "notes"),
    )

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("Organisation"),
    )
    first_name = models.CharField(_("Vorname"), max_length=100, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=100, blank=True)
    function = models.CharField(_("Funktion"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    preferred_channel = models.CharField(
        _("bevorzugter Kontaktweg"), max_length=20, choices=ContactChannel.choices, blank=True
    )
    notes = models.TextField(_("Notizen"), blank=True, max_length=2000)
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=1, choices=LegalBasis.choices)
    source = models.CharField(
        _("Herkunft der Daten"),
        max_length=200,
        help_text=_("z. B. Visitenkarte beim Runden Tisch, Website der Organisation"),
    )
    last_confirmed = models.DateField(
        _("zuletzt bestätigt am"),
        default=timezone.localdate,
        help_text=_("Wann wurden die Angaben zuletzt von der Person bestätigt?"),
    )
    erased_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)
    pseudonym = models.CharField(_("Platzhalter"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(
                name="contact_erased_has_no_personal_data",
                condition=Q(erased_at__isnull=True)
                | Q(first_name="", last_name="", email="", phone="", notes="", function=""),
            ),
        ]

    def __str__(self) -> str:
        if self.erased_at:
            return self.pseudonym or str(_("gelöschte Person"))
        return " ".join(part for part in [self.first_name, self.last_name] if part) or "–"

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def clean(self):
        super().clean()
        if not self.erased_at and not (self.first_name or self.last_name):
            raise ValidationError({"last_name": _("Bitte einen Namen angeben.")})

    access_paths = {"facilities": ("organisation__facility",)}
