"""Rooms of facilities and partner organisations, their bookings, and school holidays.

A room belongs to exactly one holder: a facility of a Verbund (``tenancy.Facility``) or a
partner organisation (``network.Organisation``). Centres book the rooms of their own
facilities; a partner's room becomes bookable for a centre through a ``RoomShare``: the link
to a room resource of a cooperation agreement in force between them.

A booking is a single date or a series (``verbund.core.recurrence``): the rule is stored as
text with its end, exceptions and the "not in school holidays" flag; the dates are computed.
``first_date``, ``last_date`` and ``weekday_mask`` are derived on save so that the conflict
check can narrow the bookings to compare in SQL.
"""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.cooperation.models import IN_FORCE
from verbund.core.access import AccessControlled, Via
from verbund.core.models import TenantModel
from verbund.core.recurrence import Recurrence

WEEKDAY_LETTERS = "0123456"
DEFAULT_OPEN_DAYS = "01234"  # Monday to Friday


class Room(AccessControlled, TenantModel):
    facility = models.ForeignKey(
        "tenancy.Facility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rooms",
        verbose_name=_("Einrichtung"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rooms",
        verbose_name=_("Partnerorganisation"),
    )
    name = models.CharField(_("Name des Raums"), max_length=200)
    capacity = models.PositiveSmallIntegerField(
        _("Plätze"), null=True, blank=True, help_text=_("Wie viele Personen passen hinein?")
    )
    step_free = models.BooleanField(_("stufenlos erreichbar"), default=False)
    accessible_wc = models.BooleanField(_("barrierefreies WC"), default=False)
    induction_loop = models.BooleanField(_("Induktionsschleife"), default=False)
    equipment = models.CharField(
        _("Ausstattung"),
        max_length=500,
        blank=True,
        help_text=_("z. B. Küche, Beamer, Wickeltisch, Turnmatten"),
    )
    notes = models.TextField(_("Hinweise"), max_length=2000, blank=True)
    open_from = models.TimeField(_("geöffnet ab"), default=time(8))
    open_until = models.TimeField(_("geöffnet bis"), default=time(18))
    open_days = models.CharField(
        _("Öffnungstage"),
        max_length=7,
        default=DEFAULT_OPEN_DAYS,
        help_text=_("Die Öffnungszeit ist die Grundlage der Auslastung."),
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Raum")
        verbose_name_plural = _("Räume")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                name="room_one_holder",
                condition=Q(facility__isnull=False, organisation__isnull=True)
                | Q(facility__isnull=True, organisation__isnull=False),
                violation_error_message=_(
                    "Ein Raum gehört entweder zu einer Einrichtung oder zu einer "
                    "Partnerorganisation."
                ),
            ),
            models.CheckConstraint(
                name="room_open_until_after_from",
                condition=Q(open_until__gt=models.F("open_from")),
                violation_error_message=_("„geöffnet bis“ muss nach „geöffnet ab“ liegen."),
            ),
        ]
        indexes = [models.Index(fields=["municipality", "active", "name"])]

    def __str__(self) -> str:
        return self.name

    # Viewing and booking: the centre of the holding facility, or any centre whose agreement
    # in force shares the room. Managing is checked on the holder (``holder``).
    access_paths = {
        "centres": (
            "facility__centre",
            Via(
                "shares__resource__agreement__centre",
                shares__resource__agreement__status__in=list(IN_FORCE),
            ),
        ),
        "providers": ("facility__provider", "facility__centre__provider"),
        "facilities": ("facility", "organisation__facility"),
    }

    @property
    def holder(self):
        """The facility or organisation the room belongs to (managing is checked on it)."""
        return self.facility if self.facility_id else self.organisation

    @property
    def holder_name(self) -> str:
        holder = self.holder
        return holder.name if holder is not None else ""

    @property
    def open_weekdays(self) -> list[int]:
        return sorted({int(c) for c in self.open_days if c in WEEKDAY_LETTERS})

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if bool(self.facility_id) == bool(self.organisation_id):
            errors["facility"] = _(
                "Bitte entweder eine Einrichtung oder eine Partnerorganisation wählen."
            )
        if self.open_from and self.open_until and self.open_until <= self.open_from:
            errors["open_until"] = _("„geöffnet bis“ muss nach „geöffnet ab“ liegen.")
        if not self.open_weekdays:
            errors["open_days"] = _("Bitte mindestens einen Öffnungstag wählen.")
        if errors:
            raise ValidationError(errors)


class RoomShare(AccessControlled, TenantModel):
    """A partner's room made bookable for the centre of an agreement: the agreement's room
    resource names it. Bookable while the agreement is in force."""

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="shares", verbose_name=_("Raum")
    )
    resource = models.ForeignKey(
        "cooperation.Resource",
        on_delete=models.CASCADE,
        related_name="room_shares",
        verbose_name=_("Raum-Ressource der Vereinbarung"),
    )

    class Meta:
        verbose_name = _("Raumfreigabe")
        verbose_name_plural = _("Raumfreigaben")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["room", "resource"], name="room_share_once"),
        ]

    def __str__(self) -> str:
        return f"{self.room} → {self.resource.agreement}"

    access_paths = {
        "centres": ("room__facility__centre", "resource__agreement__centre"),
        "providers": ("room__facility__provider", "room__facility__centre__provider"),
        "facilities": ("room__facility", "room__organisation__facility"),
    }

    @property
    def in_force(self) -> bool:
        return self.resource.agreement.status in IN_FORCE


