from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled, Via
from verbund.core.models import TenantModel
from verbund.core.privacy import LegalBasis, ProcessingRecord
from verbund.tenancy.models import Address


class Sector(models.TextChoices):
    """Sectors of a centre's network, as the seeds name them."""

    CHILD_YOUTH_WELFARE = "child_youth_welfare", _("Kinder- und Jugendhilfe")
    EDUCATION_SCHOOL = "education_school", _("Bildung/Schule")
    HEALTH = "health", _("Gesundheit")
    COUNSELLING = "counselling", _("Beratung")
    FAMILY_EDUCATION = "family_education", _("Familienbildung")
    SPORT_CLUB = "sport_club", _("Sport/Verein")
    CULTURE_LIBRARY = "culture_library", _("Kultur/Bibliothek")
    FIRE_SAFETY = "fire_safety", _("Feuerwehr/Sicherheit")
    INTEGRATION = "integration", _("Integration")
    RELIGION = "religion", _("Religion")
    ADMINISTRATION = "administration", _("Verwaltung/Jugendamt")
    ECONOMY = "economy", _("Wirtschaft")
    OTHER = "other", _("Sonstiges")


# The sectors a centre's network is measured against (everything the seeds name).
SEED_SECTORS = [value for value in Sector.values if value != Sector.OTHER]


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("E-Mail")
    PHONE = "phone", _("Telefon")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("persönlich")
    MESSENGER = "messenger", _("Messenger")


