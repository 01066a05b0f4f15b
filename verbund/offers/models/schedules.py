"""When an offer takes place: single dates, RFC 5545 series, or on request."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from verbund.core.access import AccessControlled
from verbund.core.models import TenantModel

from ..choices import ScheduleKind
from .offers import Offer


class OfferSchedule(AccessControlled, TenantModel):
    """One schedule line of an offer. A series is stored as its rule, never date by date."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("Angebot")
    )
    kind = models.CharField(
        _("Art"), max_length=12, choices=ScheduleKind.choices, default=ScheduleKind.SERIES
    )
    start_date = models.DateField(_("ab"), null=True, blank=True)
    start_time = models.TimeField(_("von"), null=True, blank=True)
    end_time = models.TimeField(_("bis"), null=True, blank=True)
    rrule = models.CharField(
        _("Wiederholungsregel (RFC 5545)"), max_length=300, blank=True, editable=False
    )
    until = models.DateField(_("letzter Termin bis"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("Anzahl der Termine"), null=True, blank=True)
    exdates = models.JSONField(_("ausgenommene Tage"), default=list, blank=True)
    skip_school_holidays = models.BooleanField(_("nicht in den Schulferien"), default=False)
    note = models.CharField(
        _("Hinweis"), max_length=200, blank=True, help_text=_("z. B. „nach Absprache“")
    )
    # The room booking of the dates (rooms app), kept by the schedule services: created,
    # changed and cancelled with the schedule, refused on a conflict before anything is saved.
    booking = models.OneToOneField(
        "rooms.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="offer_schedule",
        verbose_name=_("Raumbuchung"),
    )
    # Weekdays the schedule touches as a bit set (Monday = 1, …, Sunday = 64) and the start
    # minute of the day: kept by the services so search can filter by weekday and time.
    weekdays = models.PositiveSmallIntegerField(default=0, editable=False)
    start_minute = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["start_date", "start_time", "id"]
        indexes = [models.Index(fields=["municipality", "weekdays"])]
        constraints = [
            models.CheckConstraint(
                name="offer_schedule_end_after_start",
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer} ({self.get_kind_display()})"

    access_paths = {
        "centres": ("offer__centre",),
        "providers": ("offer__centre__provider",),
        "facilities": ("offer__provider__facility",),
    }
