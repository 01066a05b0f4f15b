"""Signed versions, attachments and the reminders sent for an agreement."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel
from verbund.core.privacy import ProcessingRecord

from .agreements import PEOPLE_IN_AGREEMENTS, Agreement
from .parties import THROUGH_AGREEMENT, Party


def signed_pdf_path(instance: AgreementVersion, filename: str) -> str:
    """A random name below cooperation/signed/; the file is always a PDF."""
    return str(PurePosixPath("cooperation") / "signed" / f"{uuid.uuid4().hex}.pdf")


class AgreementVersion(AccessControlled, TenantModel):
    """A Fassung. While a draft, its content is the agreement's live data; once signed, the
    snapshot in ``content`` is the binding text and never changes again (except that a GDPR
    erasure replaces a person in it, see signed_pdf.py)."""

    personal_data = ProcessingRecord(
        **{
            **PEOPLE_IN_AGREEMENTS,
            "purpose": _(
                "Nachweis des unterzeichneten Wortlauts einer Kooperationsvereinbarung, samt "
                "Unterzeichnenden und Ansprechpersonen, als eingefrorener Inhalt und PDF-Datei."
            ),
        },
        fields=("content", "pdf"),
    )

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="versions", verbose_name=_("Vereinbarung")
    )
    number = models.PositiveIntegerField(_("Fassung"))
    content = models.JSONField(_("Inhalt"), null=True, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)
    signed_at = models.DateTimeField(_("unterzeichnet am"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("als unterzeichnet erfasst von"),
    )
    signed_on = models.DateField(_("Datum der Unterschrift"), null=True, blank=True)
    # The PDF of a signed version, rendered once at signing and served byte for byte
    # (see signed_pdf.py). Written only by signed_pdf, never through save().
    pdf = models.FileField(_("PDF"), upload_to=signed_pdf_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("Prüfsumme des PDF (SHA-256)"), max_length=64, blank=True)
    personal_data_erased_on = models.DateField(
        _("personenbezogene Daten gelöscht am"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("Fassung")
        verbose_name_plural = _("Fassungen")
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_version_number_unique"
            ),
            models.CheckConstraint(
                name="agreement_version_signed_has_content",
                condition=Q(signed_at__isnull=True)
                | (Q(content__isnull=False) & ~Q(content_sha256="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – Fassung {self.number}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def save(self, *args, **kwargs):
        # Last line of defence: a signed version is never written again.
        if (
            self.pk
            and AgreementVersion.objects.filter(pk=self.pk, signed_at__isnull=False).exists()
        ):
            raise ValidationError(
                _("Fassung %(number)s ist unterzeichnet und kann nicht mehr geändert werden."),
                params={"number": self.number},
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_signed:
            raise ValidationError(_("Eine unterzeichnete Fassung kann nicht gelöscht werden."))
        return super().delete(*args, **kwargs)

    access_paths = THROUGH_AGREEMENT


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name: nothing of the uploaded file name reaches the file system."""
    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
        instance.content_type, ""
    )
    return str(PurePosixPath("cooperation") / f"{uuid.uuid4().hex}{suffix}")


class AttachmentKind(models.TextChoices):
    SIGNED_SCAN = "signed_scan", _("Unterschriebene Fassung (Scan)")
    ANNEX = "annex", _("Anlage")


class Attachment(AccessControlled, TenantModel):
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("Vereinbarung"),
    )
    version = models.ForeignKey(
        AgreementVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("Fassung"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("Datei"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("Dateiname beim Hochladen"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("Größe in Bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    uploaded_by_party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("für Partei"),
    )

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    access_paths = THROUGH_AGREEMENT


class ReminderKind(models.TextChoices):
    REVIEW = "review", _("Überprüfung")
    EXPIRY = "expiry", _("Ablauf")


class Reminder(TenantModel):
    """A reminder that was sent; the unique key makes sending the same one twice impossible."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("Vereinbarung"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=ReminderKind.choices)
    due_date = models.DateField(_("Stichtag"))
    lead_days = models.PositiveIntegerField(_("Vorlauf in Tagen"))
    sent_at = models.DateTimeField(_("gesendet am"), auto_now_add=True)
    recipients = models.JSONField(_("Empfänger"), default=list)

    class Meta:
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "due_date", "lead_days"],
                name="reminder_sent_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_kind_display()} {self.due_date:%d.%m.%Y}"