class Organisation(AccessControlled, TenantModel, Address):
    """An Akteur of the network. A Verbund member facility may be linked one-to-one, so that
    the facility's partner users keep their own organisation's data."""

    name = models.CharField(_("Name"), max_length=200)
    sector = models.CharField(_("Sektor"), max_length=30, choices=Sector.choices)
    org_type = models.CharField(
        _("Art"), max_length=100, blank=True, help_text=_("z. B. Verein, Amt, Praxis, Schule")
    )
    facility = models.OneToOneField(
        "tenancy.Facility",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name=_("Einrichtung im Verbund"),
    )
    areas_served = models.ManyToManyField(
        "areas.Area", blank=True, related_name="organisations", verbose_name=_("Einzugsgebiete")
    )
    languages = models.JSONField(_("Sprachen"), default=list, blank=True)
    accessibility = models.TextField(_("Barrierefreiheit"), blank=True)
    email = models.EmailField(_("E-Mail der Organisation"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    website = models.URLField(_("Website"), blank=True)
    archived_at = models.DateTimeField(_("archiviert am"), null=True, blank=True)
    preferred_channel = models.CharField(
        _("bevorzugter Kontaktweg"),
        max_length=20,
        choices=ContactChannel.choices,
        blank=True,
    )
    description = models.TextField(_("Beschreibung und Angebote"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["municipality", "sector"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    access_paths = {"facilities": ("facility",)}


class Contact(AccessControlled, TenantModel):
    """An Ansprechperson at an organisation: personal data under the GDPR."""

    personal_data = ProcessingRecord(
        purpose=_(
            "Kontaktpflege mit Ansprechpersonen der Partnerorganisationen im Netzwerk des "
            "Familienzentrums (Einladungen, Absprachen, Kooperationen)."
        ),
        legal_basis=f"{LegalBasis.PUBLIC_TASK},{LegalBasis.LEGITIMATE_INTERESTS},"
        f"{LegalBasis.CONSENT}",
        categories=(
            _("Name"),
            _("Funktion"),
            _("dienstliche E-Mail und Telefonnummer"),
            _("Herkunft der Daten"),
            _("Kontaktverlauf"),
        ),
        retention=_(
            "Bis zum Widerruf oder Wegfall des Zwecks; nach Ablauf der Bestätigungsfrist "
            "(Standard 365 Tage) zur Prüfung markiert; bei Löschung bleibt ein pseudonymer "
            "Platzhalter ohne Personenbezug."
        ),
        recipients=(
            _("Koordinierungskräfte und Leitungen der Familienzentren der Kommune"),
            _("die Partnerorganisation selbst"),
        ),
        data_subjects=_("Beschäftigte und Ehrenamtliche von Partnerorganisationen"),
        fields=("first_name", "last_name", "function", "email", "phone", "notes"),
    )

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("Organisation"),
    )
    first_name = models.CharField(_("Vorname"), max_length=100, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=100, blank=True)
    function = models.CharField(_("Funktion"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    preferred_channel = models.CharField(
        _("bevorzugter Kontaktweg"), max_length=20, choices=ContactChannel.choices, blank=True
    )
    notes = models.TextField(_("Notizen"), blank=True, max_length=2000)
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=1, choices=LegalBasis.choices)
    source = models.CharField(
        _("Herkunft der Daten"),
        max_length=200,
        help_text=_("z. B. Visitenkarte beim Runden Tisch, Website der Organisation"),
    )
    last_confirmed = models.DateField(
        _("zuletzt bestätigt am"),
        default=timezone.localdate,
        help_text=_("Wann wurden die Angaben zuletzt von der Person bestätigt?"),
    )
    erased_at = models.DateTimeField(_("gelöscht am"), null=True, blank=True)
    pseudonym = models.CharField(_("Platzhalter"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.CheckConstraint(
                name="contact_erased_has_no_personal_data",
                condition=Q(erased_at__isnull=True)
                | Q(first_name="", last_name="", email="", phone="", notes="", function=""),
            ),
        ]

    def __str__(self) -> str:
        if self.erased_at:
            return self.pseudonym or str(_("gelöschte Person"))
        return " ".join(part for part in [self.first_name, self.last_name] if part) or "–"

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def clean(self):
        super().clean()
        if not self.erased_at and not (self.first_name or self.last_name):
            raise ValidationError({"last_name": _("Bitte einen Namen angeben.")})

    access_paths = {"facilities": ("organisation__facility",)}


class Level(models.IntegerChoices):
    NONE = 0, _("keine")
    LOW = 1, _("gering")
    MEDIUM = 2, _("mittel")
    HIGH = 3, _("hoch")


class Quality(models.IntegerChoices):
    NONE = 0, _("keine Beziehung")
    WEAK = 1, _("schwach")
    WORKING = 2, _("tragfähig")
    GOOD = 3, _("gut")
    STRONG = 4, _("sehr gut")


class Status(models.TextChoices):
    IDENTIFIED = "identified", _("identifiziert")
    CONTACTED = "contacted", _("kontaktiert")
    IN_TALKS = "in_talks", _("im Gespräch")
    COOPERATING = "cooperating", _("kooperiert")
    DORMANT = "dormant", _("ruht")
    ENDED = "ended", _("beendet")


# Statuses in which a relationship counts as a tie of the network.
ACTIVE_STATUSES = [Status.CONTACTED, Status.IN_TALKS, Status.COOPERATING, Status.DORMANT]


class Relationship(AccessControlled, TenantModel):
    """A centre's stakeholder assessment of one organisation (the edge of the network)."""

    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="relationships",
        verbose_name=_("Familienzentrum"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="relationships",
        verbose_name=_("Organisation"),
    )
    relevance_centre = models.PositiveSmallIntegerField(
        _("Relevanz für das Familienzentrum"), choices=Level.choices, default=Level.MEDIUM
    )
    relevance_families = models.PositiveSmallIntegerField(
        _("Relevanz für Familien"), choices=Level.choices, default=Level.MEDIUM
    )
    influence = models.PositiveSmallIntegerField(
        _("Einfluss im Sozialraum"), choices=Level.choices, default=Level.MEDIUM
    )
    quality = models.PositiveSmallIntegerField(
        _("Qualität der Beziehung"), choices=Quality.choices, default=Quality.NONE
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.IDENTIFIED
    )
    topics = models.CharField(
        _("gemeinsame Themen"), max_length=300, blank=True, help_text=_("durch Komma getrennt")
    )
    target_groups = models.CharField(
        _("gemeinsame Zielgruppen"),
        max_length=300,
        blank=True,
        help_text=_("durch Komma getrennt"),
    )
    value_for_centre = models.TextField(_("Mehrwert für das Familienzentrum"), blank=True)
    value_for_partner = models.TextField(_("Mehrwert für die Organisation"), blank=True)
    next_step = models.CharField(_("nächster Schritt"), max_length=300, blank=True)
    next_step_due = models.DateField(_("nächster Schritt bis"), null=True, blank=True)
    next_step_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuständig"),
    )
    started_on = models.DateField(_("besteht seit"), default=timezone.localdate)
    ended_on = models.DateField(_("beendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Stakeholder-Einschätzung")
        verbose_name_plural = _("Stakeholder-Einschätzungen")
        ordering = ["centre", "organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "organisation"],
                name="relationship_unique_centre_organisation",
                violation_error_message=_(
                    "Für diese Organisation gibt es in diesem Familienzentrum schon eine "
                    "Einschätzung."
                ),
            ),
            models.CheckConstraint(
                name="relationship_ended_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                violation_error_message=_("Das Ende liegt vor dem Beginn."),
            ),
            models.CheckConstraint(name="relationship_quality_range", condition=Q(quality__lte=4)),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.centre} – {self.organisation}"

    def clean(self):
        super().clean()
        if self.next_step_due and not self.next_step:
            raise ValidationError({"next_step": _("Bitte den nächsten Schritt beschreiben.")})
        if self.status == Status.ENDED and not self.ended_on:
            self.ended_on = timezone.localdate()
        if self.status != Status.ENDED:
            self.ended_on = None

    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}

    @property
    def topic_list(self) -> list[str]:
        return [item.strip() for item in self.topics.split(",") if item.strip()]

    @property
    def target_group_list(self) -> list[str]:
        return [item.strip() for item in self.target_groups.split(",") if item.strip()]


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Treffen")
    CALL = "call", _("Telefonat")
    VISIT = "visit", _("Besuch")
    EMAIL = "email", _("E-Mail")
    NOTE = "note", _("Notiz")


class Interaction(AccessControlled, TenantModel):
    """One entry of a relationship's contact history."""

    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.CASCADE,
        related_name="interactions",
        verbose_name=_("Beziehung"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=InteractionKind.choices)
    date = models.DateField(_("Datum"), default=timezone.localdate)
    summary = models.TextField(_("Inhalt"), max_length=4000)
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="interactions", verbose_name=_("beteiligte Personen")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )

    class Meta:
        verbose_name = _("Kontakt im Verlauf")
        verbose_name_plural = _("Kontaktverlauf")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"

    access_paths = {
        "centres": ("relationship__centre",),
        "providers": ("relationship__centre__provider",),
    }


class BodyKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Arbeitskreis")
    ROUND_TABLE = "round_table", _("Runder Tisch")
    DISTRICT = "district", _("Stadtteilgremium")
    STEERING = "steering", _("Steuerungsgremium")
    EARLY_HELP = "early_help", _("Netzwerk Frühe Hilfen")
    HEALTH_CONFERENCE = "health_conference", _("Gesundheitskonferenz")
    COORDINATORS = "coordinators", _("Treffen der Koordinierungskräfte")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("wöchentlich")
    MONTHLY = "monthly", _("monatlich")
    BIMONTHLY = "bimonthly", _("alle zwei Monate")
    QUARTERLY = "quarterly", _("vierteljährlich")
    HALF_YEARLY = "half_yearly", _("halbjährlich")
    YEARLY = "yearly", _("jährlich")
    AS_NEEDED = "as_needed", _("nach Bedarf")


class Body(AccessControlled, TenantModel):
    """A Gremium: a standing group in which centres and organisations meet."""

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=BodyKind.choices)
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("verantwortliches Familienzentrum"),
        help_text=_("leer, wenn die Kommune das Gremium verantwortet"),
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("Gebiet"),
    )
    cadence = models.CharField(
        _("Turnus"), max_length=20, choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    purpose = models.TextField(_("Zweck"), blank=True, max_length=4000)
    mandate = models.TextField(
        _("Mandat"), blank=True, max_length=4000, help_text=_("Was darf das Gremium entscheiden?")
    )
    resources = models.TextField(
        _("Ressourcen"), blank=True, max_length=4000, help_text=_("Mittel, Stunden, Räume")
    )
    founded_on = models.DateField(_("gegründet am"), null=True, blank=True)
    dissolved_on = models.DateField(_("aufgelöst am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="body_name_unique_per_municipality",
                violation_error_message=_("Ein Gremium mit diesem Namen gibt es schon."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.kind == BodyKind.STEERING:
            errors = {}
            if not self.mandate.strip():
                errors["mandate"] = _("Ein Steuerungsgremium braucht ein Mandat.")
            if not self.resources.strip():
                errors["resources"] = _("Ein Steuerungsgremium braucht Ressourcen.")
            if errors:
                raise ValidationError(errors)

    access_paths = {
        "centres": ("centre",),
        "providers": ("centre__provider",),
        # Organisations holding a current seat reach the body.
        "facilities": (Via("members__organisation__facility", members__left_on__isnull=True),),
    }


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Vorsitz")
    DEPUTY = "deputy", _("stellv. Vorsitz")
    OFFICE = "office", _("Geschäftsführung")
    MEMBER = "member", _("Mitglied")
    GUEST = "guest", _("Gast")


class BodyMember(AccessControlled, TenantModel):
    """A seat in a body: held by a centre or an organisation, optionally by a named person."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="members", verbose_name=_("Gremium")
    )
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="body_seats",
        verbose_name=_("Familienzentrum"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="body_seats",
        verbose_name=_("Organisation"),
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_seats",
        verbose_name=_("Person"),
    )
    role = models.CharField(
        _("Rolle"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_on = models.DateField(_("Mitglied seit"), default=timezone.localdate)
    left_on = models.DateField(_("ausgeschieden am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mitglied im Gremium")
        verbose_name_plural = _("Mitglieder im Gremium")
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                name="bodymember_exactly_one_holder",
                condition=Q(centre__isnull=False, organisation__isnull=True)
                | Q(centre__isnull=True, organisation__isnull=False),
                violation_error_message=_(
                    "Bitte entweder ein Familienzentrum oder eine Organisation wählen."
                ),
            ),
            models.UniqueConstraint(
                fields=["body", "organisation"],
                condition=Q(organisation__isnull=False, left_on__isnull=True),
                name="bodymember_unique_organisation",
                violation_error_message=_("Diese Organisation ist schon Mitglied."),
            ),
            models.UniqueConstraint(
                fields=["body", "centre"],
                condition=Q(centre__isnull=False, left_on__isnull=True),
                name="bodymember_unique_centre",
                violation_error_message=_("Dieses Familienzentrum ist schon Mitglied."),
            ),
        ]

    def __str__(self) -> str:
        holder = self.centre or self.organisation
        return f"{self.body}: {holder}"

    def clean(self):
        super().clean()
        if (
            self.contact_id
            and self.organisation_id
            and (self.contact.organisation_id != self.organisation_id)
        ):
            raise ValidationError({"contact": _("Die Person gehört nicht zu dieser Organisation.")})

    access_paths = {
        "centres": ("body__centre",),
        "providers": ("body__centre__provider",),
        "facilities": (
            Via(
                "body__members__organisation__facility",
                body__members__left_on__isnull=True,
            ),
        ),
    }
