"""The Angebot: what a centre, a facility of its Verbund or a partner offers families."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel
from verbund.core.privacy import LegalBasis, ProcessingRecord
from verbund.tenancy.models import Address

from ..choices import (
    LANGUAGE_LABELS,
    Admission,
    Cost,
    OfferFormat,
    OfferStatus,
    PlaceKind,
    ReviewState,
    Visibility,
)


class Offer(AccessControlled, TenantModel, Address):
    """One offer in a centre's catalogue.

    The provider is an organisation of the network (every facility of the Verbund is one);
    no provider means the centre itself. Life phases, transitions, topics, target groups and
    kinds of service are terms of the shared taxonomy (``verbund.taxonomy``), all in ``terms``.
    """

    personal_data = ProcessingRecord(
        purpose=_(
            "Familien und Fachkräfte sollen wissen, an wen sie sich mit Fragen zum Angebot "
            "wenden können."
        ),
        legal_basis=f"{LegalBasis.PUBLIC_TASK},{LegalBasis.CONSENT}",
        categories=(_("Name oder Funktion"), _("dienstliche E-Mail und Telefonnummer")),
        retention=_(
            "Solange das Angebot besteht; mit dem Ende des Angebots oder auf Verlangen der "
            "Person werden die Angaben durch einen Platzhalter ersetzt."
        ),
        recipients=(
            _("Mitglieder des Netzwerks der Kommune"),
            _("bei öffentlichen Angeboten: Familien und Öffentlichkeit"),
        ),
        data_subjects=_("Beschäftigte und Ehrenamtliche der Anbieter"),
        fields=("contact_name", "contact_email", "contact_phone"),
    )

    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("Familienzentrum"),
        help_text=_("In wessen Angebotsübersicht das Angebot steht; das Zentrum gibt es frei."),
    )
    provider = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("Anbieter"),
        help_text=_("Leer lassen, wenn das Familienzentrum selbst anbietet."),
    )
    co_providers = models.ManyToManyField(
        "network.Organisation",
        blank=True,
        related_name="co_offers",
        verbose_name=_("gemeinsam mit"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.CharField(
        _("Kurzbeschreibung"),
        max_length=300,
        blank=True,
        help_text=_("Ein bis zwei Sätze in einfacher Sprache für Listen und die Suche."),
    )
    description = models.TextField(_("Beschreibung"), blank=True, max_length=5000)
    terms = models.ManyToManyField(
        "taxonomy.Term",
        blank=True,
        related_name="offers",
        verbose_name=_("Lebensphasen, Übergänge, Themen, Zielgruppen, Leistungsart"),
    )
    format = models.CharField(_("Form"), max_length=24, choices=OfferFormat.choices)
    cost = models.CharField(_("Kosten"), max_length=12, choices=Cost.choices, default=Cost.FREE)
    cost_note = models.CharField(
        _("Kosten im Einzelnen"), max_length=200, blank=True, help_text=_("z. B. 30 € je Kurs")
    )
    admission = models.CharField(
        _("Zugang"), max_length=16, choices=Admission.choices, default=Admission.OPEN
    )
    languages = models.CharField(
        _("Sprachen"),
        max_length=200,
        blank=True,
        help_text=_("Sprachcodes, durch Leerzeichen getrennt, z. B. „de tr ar“."),
    )
    interpretation = models.BooleanField(_("Sprachmittlung auf Anfrage"), default=False)
    step_free = models.BooleanField(_("stufenlos erreichbar"), default=False)
    accessible_toilet = models.BooleanField(_("barrierefreies WC"), default=False)
    accessibility_note = models.CharField(
        _("Hinweise zur Barrierefreiheit"), max_length=300, blank=True
    )
    childcare = models.BooleanField(_("Kinderbetreuung während des Angebots"), default=False)
    place_kind = models.CharField(
        _("Ort"), max_length=12, choices=PlaceKind.choices, default=PlaceKind.FACILITY
    )
    location = models.ForeignKey(
        "tenancy.Facility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers_here",
        verbose_name=_("Einrichtung (Ort)"),
    )
    online_url = models.URLField(_("Link zur Online-Teilnahme"), blank=True)
    areas_served = models.ManyToManyField(
        "areas.Area", blank=True, related_name="offers", verbose_name=_("für die Gebiete")
    )
    capacity = models.PositiveIntegerField(_("Plätze"), null=True, blank=True)
    contact_name = models.CharField(
        _("Ansprechpartner/in"),
        max_length=120,
        blank=True,
        help_text=_("Nur mit Einverständnis der Person; eine Funktion („Beratungsteam“) genügt."),
    )
    contact_email = models.EmailField(_("E-Mail für Rückfragen"), blank=True)
    contact_phone = models.CharField(_("Telefon für Rückfragen"), max_length=40, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.ACTIVE
    )
    visibility = models.CharField(
        _("Sichtbarkeit"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    review_state = models.CharField(
        _("Freigabe"), max_length=10, choices=ReviewState.choices, default=ReviewState.APPROVED
    )
    review_note = models.CharField(_("Grund der Rückgabe"), max_length=500, blank=True)
    reviewed_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    funding_programme = models.CharField(_("Förderprogramm"), max_length=200, blank=True)
    agreement = models.ForeignKey(
        "cooperation.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("gehört zur Kooperationsvereinbarung"),
    )
    needs = models.ManyToManyField(
        "analysis.Need", blank=True, related_name="offers", verbose_name=_("antwortet auf Bedarfe")
    )
    last_checked = models.DateField(
        _("zuletzt geprüft am"),
        null=True,
        blank=True,
        help_text=_("Wann der Anbieter zuletzt bestätigt hat, dass die Angaben stimmen."),
    )
    # Normalised text of title, summary, description, provider and terms, kept by the services
    # for the search layer (case and umlauts folded, see verbund.offers search).
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["municipality", "status", "visibility"]),
            models.Index(fields=["centre", "status"]),
            # "title": the list and search read their first page in order, without sorting.
            models.Index(fields=["municipality", "review_state", "title"]),
            models.Index(fields=["municipality", "last_checked"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="offer_capacity_positive",
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                violation_error_message=_("Die Zahl der Plätze muss größer als 0 sein."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    access_paths = {
        "centres": ("centre",),
        "providers": ("centre__provider",),
        # A partner organisation reaches the offers it provides (its membership's facility).
        "facilities": ("provider__facility",),
    }

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split() if code]

    @property
    def language_labels(self) -> list[str]:
        return [str(LANGUAGE_LABELS.get(code, code)) for code in self.language_codes]


__all__ = ["Offer"]
