from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel
from verbund.tenancy.models import latitude_validators, longitude_validators


class AreaKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Verwaltungsgliederung")
    PLANNING = "planning", _("Planungsraum")
    CUSTOM = "custom", _("eigene Abgrenzung")


# An area's boundary: GeoJSON of often hundreds of kilobytes, parsed whenever a row is read.
# A query that joins an area for its name defers these (``.defer(*shape_of("area"))``).
SHAPE_FIELDS = ("geometry", "geometry_simplified", "bbox")


def shape_of(relation: str) -> tuple[str, ...]:
    """The boundary columns of the area reached by ``relation``, to ``defer``."""
    return tuple(f"{relation}__{name}" for name in SHAPE_FIELDS)


class Area(AccessControlled, TenantModel):
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
        indexes = [
            models.Index(fields=["municipality", "parent"]),
            # Lists and the map page one level in name order: read in order, not sorted.
            models.Index(fields=["municipality", "level", "name"], name="area_level_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def has_geometry(self) -> bool:
        return self.geometry is not None

    access_paths = {"centres": ("centres",)}


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("wird geprüft")
    PREVIEW = "preview", _("Vorschau")
    RUNNING = "running", _("wird übernommen")
    FAILED = "failed", _("Übernahme fehlgeschlagen")
    COMMITTED = "committed", _("übernommen")
    DISCARDED = "discarded", _("verworfen")


class AreaImport(AccessControlled, TenantModel):
    """An uploaded boundary file between preview and commit.

    The file is parsed, reprojected and checked once on upload; what the preview shows is
    exactly what a commit writes. Nothing reaches ``Area`` before the commit.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    filename = models.CharField(_("Dateiname"), max_length=255)
    file_format = models.CharField(_("Format"), max_length=20)
    source = models.BinaryField(editable=False)
    options = models.JSONField(_("Einstellungen"), default=dict)
    features = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    status = models.CharField(
        _("Status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    report = models.JSONField(null=True, blank=True)
    job = models.ForeignKey(
        "core.BackgroundJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Hintergrundaufgabe"),
    )

    class Meta:
        verbose_name = _("Gebietsimport")
        verbose_name_plural = _("Gebietsimporte")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename

    access_paths = {}

    @property
    def errors(self) -> list[dict]:
        return [p for p in self.problems if p.get("level") == "error"]

    @property
    def warnings(self) -> list[dict]:
        return [p for p in self.problems if p.get("level") != "error"]


class ObservationCategory(models.TextChoices):
    HOUSING = "housing", _("Wohnen")
    GREEN = "green", _("Grünflächen und Spielplätze")
    TRANSPORT = "transport", _("Öffentlicher Nahverkehr")
    SHOPPING = "shopping", _("Nahversorgung")
    MEETING = "meeting", _("Treffpunkte")
    BARRIERS = "barriers", _("Barrieren")
    SAFETY = "safety", _("Sicherheit")
    TRAFFIC = "traffic", _("Verkehr")


class Rating(models.IntegerChoices):
    VERY_GOOD = 1, _("sehr gut")
    GOOD = 2, _("gut")
    MIXED = 3, _("teils, teils")
    POOR = 4, _("schlecht")
    VERY_POOR = 5, _("sehr schlecht")


class Walk(AccessControlled, TenantModel):
    """A Sozialraumbegehung: a walk through an area by a centre's team and partners."""

    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="walks",
        verbose_name=_("Familienzentrum"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="walks",
        verbose_name=_("Gebiet"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    date = models.DateField(_("Datum"))
    participants = models.TextField(
        _("Teilnehmende"),
        blank=True,
        max_length=2000,
        help_text=_("Funktionen oder Organisationen, eine Angabe je Zeile"),
    )
    notes = models.TextField(_("Notizen"), blank=True, max_length=8000)

    class Meta:
        verbose_name = _("Begehung")
        verbose_name_plural = _("Begehungen")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["municipality", "centre", "date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    @property
    def participant_list(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]

    access_paths = {"centres": ("centre",)}


class Observation(AccessControlled, TenantModel):
    walk = models.ForeignKey(
        Walk, on_delete=models.CASCADE, related_name="observations", verbose_name=_("Begehung")
    )
    categories = models.JSONField(_("Themen"), default=list, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("Bewertung"), choices=Rating.choices, null=True, blank=True
    )
    note = models.TextField(_("Beobachtung"), max_length=4000)
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )

    class Meta:
        verbose_name = _("Beobachtung")
        verbose_name_plural = _("Beobachtungen")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="observation_lat_lon_together",
                violation_error_message=_(
                    "Bitte Breiten- und Längengrad zusammen angeben oder beide nicht."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.note[:60]

    def clean(self):
        super().clean()
        unknown = [c for c in self.categories or [] if c not in ObservationCategory.values]
        if unknown:
            raise ValidationError({"categories": _("Unbekanntes Thema: %s") % ", ".join(unknown)})

    @property
    def category_labels(self) -> list[str]:
        labels = dict(ObservationCategory.choices)
        return [str(labels[c]) for c in self.categories if c in labels]

    access_paths = {"centres": ("walk__centre",)}


class ObservationPhoto(AccessControlled, TenantModel):
    """A photo, re-encoded as JPEG without metadata; kept in the database so that it is private
    to the municipality, served only through a permission-checked view and deleted with the
    observation."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="photos", verbose_name=_("Beobachtung")
    )
    image = models.BinaryField(editable=False)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption = models.CharField(_("Bildunterschrift"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Foto")
        verbose_name_plural = _("Fotos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.caption or f"Foto {self.pk}"

    access_paths = {"centres": ("observation__walk__centre",)}