class Booking(AccessControlled, TenantModel):
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("Raum")
    )
    centre = models.ForeignKey(
        "tenancy.FamilyCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="room_bookings",
        verbose_name=_("gebucht für"),
        help_text=_("Leer: der Raum wird von der eigenen Einrichtung oder Organisation genutzt."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    purpose = models.CharField(
        _("Zweck"),
        max_length=100,
        blank=True,
        help_text=_("z. B. Angebot, Teamsitzung, Elterngespräch, Fortbildung"),
    )
    start_date = models.DateField(_("Datum (erster Termin)"))
    start_time = models.TimeField(_("von"))
    end_time = models.TimeField(_("bis"))
    rrule = models.CharField(_("Wiederholungsregel (RRULE)"), max_length=500, blank=True)
    until = models.DateField(_("wiederholen bis"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("Anzahl der Termine"), null=True, blank=True)
    exdates = models.JSONField(_("Ausnahmen"), default=list, blank=True)
    skip_holidays = models.BooleanField(_("nicht in den Schulferien"), default=False)
    # Derived on save (services): the first and last date of the rule before exceptions and
    # holidays, and the weekdays it falls on (bit 0 = Monday), for the conflict prefilter.
    first_date = models.DateField(editable=False)
    last_date = models.DateField(editable=False)
    weekday_mask = models.PositiveSmallIntegerField(editable=False, default=127)
    cancelled_at = models.DateTimeField(_("storniert am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebucht von"),
    )

    class Meta:
        verbose_name = _("Buchung")
        verbose_name_plural = _("Buchungen")
        ordering = ["start_date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                name="booking_end_after_start",
                condition=Q(end_time__gt=models.F("start_time")),
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            ),
            models.CheckConstraint(
                name="booking_until_or_count",
                condition=Q(until__isnull=True) | Q(count__isnull=True),
                violation_error_message=_(
                    "Bitte entweder ein Enddatum oder eine Anzahl angeben, nicht beides."
                ),
            ),
        ]
        indexes = [
            # The conflict check: single dates by day, series by span (rooms.conflicts).
            models.Index(
                fields=["room", "start_date", "start_time", "end_time"],
                condition=Q(cancelled_at__isnull=True, rrule=""),
                name="booking_room_single_active",
            ),
            models.Index(
                fields=["room", "last_date", "first_date"],
                condition=Q(cancelled_at__isnull=True, rrule__gt=""),
                name="booking_room_series_active",
            ),
            models.Index(fields=["room", "last_date", "first_date"], name="booking_room_span"),
            models.Index(fields=["municipality", "centre", "last_date"]),
        ]

    def __str__(self) -> str:
        return self.title

    access_paths = {
        "centres": ("centre", "room__facility__centre"),
        "providers": ("centre__provider", "room__facility__provider"),
        "facilities": ("room__facility", "room__organisation__facility"),
    }

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_series(self) -> bool:
        return bool(self.rrule)

    def exception_dates(self) -> tuple[date, ...]:
        return tuple(sorted(date.fromisoformat(d) for d in self.exdates or ()))

    def recurrence(self, holidays=()) -> Recurrence:
        """The booking's dates as a value; ``holidays``: (first_day, last_day) periods."""
        return Recurrence.from_rrule(
            self.rrule,
            start_date=self.start_date,
            start_time=self.start_time,
            end_time=self.end_time,
            until=self.until,
            count=self.count,
            exdates=self.exception_dates(),
            skip_holidays=self.skip_holidays,
            holidays=holidays,
        )

    def describe(self, holidays=()) -> str:
        return self.recurrence(holidays).describe()


class HolidayPeriod(TenantModel):
    """School holidays of the municipality (imported from an iCal file), both days inclusive.
    Series marked "nicht in den Schulferien" skip every date inside one."""

    name = models.CharField(_("Bezeichnung"), max_length=200)
    first_day = models.DateField(_("erster Ferientag"))
    last_day = models.DateField(_("letzter Ferientag"))
    source = models.CharField(_("aus Datei"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Ferienzeit")
        verbose_name_plural = _("Schulferien")
        ordering = ["first_day", "id"]
        constraints = [
            models.CheckConstraint(
                name="holiday_last_after_first",
                condition=Q(last_day__gte=models.F("first_day")),
                violation_error_message=_("Der letzte Ferientag liegt vor dem ersten."),
            ),
            models.UniqueConstraint(
                fields=["municipality", "first_day", "last_day"], name="holiday_period_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_day:%d.%m.%Y}–{self.last_day:%d.%m.%Y})"

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1
