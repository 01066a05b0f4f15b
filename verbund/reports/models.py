"""A centre's development report (Entwicklungsbericht) for a period, and its frozen versions.

The figures are read from the live data whenever the report is shown or generated; only the
coordinator's own text per section is stored with the draft. Freezing files the PDF in the
centre's archive and keeps what it showed (texts and figures) as a version that never changes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel

# (key, heading, what the section shows) in the order of the report.
SECTIONS = [
    ("profile", _("Sozialraumprofil"), _("Kennzahlen der Sozialräume des Zentrums mit Verlauf")),
    (
        "network",
        _("Netzwerk und seine Entwicklung"),
        _("Partner, Kooperationsvereinbarungen und Gremien im Zeitraum"),
    ),
    (
        "offers",
        _("Angebote entlang der Präventionskette"),
        _("Angebote nach Lebensphase und geschlossene Lücken"),
    ),
    ("needs", _("Gemeldete Bedarfe"), _("Bedarfe und ihr Stand")),
    (
        "goals",
        _("Ziele und Überprüfung"),
        _("Ziele der Jahresprogramme und die Ergebnisse ihrer Überprüfung"),
    ),
    ("meetings", _("Sitzungen"), _("Sitzungen von Gremien und Runden des Zentrums")),
]
SECTION_KEYS = [key for key, _label, _help in SECTIONS]
TEXT_MAX = 8000


def text_field(label):
    return models.TextField(label, blank=True, max_length=TEXT_MAX)


class Report(AccessControlled, TenantModel):
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="development_reports",
        verbose_name=_("Familienzentrum"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    period_start = models.DateField(_("Zeitraum von"))
    period_end = models.DateField(_("Zeitraum bis"))
    introduction = text_field(_("Einleitung"))
    text_profile = text_field(_("Text zum Sozialraumprofil"))
    text_network = text_field(_("Text zum Netzwerk"))
    text_offers = text_field(_("Text zu den Angeboten"))
    text_needs = text_field(_("Text zu den Bedarfen"))
    text_goals = text_field(_("Text zu Zielen und Überprüfung"))
    text_meetings = text_field(_("Text zu den Sitzungen"))
    conclusion = text_field(_("Ausblick"))

    class Meta:
        verbose_name = _("Entwicklungsbericht")
        verbose_name_plural = _("Entwicklungsberichte")
        ordering = ["-period_end", "centre__name", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
                violation_error_message=_(
                    "Der Zeitraum endet vor seinem Beginn: „bis“ muss nach „von“ liegen."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.centre})" if self.centre_id else self.title

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}

    def clean(self):
        super().clean()
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                raise ValidationError(
                    {
                        "period_end": _(
                            "Der Zeitraum endet vor seinem Beginn: „bis“ muss nach „von“ liegen."
                        )
                    }
                )
            if (self.period_end - self.period_start).days > 5 * 366:
                raise ValidationError(
                    {"period_end": _("Ein Bericht umfasst höchstens fünf Jahre.")}
                )

    def text_for(self, key: str) -> str:
        return getattr(self, f"text_{key}", "")


class ReportFreeze(AccessControlled, TenantModel):
    """One frozen version: what the report showed, filed as a version of its archive document.
    Never changed after it is written."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="freezes", verbose_name=_("Bericht")
    )
    number = models.PositiveIntegerField(_("Fassung"))
    content = models.JSONField(_("Inhalt"), editable=False)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Dokument im Archiv"),
    )
    document_version = models.PositiveIntegerField(_("Version im Archiv"), null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("festgeschrieben von"),
    )

    class Meta:
        verbose_name = _("festgeschriebene Fassung")
        verbose_name_plural = _("festgeschriebene Fassungen")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_freeze_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.report.title}, Fassung {self.number}"

    access_paths = {"centres": ("report__centre",), "providers": ("report__centre__provider",)}

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(
                _("Eine festgeschriebene Fassung kann nicht mehr geändert werden.")
            )
        super().save(*args, **kwargs)
