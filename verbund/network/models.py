from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel
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


class Organisation(TenantModel, Address):
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

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["municipality", "sector"])]

    def __str__(self) -> str:
        return self.name

    def access_keys(self) -> dict[str, set[int]]:
        facility_ids = {self.facility_id} if self.facility_id else set()
        return {"centres": set(), "providers": set(), "facilities": facility_ids}
