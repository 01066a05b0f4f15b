from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel


class AreaKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Verwaltungsgliederung")
    PLANNING = "planning", _("Planungsraum")
    CUSTOM = "custom", _("eigene Abgrenzung")


class Area(TenantModel):
    """A Sozialraum as an administrative or planning unit: Bezirk → Stadtteil → Planungsraum.

    Geometry is stored as GeoJSON in WGS84 (no GIS database needed); ``geometry_simplified``
    is what maps receive.
    """

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("übergeordnetes Gebiet"),
    )
    code = models.CharField(_("Schlüssel"), max_length=40)
    name = models.CharField(_("Name"), max_length=200)
    level = models.CharField(
        _("Ebene"), max_length=60, help_text=_("z. B. Bezirk, Stadtteil, Planungsraum")
    )
    kind = models.CharField(
        _("Art"), max_length=20, choices=AreaKind.choices, default=AreaKind.ADMINISTRATIVE
    )
    geometry = models.JSONField(_("Grenze (GeoJSON)"), null=True, blank=True)
    geometry_simplified = models.JSONField(null=True, blank=True)
    bbox = models.JSONField(null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lon = models.FloatField(null=True, blank=True)
    area_km2 = models.FloatField(_("Fläche in km²"), null=True, blank=True)
    centres = models.ManyToManyField(
        "tenancy.FamilyCentre",
        blank=True,
        related_name="areas",
        verbose_name=_("Sozialraum von Familienzentren"),
    )

    class Meta:
        verbose_name = _("Gebiet")
        verbose_name_plural = _("Gebiete")
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "level", "code"],
                name="area_code_unique_per_level",
                violation_error_message=_("Diesen Schlüssel gibt es auf dieser Ebene schon."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="area_code_not_empty"),
        ]
        indexes = [models.Index(fields=["municipality", "parent"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def access_keys(self) -> dict[str, set[int]]:
        return {
            "centres": set(self.centres.values_list("pk", flat=True)),
            "providers": set(),
            "facilities": set(),
        }
