"""Meetings of a body or an internal circle, their agenda, attendance and minutes.

A meeting belongs to exactly one *series*: a body of the network app (``network.Body``) or an
internal circle (``Circle``: named users of one or several centres). Decisions are numbered
per series across meetings; open action items of a series are carried to every later meeting
of it until they are done. The minutes go draft → circulated → approved; on approval the
content is frozen as a ``MinutesVersion`` (snapshot + SHA-256) and the absent members and
standing readers get the PDF (``MinutesDelivery``, one row per address, sent once).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled, Via
from verbund.core.models import TenantModel
from verbund.core.privacy import LegalBasis, ProcessingRecord

CURRENT_SEAT = {"body__members__left_on__isnull": True}


class Circle(AccessControlled, TenantModel):
    """An internal circle: a centre team, a provider's coordinators' round, the district's
    coordinators' meeting — named users, from one or several centres."""

    name = models.CharField(_("Name"), max_length=200)
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        related_name="circles",
        verbose_name=_("verantwortliches Familienzentrum"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="circles", verbose_name=_("Mitglieder")
    )

    class Meta:
        verbose_name = _("Runde")
        verbose_name_plural = _("Runden")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="circle_name_unique_per_municipality",
                violation_error_message=_("Eine Runde mit diesem Namen gibt es schon."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    # Managing goes by the responsible centre; members read its meetings (Meeting.access_paths).
    access_paths = {"centres": ("centre",), "providers": ("centre__provider",)}


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    CIRCULATED = "circulated", _("zur Korrektur verschickt")
    APPROVED = "approved", _("genehmigt")


TRANSITIONS = {
    MinutesStatus.DRAFT: {MinutesStatus.CIRCULATED, MinutesStatus.APPROVED},
    MinutesStatus.CIRCULATED: {MinutesStatus.DRAFT, MinutesStatus.APPROVED},
    MinutesStatus.APPROVED: set(),  # a correction goes through meeting_correct
}


class Meeting(AccessControlled, TenantModel):
    body = models.ForeignKey(
        "network.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("Gremium"),
    )
    circle = models.ForeignKey(
        Circle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("Runde"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    date = models.DateField(_("Datum"))
    start_time = models.TimeField(_("Beginn"))
    end_time = models.TimeField(_("Ende"))
    room = models.ForeignKey(
        "rooms.Room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("Raum"),
    )
    booking = models.OneToOneField(
        "rooms.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name=_("Raumbuchung"),
    )
    address = models.CharField(
        _("Ort (Adresse)"),
        max_length=300,
        blank=True,
        help_text=_("wenn die Sitzung nicht in einem Raum des Verbunds stattfindet"),
    )
    online_url = models.URLField(_("Online-Link"), blank=True)
    confidential = models.BooleanField(
        _("vertrauliches Protokoll"),
        default=False,
        help_text=_("Nur Anwesende und benannte Leserinnen und Leser sehen das Protokoll."),
    )
    minutes_status = models.CharField(
        _("Protokoll"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    correction_note = models.CharField(
        _("Grund der Korrektur"), max_length=500, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-date", "-start_time", "-id"]
        constraints = [
            models.CheckConstraint(
                name="meeting_body_or_circle",
                condition=Q(body__isnull=False, circle__isnull=True)
                | Q(body__isnull=True, circle__isnull=False),
                violation_error_message=_("Bitte entweder ein Gremium oder eine Runde wählen."),
            ),
            models.CheckConstraint(
                name="meeting_end_after_start",
                condition=Q(end_time__gt=models.F("start_time")),
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def clean(self):
        super().clean()
        if not (self.room_id or self.address.strip() or self.online_url):
            raise ValidationError(
                {"address": _("Bitte einen Raum, eine Adresse oder einen Online-Link angeben.")}
            )

    @property
    def series(self):
        return self.body or self.circle

    @property
    def is_approved(self) -> bool:
        return self.minutes_status == MinutesStatus.APPROVED

    @property
    def is_past(self) -> bool:
        return self.date < timezone.localdate()

    access_paths = {
        "centres": (
            "body__centre",
            Via("body__members__centre", **CURRENT_SEAT),
            "circle__centre",
            Via("circle__members__memberships__centre"),
        ),
        "providers": ("body__centre__provider", "circle__centre__provider"),
        "facilities": (
            Via("body__members__organisation__facility", **CURRENT_SEAT),
            Via("circle__members__memberships__facility"),
        ),
    }


class AgendaItem(TenantModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("Sitzung")
    )
    position = models.PositiveSmallIntegerField(_("Nummer"), default=1)
    title = models.CharField(_("Thema"), max_length=200)
    owner = models.CharField(
        _("verantwortlich"), max_length=200, blank=True, help_text=_("wer das Thema einbringt")
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("geplante Dauer (Minuten)"), null=True, blank=True
    )
    notes = models.TextField(_("Protokollnotiz"), blank=True, max_length=20000)

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"TOP {self.position}: {self.title}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("anwesend")
    EXCUSED = "excused", _("entschuldigt")
    ABSENT = "absent", _("abwesend")


class Attendance(TenantModel):
    """One line of the attendance list: a seat of the body, a circle member, or a guest."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("Sitzung")
    )
    member = models.ForeignKey(
        "network.BodyMember",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Mitglied"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Person"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Organisation"),
    )
    contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ansprechperson"),
    )
    guest_name = models.CharField(_("Gast"), max_length=200, blank=True)
    status = models.CharField(
        _("Anwesenheit"),
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.ABSENT,
    )

    class Meta:
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheit")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(member__isnull=False),
                name="attendance_unique_member",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="attendance_unique_user",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(organisation__isnull=False),
                name="attendance_unique_organisation",
            ),
            models.UniqueConstraint(
                fields=["meeting", "contact"],
                condition=Q(contact__isnull=False),
                name="attendance_unique_contact",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.member_id:
            member = self.member
            holder = member.centre or member.organisation
            if member.contact_id:
                return f"{member.contact} ({holder})"
            return str(holder)
        if self.user_id:
            return self.user.get_full_name() or self.user.username
        if self.contact_id:
            contact = self.contact
            return (
                f"{contact} ({contact.organisation})" if contact.organisation_id else str(contact)
            )
        if self.organisation_id:
            return str(self.organisation)
        return self.guest_name

    @property
    def kind(self) -> str:
        if self.member_id:
            return str(_("Mitglied"))
        if self.user_id:
            return str(_("Person mit Zugang"))
        if self.contact_id:
            return str(_("Ansprechperson"))
        if self.organisation_id:
            return str(_("Organisation"))
        return str(_("Gast"))

    @property
    def email(self) -> str:
        if self.member_id:
            member = self.member
            if member.contact_id and member.contact.email:
                return member.contact.email
            holder = member.centre or member.organisation
            return getattr(holder, "email", "") or ""
        if self.user_id:
            return self.user.email or ""
        if self.contact_id:
            return "" if self.contact.erased_at else (self.contact.email or "")
        if self.organisation_id:
            return self.organisation.email or ""
        return ""


class Decision(TenantModel):
    """A decision, numbered per body or circle across its meetings."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("Sitzung")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("Tagesordnungspunkt"),
    )
    body = models.ForeignKey(
        "network.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    circle = models.ForeignKey(
        Circle, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.PositiveIntegerField(_("Nummer"))
    text = models.TextField(_("Beschluss"), max_length=4000)

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"],
                condition=Q(body__isnull=False),
                name="decision_number_unique_per_body",
            ),
            models.UniqueConstraint(
                fields=["circle", "number"],
                condition=Q(circle__isnull=False),
                name="decision_number_unique_per_circle",
            ),
        ]

    def __str__(self) -> str:
        return f"Beschluss {self.number}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("offen")
    DONE = "done", _("erledigt")


class ActionItem(AccessControlled, TenantModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="actions", verbose_name=_("Sitzung")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("Tagesordnungspunkt"),
    )
    title = models.CharField(_("Aufgabe"), max_length=300)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("zuständig (Nutzerin/Nutzer)"),
    )
    owner_contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("zuständig (Ansprechperson)"),
    )
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_actions",
        verbose_name=_("zuständig (Organisation)"),
    )
    due_on = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(
        _("Stand"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_note = models.TextField(_("Vermerk"), blank=True, max_length=2000)
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner_user", "status"], name="action_owner_status")]
        constraints = [
            models.CheckConstraint(
                name="action_exactly_one_owner",
                condition=Q(
                    owner_user__isnull=False,
                    owner_contact__isnull=True,
                    owner_organisation__isnull=True,
                )
                | Q(
                    owner_user__isnull=True,
                    owner_contact__isnull=False,
                    owner_organisation__isnull=True,
                )
                | Q(
                    owner_user__isnull=True,
                    owner_contact__isnull=True,
                    owner_organisation__isnull=False,
                ),
                violation_error_message=_("Bitte genau eine zuständige Stelle wählen."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self):
        return self.owner_user or self.owner_contact or self.owner_organisation

    @property
    def owner_name(self) -> str:
        if self.owner_user_id:
            return self.owner_user.get_full_name() or self.owner_user.username
        return str(self.owner or "–")

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    access_paths = {
        "centres": (
            "meeting__body__centre",
            Via("meeting__body__members__centre", meeting__body__members__left_on__isnull=True),
            "meeting__circle__centre",
            Via("meeting__circle__members__memberships__centre"),
        ),
        "providers": ("meeting__body__centre__provider", "meeting__circle__centre__provider"),
        "facilities": (
            Via(
                "meeting__body__members__organisation__facility",
                meeting__body__members__left_on__isnull=True,
            ),
            Via("meeting__circle__members__memberships__facility"),
        ),
    }


class MinutesVersion(TenantModel):
    """An approved, frozen state of the minutes; a correction makes the next number."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="versions", verbose_name=_("Sitzung")
    )
    number = models.PositiveSmallIntegerField(_("Fassung"))
    content = models.JSONField(_("Inhalt"), default=dict)
    content_sha256 = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64)
    approved_at = models.DateTimeField(_("genehmigt am"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    correction_note = models.CharField(_("Grund der Korrektur"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Protokollfassung")
        verbose_name_plural = _("Protokollfassungen")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="minutes_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – Fassung {self.number}"


class StandingReader(TenantModel):
    """Someone who gets every approved minutes of a body or circle (e.g. a head of department)."""

    body = models.ForeignKey(
        "network.Body",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standing_readers",
    )
    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, null=True, blank=True, related_name="standing_readers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Nutzerin/Nutzer"),
    )
    contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Ansprechperson"),
    )

    class Meta:
        verbose_name = _("ständige Leserin/ständiger Leser")
        verbose_name_plural = _("ständige Leserinnen und Leser")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="reader_body_or_circle",
                condition=Q(body__isnull=False, circle__isnull=True)
                | Q(body__isnull=True, circle__isnull=False),
            ),
            models.CheckConstraint(
                name="reader_user_or_contact",
                condition=Q(user__isnull=False, contact__isnull=True)
                | Q(user__isnull=True, contact__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.username
        return str(self.contact)

    @property
    def email(self) -> str:
        return (self.user.email if self.user_id else self.contact.email) or ""


class MinutesDelivery(TenantModel):
    """One address the approved minutes go to; recorded before sending, sent once."""

    personal_data = ProcessingRecord(
        purpose=_(
            "Versand genehmigter Sitzungsprotokolle an abwesende Mitglieder und ständige "
            "Leserinnen und Leser eines Gremiums, mit Nachweis, wer sie wann bekam."
        ),
        legal_basis=LegalBasis.PUBLIC_TASK,
        categories=(_("Name"), _("dienstliche E-Mail-Adresse"), _("Versandzeitpunkt")),
        retention=_("Solange die Sitzung und ihr Protokoll aufbewahrt werden."),
        recipients=(_("die Person selbst"), _("wer die Sitzungen des Gremiums führt")),
        data_subjects=_("Mitglieder und ständige Leserinnen und Leser von Gremien"),
        fields=("name", "email"),
    )

    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="deliveries")
    name = models.CharField(_("Name"), max_length=300)
    email = models.EmailField(_("E-Mail"))
    reason = models.CharField(_("Grund"), max_length=100)
    sent_at = models.DateTimeField(_("versendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Versand des Protokolls")
        verbose_name_plural = _("Versand des Protokolls")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "email"], name="minutes_delivery_once_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Rsvp(models.TextChoices):
    YES = "yes", _("sagt zu")
    NO = "no", _("sagt ab")


class Invitation(TenantModel):
    """An invitation by mail to one line of the attendance list, with a personal answer link
    (signed token naming this row; the answer is given once)."""

    personal_data = ProcessingRecord(
        purpose=_("Einladung zu Sitzungen eines Gremiums und Rückmeldung zur Teilnahme."),
        legal_basis=LegalBasis.PUBLIC_TASK,
        categories=(_("Name"), _("dienstliche E-Mail-Adresse"), _("Zu- oder Absage")),
        retention=_("Solange die Sitzung aufbewahrt wird."),
        recipients=(_("wer die Sitzungen des Gremiums führt"),),
        data_subjects=_("Mitglieder von Gremien"),
        fields=("name", "email"),
    )

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(_("Name"), max_length=300)
    email = models.EmailField(_("E-Mail"))
    sent_at = models.DateTimeField(_("versendet am"), null=True, blank=True)
    answer = models.CharField(_("Antwort"), max_length=5, choices=Rsvp.choices, blank=True)
    answered_at = models.DateTimeField(_("geantwortet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="invitation_once_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ActionReminder(TenantModel):
    """A reminder mail before an action item's due date: recorded before it is sent (one per
    item and due date, so a second run or a retry never sends it twice)."""

    personal_data = ProcessingRecord(
        purpose=_("Erinnerung an eigene Aufgaben aus Sitzungen vor dem Fälligkeitsdatum."),
        legal_basis=LegalBasis.PUBLIC_TASK,
        categories=(_("dienstliche E-Mail-Adresse"), _("Versandzeitpunkt")),
        retention=_("Solange die Aufgabe aufbewahrt wird."),
        recipients=(_("die Person selbst"),),
        data_subjects=_("Nutzerinnen und Nutzer mit Aufgaben aus Sitzungen"),
        fields=("email",),
    )

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField(_("fällig am"))
    email = models.EmailField(_("E-Mail"))
    sent_at = models.DateTimeField(_("versendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Erinnerung an eine Aufgabe")
        verbose_name_plural = _("Erinnerungen an Aufgaben")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "due_on"], name="action_reminder_once_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.due_on:%d.%m.%Y})"
