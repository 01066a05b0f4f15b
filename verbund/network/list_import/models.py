"""A column mapping saved for the next list of the same publisher (same header set)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel


class ListImportMapping(TenantModel):
    """Which column goes to which field, found again by the file's header set
    (``rows.header_key``: sorted, normalised headings) and what the list contains."""

    target = models.CharField(_("Inhalt der Liste"), max_length=20)
    header_key = models.CharField(_("Spaltensatz"), max_length=40)
    columns = models.JSONField(_("Spalten"), default=list)
    mapping = models.JSONField(_("Zuordnung"), default=dict)
    options = models.JSONField(_("Einstellungen"), default=dict)
    filename = models.CharField(_("zuletzt verwendet für"), max_length=200, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gespeichert von"),
    )

    class Meta:
        verbose_name = _("gespeicherte Spaltenzuordnung einer Liste")
        verbose_name_plural = _("gespeicherte Spaltenzuordnungen von Listen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "target", "header_key"],
                name="list_import_mapping_unique_per_header_set",
            )
        ]

    def __str__(self) -> str:
        return self.filename or self.header_key[:8]
