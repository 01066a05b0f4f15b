from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("Anzahl")
    SHARE = "share", _("Anteil in %")
    RATE = "rate", _("Quote je 1.000")
    MEAN = "mean", _("Durchschnitt")
    INDEX = "index", _("Index")


class Indicator(TenantModel):
    """One entry of the municipality's indicator catalogue (seeded from the default list)."""

    key = models.SlugField(_("Schlüssel"), max_length=80)
    name = models.CharField(_("Name"), max_length=200)
    unit = models.CharField(_("Einheit"), max_length=40, blank=True)
    kind = models.CharField(_("Art"), max_length=10, choices=IndicatorKind.choices)
    higher_means_more_need = models.BooleanField(
        _("Höherer Wert bedeutet mehr Bedarf"), null=True, blank=True
    )
    topic = models.CharField(_("Thema"), max_length=80, blank=True)
    source = models.CharField(_("Quelle"), max_length=200, blank=True)
    definition = models.TextField(_("Definition"), blank=True)

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["topic", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key"],
                name="indicator_key_unique_per_municipality",
                violation_error_message=_("Diesen Indikatorschlüssel gibt es schon."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ValueStatus(models.TextChoices):
    OK = "ok", _("Wert")
    MISSING = "missing", _("fehlt")
    SUPPRESSED = "suppressed", _("geheim gehalten")


class IndicatorValue(TenantModel):
    """The value of one indicator for one area and one year."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("Indikator")
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("Gebiet"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    value = models.FloatField(_("Wert"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=ValueStatus.choices, default=ValueStatus.OK
    )

    class Meta:
        verbose_name = _("Indikatorwert")
        verbose_name_plural = _("Indikatorwerte")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"], name="indicator_value_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status="ok", value__isnull=False)
                | models.Q(~models.Q(status="ok"), value__isnull=True),
                name="indicator_value_status_matches_value",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.area} · {self.year}"


class ImportLayout(models.TextChoices):
    WIDE = "wide", _("breit: eine Spalte je Indikator")
    LONG = "long", _("lang: Gebiet, Indikator, Jahr, Wert je Zeile")
    YEARS = "years", _("Zeitreihe: eine Spalte je Jahr, ein Indikator")


class AreaMatch(models.TextChoices):
    KEY = "key", _("nach Schlüssel")
    NAME = "name", _("nach Name")


class ImportMapping(TenantModel):
    """A saved column mapping, re-used for next year's file of the same kind.

    ``spec`` holds what the import wizard asks for (layout, area column, year, which column
    or label goes to which indicator key); columns are referred to by their header text so
    that a reordered file still fits.
    """

    name = models.CharField(_("Name"), max_length=120)
    spec = models.JSONField(_("Zuordnung"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("angelegt von"),
    )

    class Meta:
        verbose_name = _("gespeicherte Zuordnung")
        verbose_name_plural = _("gespeicherte Zuordnungen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="import_mapping_name_unique_per_municipality",
                violation_error_message=_("Eine Zuordnung mit diesem Namen gibt es schon."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("hochgeladen")
    CHECKING = "checking", _("wird geprüft")
    READY = "ready", _("geprüft, bereit zur Übernahme")
    INVALID = "invalid", _("geprüft, mit Fehlern")
    RUNNING = "running", _("wird übernommen")
    DONE = "done", _("übernommen")
    FAILED = "failed", _("fehlgeschlagen")
    CANCELLED = "cancelled", _("abgebrochen")


class ImportRun(TenantModel):
    """One import of one file: who, when, which file (name, size, SHA-256), how it was read,
    what the check found and what was written. The uploaded file is kept only until the
    import is committed or cancelled."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    file = models.FileField(_("Datei"), upload_to="statistics-imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("Dateiname"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("Dateigröße in Bytes"))
    file_format = models.CharField(_("Format"), max_length=10)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("Status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    options = models.JSONField(_("Leseoptionen"), default=dict, blank=True)
    spec = models.JSONField(_("Zuordnung"), default=dict, blank=True)
    mapping = models.ForeignKey(
        ImportMapping,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
        verbose_name=_("gespeicherte Zuordnung"),
    )
    report = models.JSONField(_("Prüfbericht"), default=dict, blank=True)
    rows_total = models.PositiveIntegerField(_("Zeilen"), default=0)
    rows_done = models.PositiveIntegerField(_("verarbeitete Zeilen"), default=0)
    values_written = models.PositiveIntegerField(_("geschriebene Werte"), default=0)
    values_created = models.PositiveIntegerField(_("neue Werte"), default=0)
    values_updated = models.PositiveIntegerField(_("geänderte Werte"), default=0)
    started_at = models.DateTimeField(_("Übernahme begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Übernahme beendet"), null=True, blank=True)
    error_message = models.TextField(_("Fehlermeldung"), blank=True)
    job = models.ForeignKey(
        "core.BackgroundJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Hintergrundaufgabe"),
    )

    class Meta:
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.file_name} ({self.created_at:%d.%m.%Y %H:%M})"
            if self.created_at
            else self.file_name
        )

    @property
    def is_open(self) -> bool:
        return self.status in {ImportStatus.UPLOADED, ImportStatus.READY, ImportStatus.INVALID}


class AreaAlias(TenantModel):
    """Another name of an area in statistics files ("StB 0 Altstadt", "Altstadt (gesamt)"),
    chosen by a user for a row that did not join; later imports join it by itself."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, related_name="aliases", verbose_name=_("Gebiet")
    )
    text = models.CharField(_("Name in der Datei"), max_length=200)
    normalised = models.CharField(_("Vergleichsform"), max_length=200, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("angelegt von"),
    )

    class Meta:
        verbose_name = _("anderer Gebietsname")
        verbose_name_plural = _("andere Gebietsnamen")
        ordering = ["text"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "normalised"],
                name="area_alias_unique_per_municipality",
                violation_error_message=_("Diesen Namen gibt es schon für ein Gebiet."),
            )
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        from .importing.matching import normalise_name

        super().clean()
        self.normalised = normalise_name(self.text)[:200]
