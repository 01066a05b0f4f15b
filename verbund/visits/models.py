"""The welcome visits to families with newborns (issue 16).

The only place of the system with data about single families, kept apart in this app's tables:
read only by members of the visit team of the family's centre (``Role.VISITOR``), every read
logged (without personal data), names and addresses erased after the retention period
(``services.retention``), leaving the anonymous visit row for the planning counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel
from verbund.core.privacy import LegalBasis, ProcessingRecord

FAMILY_DATA = {
    "purpose": _(
        "Begrüßungsbesuche bei Familien mit Neugeborenen: Ankündigung, Besuch, persönliche "
        "Angebotsliste (SGB VIII §§ 16, 61–65)."
    ),
    "legal_basis": f"{LegalBasis.PUBLIC_TASK},{LegalBasis.CONSENT}",
    "categories": (
        _("Name eines Elternteils"),
        _("Anschrift (Straße, Hausnummer, Postleitzahl)"),
        _("Geburtsmonat des Kindes, Alter älterer Geschwister"),
        _("Familiensprache"),
        _("Besuchsdaten und Einwilligung in eine Folgekontaktaufnahme"),
    ),
    "retention": _(
        "Name und Anschrift werden automatisch gelöscht: standardmäßig 6 Monate nach dem "
        "Besuch oder der Absage (je Kommune einstellbar); danach bleiben nur anonyme Zahlen."
    ),
    "recipients": (_("Besuchsteam des zuständigen Familienzentrums"),),
    "data_subjects": _("Eltern von Neugeborenen laut Geburtenliste des Standesamts"),
}


class Language(models.TextChoices):
    GERMAN = "de", _("Deutsch")
    TURKISH = "tr", _("Türkisch")
    ARABIC = "ar", _("Arabisch")
    ENGLISH = "en", _("Englisch")
    RUSSIAN = "ru", _("Russisch")
    UKRAINIAN = "uk", _("Ukrainisch")
    POLISH = "pl", _("Polnisch")


class FamilyStatus(models.TextChoices):
    OPEN = "open", _("offen")
    VISITED = "visited", _("besucht")
    DECLINED = "declined", _("abgelehnt")
    NOT_REACHED = "not_reached", _("nicht erreicht")
    MOVED = "moved", _("verzogen")


class Outcome(models.TextChoices):
    VISITED = "visited", _("besucht")
    DECLINED = "declined", _("abgelehnt")
    NOT_REACHED = "not_reached", _("nicht angetroffen (erfolgloser Versuch)")
    MOVED = "moved", _("verzogen")


class DeclineChannel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    MAIL = "mail", _("Brief")
    EMAIL = "email", _("E-Mail")
    IN_PERSON = "in_person", _("persönlich")


class VisitSettings(TenantModel):
    """Per municipality: retention, the materials and topics to choose from, the wording
    version of the consent text."""

    retention_months = models.PositiveSmallIntegerField(
        _("Aufbewahrung (Monate nach Besuch oder Absage)"), default=6
    )
    materials = models.TextField(
        _("Materialien (eine Zeile je Material)"),
        default="Gesund groß werden\nWillkommen im Leben\nLokale Kontakte",
    )
    topics = models.TextField(
        _("Gesprächsthemen (eine Zeile je Thema)"),
        default=(
            "Stillen und Ernährung\nSchlaf\nKinderbetreuung\nFinanzielle Hilfen\n"
            "Gesundheit und Vorsorge\nAngebote im Familienzentrum"
        ),
    )
    consent_wording = models.CharField(
        _("aktuelle Fassung des Einwilligungstextes"), max_length=40, default="2026-01"
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("„Nicht erreicht“ nach so vielen erfolglosen Versuchen"), default=3
    )

    class Meta:
        verbose_name = _("Einstellungen der Begrüßungsbesuche")
        verbose_name_plural = _("Einstellungen der Begrüßungsbesuche")
        constraints = [models.UniqueConstraint(fields=["municipality"], name="visits_one_settings")]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    def material_list(self) -> list[str]:
        return self._lines(self.materials)

    def topic_list(self) -> list[str]:
        return self._lines(self.topics)


class StreetSegment(TenantModel):
    """The local street table: a street's house-number range in one postcode, with a point
    (no third-party geocoder)."""

    street = models.CharField(_("Straße"), max_length=120)
    postcode = models.CharField(_("Postleitzahl"), max_length=5)
    number_from = models.PositiveIntegerField(_("Hausnummer von"), default=1)
    number_to = models.PositiveIntegerField(_("Hausnummer bis"), default=9999)
    latitude = models.FloatField(_("Breite"))
    longitude = models.FloatField(_("Länge"))

    class Meta:
        verbose_name = _("Straßenabschnitt")
        verbose_name_plural = _("Straßenverzeichnis")
        indexes = [models.Index(fields=["municipality", "postcode", "street"])]

    def __str__(self) -> str:
        return f"{self.street} {self.number_from}–{self.number_to}, {self.postcode}"


class BirthsImport(TenantModel):
    """An uploaded births list between preview and commit; its rows are erased on commit or
    after a day."""

    personal_data = ProcessingRecord(**FAMILY_DATA, fields=("rows",))

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(_("Datei"), max_length=200)
    rows = models.JSONField(default=list)
    committed = models.BooleanField(default=False)
    family_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Import einer Geburtenliste")
        verbose_name_plural = _("Importe von Geburtenlisten")

    def __str__(self) -> str:
        return f"Geburtenliste #{self.pk}"


class Family(AccessControlled, TenantModel):
    """One family of the births list: only the fields the issue allows."""

    personal_data = ProcessingRecord(
        **FAMILY_DATA,
        fields=("parent_name", "street", "house_number", "postcode", "sibling_ages"),
    )

    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("zuständiges Familienzentrum"),
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Sozialraum"),
    )
    parent_name = models.CharField(_("Name eines Elternteils"), max_length=120, blank=True)
    street = models.CharField(_("Straße"), max_length=120, blank=True)
    house_number = models.CharField(_("Hausnummer"), max_length=10, blank=True)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    birth_month = models.DateField(_("Geburtsmonat des Kindes"), null=True, blank=True)
    language = models.CharField(
        _("Familiensprache"), max_length=5, choices=Language.choices, default=Language.GERMAN
    )
    sibling_ages = models.CharField(
        _("Alter älterer Geschwister (Jahre)"), max_length=40, blank=True
    )
    status = models.CharField(
        _("Stand"), max_length=12, choices=FamilyStatus.choices, default=FamilyStatus.OPEN
    )
    proposed_visit = models.DateTimeField(_("vorgeschlagener Termin"), null=True, blank=True)
    announced_on = models.DateField(_("Ankündigung gedruckt am"), null=True, blank=True)
    closed_on = models.DateField(_("Besuch oder Absage am"), null=True, blank=True)
    decline_channel = models.CharField(
        _("Absage über"), max_length=12, choices=DeclineChannel.choices, blank=True
    )
    anonymised_on = models.DateField(_("anonymisiert am"), null=True, blank=True)

    access_paths = {"centres": ("centre",)}

    class Meta:
        verbose_name = _("Familie")
        verbose_name_plural = _("Familien")
        indexes = [
            models.Index(fields=["municipality", "centre", "status"]),
            models.Index(fields=["municipality", "anonymised_on", "closed_on"]),
        ]

    def __str__(self) -> str:  # no personal data: this text reaches the audit trail
        return f"Familie #{self.pk}"

    def sibling_age_list(self) -> list[int]:
        return [
            int(part) for part in self.sibling_ages.replace(";", ",").split(",") if part.strip()
        ]


class Visit(AccessControlled, TenantModel):
    """One visit (or attempt) at a family."""

    personal_data = ProcessingRecord(**FAMILY_DATA, fields=("consent_given",))

    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="visits", verbose_name=_("Familie")
    )
    appointment = models.DateTimeField(_("Termin"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("Besucher/in"),
    )
    outcome = models.CharField(_("Ergebnis"), max_length=12, choices=Outcome.choices)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=1)
    topics = models.JSONField(_("Gesprächsthemen"), default=list, blank=True)
    materials = models.JSONField(_("übergebene Materialien"), default=list, blank=True)
    consent_given = models.BooleanField(_("Einwilligung in Folgekontakt"), default=False)
    consent_date = models.DateField(_("Einwilligung am"), null=True, blank=True)
    consent_wording = models.CharField(
        _("Fassung des Einwilligungstextes"), max_length=40, blank=True
    )

    access_paths = {"centres": ("family__centre",)}

    class Meta:
        verbose_name = _("Besuch")
        verbose_name_plural = _("Besuche")
        ordering = ["-appointment", "-pk"]

    def __str__(self) -> str:
        return f"Besuch #{self.pk}"


class ListedOffer(TenantModel):
    """One offer on a printed personal list, for counting "offers recommended". The link to
    the family only replaces the family's earlier list on a reprint; retention cuts it, and
    the counts use offer, area and month only."""

    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    offer = models.ForeignKey(
        "offers.Offer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    month = models.DateField(_("Monat"))

    class Meta:
        verbose_name = _("empfohlenes Angebot")
        verbose_name_plural = _("empfohlene Angebote")
        indexes = [models.Index(fields=["municipality", "month"])]

    def __str__(self) -> str:
        return f"Empfehlung #{self.pk}"
