"""What the public site publishes: a centre's homepage (``CentrePage``, its downloads) and the
municipality's legal pages and embedding rules (``MunicipalitySite``).

The contact person for the Sozialraum is stored field by field with a consent flag and the
date of consent: only a consented field is ever shown publicly (issue 12).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel
from verbund.core.privacy import LegalBasis, ProcessingRecord

CONTACT_FIELDS = ("name", "role", "phone", "email")


class CentrePage(AccessControlled, TenantModel):
    personal_data = ProcessingRecord(
        purpose=_(
            "Familien sollen wissen, wer im Sozialraum ihre Ansprechperson ist (seed 003: die "
            "Koordinierungskraft als Ansprechperson für den Sozialraum)."
        ),
        legal_basis=f"{LegalBasis.CONSENT}",
        categories=(_("Name und Funktion"), _("dienstliche E-Mail und Telefonnummer")),
        retention=_(
            "Solange die Person der Veröffentlichung zugestimmt hat; mit dem Widerruf oder "
            "dem Ende der Aufgabe werden die Angaben gelöscht."
        ),
        recipients=(_("Öffentlichkeit (nur die Angaben mit Zustimmung)"),),
        data_subjects=_("Koordinierungskräfte und Beschäftigte des Familienzentrums"),
        fields=("contact_name", "contact_role", "contact_email", "contact_phone"),
    )

    centre = models.OneToOneField(
        "tenancy.FamilyCentre",
        on_delete=models.CASCADE,
        related_name="public_page",
        verbose_name=_("Familienzentrum"),
    )
    published = models.BooleanField(_("veröffentlicht"), default=False)
    introduction = models.TextField(_("Vorstellung"), max_length=8000, blank=True)
    introduction_easy = models.TextField(
        _("Vorstellung in Leichter Sprache"), max_length=8000, blank=True
    )
    opening_hours = models.TextField(
        _("Öffnungszeiten"),
        max_length=1000,
        blank=True,
        help_text=_("Eine Zeile je Tag oder Zeitraum, z. B. „Mo–Fr 9–16 Uhr“."),
    )
    languages = models.JSONField(_("Gesprochene Sprachen"), default=list, blank=True)
    contact_name = models.CharField(_("Name"), max_length=200, blank=True)
    contact_name_public = models.BooleanField(_("Name veröffentlichen"), default=False)
    contact_name_consent = models.DateField(_("Zustimmung zum Namen am"), null=True, blank=True)
    contact_role = models.CharField(_("Funktion"), max_length=200, blank=True)
    contact_role_public = models.BooleanField(_("Funktion veröffentlichen"), default=False)
    contact_role_consent = models.DateField(_("Zustimmung zur Funktion am"), null=True, blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    contact_phone_public = models.BooleanField(_("Telefon veröffentlichen"), default=False)
    contact_phone_consent = models.DateField(_("Zustimmung zum Telefon am"), null=True, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_email_public = models.BooleanField(_("E-Mail veröffentlichen"), default=False)
    contact_email_consent = models.DateField(_("Zustimmung zur E-Mail am"), null=True, blank=True)
    changed_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Homepage eines Familienzentrums")
        verbose_name_plural = _("Homepages der Familienzentren")
        indexes = [models.Index(fields=["municipality", "published"])]

    def __str__(self) -> str:
        return str(self.centre)

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}

    def public_contact(self) -> dict[str, str]:
        """Only the fields the contact person agreed to publish (with a date of consent)."""
        shown = {}
        for name in CONTACT_FIELDS:
            value = getattr(self, f"contact_{name}")
            if (
                value
                and getattr(self, f"contact_{name}_public")
                and getattr(self, f"contact_{name}_consent")
            ):
                shown[name] = value
        return shown


class PageDownload(AccessControlled, TenantModel):
    page = models.ForeignKey(
        CentrePage, on_delete=models.CASCADE, related_name="downloads", verbose_name=_("Seite")
    )
    title = models.CharField(_("Titel"), max_length=200)
    language = models.CharField(_("Sprache"), max_length=10, default="de")
    file = models.FileField(_("Datei"), upload_to="public/downloads/%Y/%m/")
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Download")
        verbose_name_plural = _("Downloads")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    access_paths = {"centres": ("page__centre",), "providers": ("page__centre__provider",)}


def validate_origins(value) -> None:
    from .homepage.origins import origin_errors

    errors = origin_errors(value)
    if errors:
        raise ValidationError(errors)


class MunicipalitySite(TenantModel):
    """One per municipality: its legal pages and who may embed the finder."""

    personal_data = ProcessingRecord(
        purpose=_(
            "Besucherinnen und Besucher sollen Barrieren melden können (BITV 2.0, "
            "Feedback-Mechanismus)."
        ),
        legal_basis=f"{LegalBasis.PUBLIC_TASK}",
        categories=(_("dienstliche E-Mail-Adresse der zuständigen Stelle"),),
        retention=_("Solange die Adresse als Kontakt angegeben ist."),
        recipients=(_("Öffentlichkeit"),),
        data_subjects=_("Beschäftigte der Kommune (meist ein Funktionspostfach)"),
        fields=("feedback_email",),
    )

    imprint = models.TextField(_("Impressum"), max_length=20000, blank=True)
    privacy = models.TextField(_("Datenschutzerklärung"), max_length=40000, blank=True)
    accessibility = models.TextField(
        _("Erklärung zur Barrierefreiheit"), max_length=20000, blank=True
    )
    feedback_email = models.EmailField(
        _("E-Mail für Rückmeldungen zur Barrierefreiheit"), blank=True
    )
    allowed_embed_origins = models.JSONField(
        _("Erlaubte Seiten für die Einbettung"),
        default=list,
        blank=True,
        validators=[validate_origins],
    )
    changed_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Öffentliche Seiten der Kommune")
        verbose_name_plural = _("Öffentliche Seiten der Kommunen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"], name="one_public_site_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return str(self.municipality)


from .finder.models import SearchCount  # noqa: E402, F401  (the finder part's model)
