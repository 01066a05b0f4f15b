"""Written cooperation agreements (schriftliche Kooperationsvereinbarungen).

An ``Agreement`` is the stable identity (centre, status); its content (subject, goals, term,
parties, responsibilities, resources) is edited while the current ``AgreementVersion`` is a
draft. Signing freezes that version: its ``content`` is a JSON snapshot that can never change
again; later changes start a new draft version.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel
from verbund.core.privacy import LegalBasis, ProcessingRecord


class Status(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    NEGOTIATION = "negotiation", _("In Abstimmung")
    SIGNED = "signed", _("Unterzeichnet")
    ACTIVE = "active", _("Aktiv")
    UNDER_REVIEW = "under_review", _("In Überprüfung")
    ENDED = "ended", _("Beendet")


# The status pipeline. Anything not listed here is refused by the service.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.NEGOTIATION, Status.ENDED),
    Status.NEGOTIATION: (Status.DRAFT, Status.SIGNED, Status.ENDED),
    Status.SIGNED: (Status.ACTIVE, Status.ENDED),
    Status.ACTIVE: (Status.UNDER_REVIEW, Status.ENDED),
    Status.UNDER_REVIEW: (Status.ACTIVE, Status.NEGOTIATION, Status.ENDED),
    Status.ENDED: (),
}

# Statuses in which the agreement is in force (reminders are sent for these).
IN_FORCE = (Status.SIGNED, Status.ACTIVE, Status.UNDER_REVIEW)


# Who signs for a party and who is the contact for a responsibility (GDPR Art. 30).
PEOPLE_IN_AGREEMENTS = {
    "purpose": _(
        "Schriftliche Kooperationsvereinbarungen: wer für eine Partei unterzeichnet und wer "
        "für eine Zuständigkeit ansprechbar ist."
    ),
    "legal_basis": f"{LegalBasis.PUBLIC_TASK},{LegalBasis.CONTRACT}",
    "categories": (_("Name"), _("Funktion")),
    "retention": _(
        "Solange die Vereinbarung und ihre unterzeichneten Fassungen aufbewahrt werden "
        "müssen; wird eine Ansprechperson gelöscht, ersetzt ein Platzhalter sie auch in "
        "unterzeichneten Fassungen und deren PDF (mit Löschvermerk)."
    ),
    "recipients": (
        _("Koordinierungskräfte und Leitungen des Familienzentrums"),
        _("die beteiligten Partnerorganisationen"),
        _("Jugendhilfeplanung und Administration der Kommune"),
    ),
    "data_subjects": _("Vertretungs- und Ansprechpersonen der Vertragsparteien"),
}


class Agreement(TenantModel):
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("Familienzentrum"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    subject = models.TextField(_("Gegenstand der Vereinbarung"), max_length=4000)
    goals = models.TextField(_("Ziele"), max_length=4000, blank=True)
    includes_municipality = models.BooleanField(
        _("Kommune (Jugendamt) ist Vertragspartei"), default=False
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(
        _("Ende"), null=True, blank=True, help_text=_("Leer lassen bei unbefristeter Laufzeit.")
    )
    review_date = models.DateField(_("Überprüfung am"), null=True, blank=True)
    notice_period = models.CharField(
        _("Kündigung"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „drei Monate zum Ende des Kita-Jahres, schriftlich“"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("Status geändert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kooperationsvereinbarung")
        verbose_name_plural = _("Kooperationsvereinbarungen")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                name="agreement_status_valid",
                condition=Q(status__in=[s.value for s in Status]),
            ),
            models.CheckConstraint(
                name="agreement_end_after_start",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "review_date"]),
            models.Index(fields=["municipality", "status", "end_date"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Das Ende darf nicht vor dem Beginn liegen.")
        if self.start_date and self.review_date and self.review_date < self.start_date:
            errors["review_date"] = _("Die Überprüfung darf nicht vor dem Beginn liegen.")
        if self.end_date and self.review_date and self.review_date > self.end_date:
            errors["review_date"] = _("Die Überprüfung muss vor dem Ende der Laufzeit liegen.")
        if (
            self.centre_id
            and self.municipality_id
            and self.centre.municipality_id != (self.municipality_id)
        ):
            errors["centre"] = _("Das Familienzentrum gehört zu einer anderen Kommune.")
        if errors:
            raise ValidationError(errors)

    def access_keys(self) -> dict[str, set[int]]:
        facilities = {
            party.organisation.facility_id
            for party in self.parties.all()
            if party.organisation_id and party.organisation.facility_id
        }
        return {
            "centres": {self.centre_id},
            "providers": {self.centre.provider_id} if self.centre.provider_id else set(),
            "facilities": facilities,
        }

    def allowed_transitions(self) -> list[tuple[str, str]]:
        return [(value, Status(value).label) for value in TRANSITIONS[self.status]]

    @property
    def status_badge(self) -> str:
        return {
            Status.DRAFT: "info",
            Status.NEGOTIATION: "warning",
            Status.SIGNED: "success",
            Status.ACTIVE: "success",
            Status.UNDER_REVIEW: "warning",
            Status.ENDED: "danger",
        }[Status(self.status)]

    @property
    def partner_names(self) -> list[str]:
        return [p.organisation.name for p in self.parties.all() if p.organisation_id]


class PartyKind(models.TextChoices):
    CENTRE = "centre", _("Familienzentrum")
    PARTNER = "partner", _("Kooperationspartner")
    MUNICIPALITY = "municipality", _("Kommune")


class Party(TenantModel):
    """One side of the agreement: the centre, a partner organisation or the municipality."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("Vereinbarung")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=PartyKind.choices)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("Organisation"),
    )
    added_value = models.TextField(
        _("Mehrwert für diese Partei"),
        max_length=2000,
        blank=True,
        help_text=_("Was gewinnt diese Seite durch die Kooperation?"),
    )
    signatory = models.CharField(
        _("Unterzeichnet durch"),
        max_length=200,
        blank=True,
        help_text=_("Name und Funktion, z. B. „Dr. Anna Berg, Leitung“"),
    )
    position = models.PositiveSmallIntegerField(default=0)

    personal_data = ProcessingRecord(**PEOPLE_IN_AGREEMENTS, fields=("signatory",))

    class Meta:
        verbose_name = _("Vertragspartei")
        verbose_name_plural = _("Vertragsparteien")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                condition=Q(organisation__isnull=False),
                name="party_organisation_once_per_agreement",
            ),
            models.UniqueConstraint(
                fields=["agreement", "kind"],
                condition=Q(kind__in=["centre", "municipality"]),
                name="party_centre_municipality_once",
            ),
            models.CheckConstraint(
                name="party_partner_has_organisation",
                condition=Q(kind="partner", organisation__isnull=False)
                | (~Q(kind="partner") & Q(organisation__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.kind == PartyKind.PARTNER and self.organisation_id:
            return self.organisation.name
        if self.kind == PartyKind.CENTRE:
            return self.agreement.centre.name
        return self.agreement.municipality.name

    def access_keys(self) -> dict[str, set[int]]:
        return self.agreement.access_keys()


class Responsibility(TenantModel):
    """Zuständigkeit: who does what, to which extent, with whom to talk to."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("Vereinbarung"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("Partei")
    )
    task = models.CharField(_("Aufgabe"), max_length=300)
    scope = models.CharField(
        _("Umfang"), max_length=300, blank=True, help_text=_("z. B. „wöchentlich, 2 Stunden“")
    )
    contact = models.CharField(
        _("Ansprechperson"),
        max_length=200,
        blank=True,
        help_text=_("Name oder Funktion, z. B. „Leitung der Beratungsstelle“"),
    )
    contact_person = models.ForeignKey(
        "network.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("Ansprechperson aus dem Netzwerk"),
        help_text=_("Optional: eine Ansprechperson der Partnerorganisation."),
    )

    personal_data = ProcessingRecord(**PEOPLE_IN_AGREEMENTS, fields=("contact", "contact_person"))

    class Meta:
        verbose_name = _("Zuständigkeit")
        verbose_name_plural = _("Zuständigkeiten")
        ordering = ["party__position", "id"]

    def __str__(self) -> str:
        return self.task

    @property
    def contact_label(self) -> str:
        """The free text, or the linked network contact with function (pseudonym if erased)."""
        if self.contact:
            return self.contact
        person = self.contact_person
        if person is None:
            return ""
        if person.is_erased:
            return str(person)
        return ", ".join(part for part in [str(person), person.function] if part)

    def access_keys(self) -> dict[str, set[int]]:
        return self.agreement.access_keys()


class ResourceKind(models.TextChoices):
    ROOM = "room", _("Räume")
    STAFF_HOURS = "staff_hours", _("Personalstunden")
    MONEY = "money", _("Geld")
    MATERIAL = "material", _("Material")
    OTHER = "other", _("Sonstiges")


class Resource(TenantModel):
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("Vereinbarung"),
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("eingebracht von"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=ResourceKind.choices)
    description = models.CharField(_("Beschreibung"), max_length=300)
    amount = models.DecimalField(_("Menge"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        _("Einheit"), max_length=50, blank=True, help_text=_("z. B. Std./Woche, €/Jahr, m²")
    )

    class Meta:
        verbose_name = _("Ressource")
        verbose_name_plural = _("Ressourcen")
        ordering = ["party__position", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                name="resource_amount_not_negative",
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                violation_error_message=_("Die Menge darf nicht negativ sein."),
            )
        ]

    def __str__(self) -> str:
        return self.description

    def access_keys(self) -> dict[str, set[int]]:
        return self.agreement.access_keys()


def signed_pdf_path(instance: AgreementVersion, filename: str) -> str:
    """A random name below cooperation/signed/; the file is always a PDF."""
    return str(PurePosixPath("cooperation") / "signed" / f"{uuid.uuid4().hex}.pdf")


class AgreementVersion(TenantModel):
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

    def access_keys(self) -> dict[str, set[int]]:
        return self.agreement.access_keys()


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name: nothing of the uploaded file name reaches the file system."""
    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
        instance.content_type, ""
    )
    return str(PurePosixPath("cooperation") / f"{uuid.uuid4().hex}{suffix}")


class AttachmentKind(models.TextChoices):
    SIGNED_SCAN = "signed_scan", _("Unterschriebene Fassung (Scan)")
    ANNEX = "annex", _("Anlage")


class Attachment(TenantModel):
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

    def access_keys(self) -> dict[str, set[int]]:
        return self.agreement.access_keys()


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
