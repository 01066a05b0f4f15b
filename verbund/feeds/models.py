"""A neighbour's directory the planner imports (``FeedSource``), each fetch and check of it
(``FeedRun``: what was read, the errors found, what was written), and how their taxonomy
terms map to ours (``TermMapping``, kept per source for the next import)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel
from verbund.offers.choices import OfferFormat


class SourceKind(models.TextChoices):
    API = "api", _("HSDS-Schnittstelle (Adresse)")
    PACKAGE = "package", _("Datenpaket (ZIP-Datei)")


class FeedSource(TenantModel):
    name = models.CharField(
        _("Name"), max_length=200, help_text=_("z. B. „Familienangebote Nachbarstadt“")
    )
    kind = models.CharField(_("Art"), max_length=12, choices=SourceKind.choices)
    url = models.URLField(
        _("Adresse der Schnittstelle"),
        max_length=500,
        blank=True,
        help_text=_("Die Basisadresse der HSDS-Schnittstelle, z. B. https://example.org/api/v1"),
    )
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("zugeordnetes Familienzentrum"),
        help_text=_(
            "Die Angebote erscheinen in der Lückenanalyse im Gebiet dieses Familienzentrums "
            "(meist das Zentrum an der Grenze zur Nachbarkommune)."
        ),
    )
    default_format = models.CharField(
        _("Form der Angebote"),
        max_length=24,
        choices=OfferFormat.choices,
        default=OfferFormat.COUNSELLING,
        help_text=_("HSDS kennt keine Form; diese wird für alle importierten Angebote gesetzt."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Verzeichnis einer anderen Kommune")
        verbose_name_plural = _("Verzeichnisse anderer Kommunen")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def source_key(self) -> str:
        return f"feeds:{self.pk}"


class RunStatus(models.TextChoices):
    FETCHING = "fetching", _("wird abgerufen und geprüft")
    READY = "ready", _("geprüft, bereit zur Übernahme")
    INVALID = "invalid", _("mit Fehlern")
    FAILED = "failed", _("Abruf fehlgeschlagen")
    COMMITTED = "committed", _("übernommen")


class FeedRun(TenantModel):
    source = models.ForeignKey(
        FeedSource, on_delete=models.CASCADE, related_name="runs", verbose_name=_("Quelle")
    )
    status = models.CharField(
        _("Stand"), max_length=12, choices=RunStatus.choices, default=RunStatus.FETCHING
    )
    filename = models.CharField(_("Datei"), max_length=200, blank=True)
    message = models.CharField(_("Meldung"), max_length=1000, blank=True)
    # What was read: the HSDS service objects (checked again at the commit), their terms.
    services = models.JSONField(default=list, editable=False)
    terms = models.JSONField(default=dict, editable=False)
    report = models.JSONField(default=dict, editable=False)
    job = models.ForeignKey(
        "core.BackgroundJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    committed_at = models.DateTimeField(_("übernommen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Abruf eines Verzeichnisses")
        verbose_name_plural = _("Abrufe von Verzeichnissen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} ({self.created_at:%d.%m.%Y %H:%M})"


class TermMapping(TenantModel):
    """One of their taxonomy terms: which of our terms it becomes, or ignored."""

    source = models.ForeignKey(
        FeedSource, on_delete=models.CASCADE, related_name="mappings", verbose_name=_("Quelle")
    )
    external_id = models.CharField(_("Kennung des Begriffs"), max_length=250)
    label = models.CharField(_("Begriff in der Quelle"), max_length=300, blank=True)
    term = models.ForeignKey(
        "taxonomy.Term",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unser Begriff"),
    )
    ignored = models.BooleanField(_("nicht übernehmen"), default=False)

    class Meta:
        verbose_name = _("Zuordnung eines Begriffs")
        verbose_name_plural = _("Zuordnungen von Begriffen")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="feeds_mapping_unique_term"
            )
        ]

    def __str__(self) -> str:
        return self.label or self.external_id
