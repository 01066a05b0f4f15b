"""The archive: documents of a centre (or of the municipality), their versions and links."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel

from .choices import LANGUAGES, DocumentKind, ExtractionState


def version_path(instance: DocumentVersion, filename: str) -> str:
    """A random name below documents/; the original name is kept in the row only."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return str(PurePosixPath("documents") / uuid.uuid4().hex[:2] / f"{uuid.uuid4().hex}{suffix}")


class Document(AccessControlled, TenantModel):
    """A document in the archive of ``centre`` (or of the municipality when empty)."""

    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("Archiv des Familienzentrums"),
        help_text=_("Leer: Archiv der Kommune."),
    )
    kind = models.CharField(_("Art"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=2000)
    language = models.CharField(
        _("Sprache"), max_length=8, choices=LANGUAGES, blank=True, default=""
    )
    tags = models.CharField(
        _("Schlagwörter"),
        max_length=300,
        blank=True,
        help_text=_("Durch Kommas getrennt, z. B. „Förderung, 2026“."),
    )
    document_date = models.DateField(_("Datum des Dokuments"), null=True, blank=True)
    public = models.BooleanField(
        _("öffentlich"),
        default=False,
        help_text=_("Broschüren, die öffentlich sind, stehen auf der Homepage zum Herunterladen."),
    )
    confidential = models.BooleanField(
        _("vertraulich"),
        default=False,
        help_text=_("Nur Koordination, Leitung, Träger und Jugendhilfeplanung sehen es."),
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    delete_after = models.DateField(_("löschen ab"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "kind"], name="documents_kind_idx"),
            models.Index(fields=["municipality", "updated_at", "id"], name="documents_recent_idx"),
            models.Index(fields=["delete_after"], name="documents_due_idx"),
            # the year filter (a date range) without reading every document of the town
            models.Index(fields=["municipality", "document_date"], name="documents_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class DocumentVersion(AccessControlled, TenantModel):
    """One uploaded file of a document; a new upload adds a version, the old ones stay."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("Dokument")
    )
    number = models.PositiveIntegerField(_("Version"))
    file = models.FileField(_("Datei"), upload_to=version_path, max_length=200)
    original_name = models.CharField(_("Dateiname beim Hochladen"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("Größe in Bytes"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("enthaltener Text"), blank=True, default="", editable=False)
    extraction = models.CharField(
        _("Volltext"),
        max_length=10,
        choices=ExtractionState.choices,
        default=ExtractionState.PENDING,
    )
    note = models.CharField(_("Anmerkung zur Version"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )

    access_paths = {"centres": ("document__centre",), "providers": ("document__centre__provider",)}

    class Meta:
        verbose_name = _("Version")
        verbose_name_plural = _("Versionen")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="document_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} – {self.number}"


class DocumentLink(TenantModel):
    """A link from a document to another record (a meeting, an agreement, an offer, a body …)
    of the same municipality; the kinds are registered in ``links``."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="links", verbose_name=_("Dokument")
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Verknüpfung")
        verbose_name_plural = _("Verknüpfungen")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "target_type", "target_id"], name="document_link_unique"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="document_link_target")]

    def __str__(self) -> str:
        return f"{self.document} → {self.target_type_id}:{self.target_id}"
