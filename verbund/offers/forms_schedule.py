"""The schedule form (plain fields; the recurrence engine checks the combination in the
service) and the form for a personal calendar address."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.cooperation.models import IN_FORCE
from verbund.core.choices import limit_choices
from verbund.core.forms import VersionedFormMixin
from verbund.core.recurrence import NTH_CHOICES, WEEKDAY_NAMES, Kind
from verbund.rooms.models import Room, RoomShare
from verbund.rooms.permissions import book_room

from . import occurrences
from .choices import ScheduleKind
from .models import FeedToken, OfferSchedule
from .scheduling import ON_REQUEST, SCHEDULE_FIELDS

REPEAT_CHOICES = [
    (Kind.SINGLE, _("einmal, an einem Tag")),
    (Kind.WEEKLY, _("jede Woche")),
    (Kind.BIWEEKLY, _("alle zwei Wochen")),
    (Kind.MONTHLY_NTH, _("einmal im Monat, z. B. jeden 2. Dienstag")),
    (Kind.CUSTOM, _("eigene Regel (RRULE nach RFC 5545, für Fachleute)")),
    (ON_REQUEST, _("nach Vereinbarung (ohne feste Termine)")),
]
WEEKDAY_CHOICES = [(index, name) for index, name in enumerate(WEEKDAY_NAMES)]
MAX_EXDATES = 200
_SPLIT = re.compile(r"[\s,;]+")
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_dates(text: str) -> tuple[list[date], list[str]]:
    """Dates as typed: "24.12.2027", "2027-12-24", separated by lines, commas or spaces.
    Returns (dates, the pieces that are no date)."""
    days, bad = [], []
    for piece in filter(None, _SPLIT.split(text or "")):
        match = _GERMAN.match(piece)
        try:
            if match:
                day, month, year = (int(g) for g in match.groups())
                days.append(date(year, month, day))
            elif piece.isascii():
                days.append(date.fromisoformat(piece))
            else:
                raise ValueError
        except ValueError:
            bad.append(piece)
    return sorted(set(days)), bad


def format_dates(days) -> str:
    return "\n".join(d.strftime("%d.%m.%Y") for d in days)


class ScheduleForm(VersionedFormMixin, forms.Form):
    repeat = forms.ChoiceField(
        label=_("Wie oft?"),
        choices=REPEAT_CHOICES,
        initial=Kind.WEEKLY,
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
    )
    start_date = forms.DateField(
        label=_("Datum (bei Reihen: erster Termin)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Beginn"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Ende"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("An welchen Wochentagen?"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        help_text=_("Für „jede Woche“ und „alle zwei Wochen“; leer: der Wochentag des Datums."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
    )
    nth = forms.TypedChoiceField(
        label=_("Der wievielte im Monat?"),
        choices=[("", _("wie am Datum"))] + [(n, label) for n, label in NTH_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    month_weekday = forms.TypedChoiceField(
        label=_("Wochentag im Monat"),
        choices=[("", _("wie am Datum")), *WEEKDAY_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    rule = forms.CharField(
        label=_("Eigene Regel"),
        required=False,
        max_length=250,
        help_text=_("Nur für „eigene Regel“, z. B. FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1."),
    )
    until = forms.DateField(
        label=_("Letzter Termin am oder vor"),
        required=False,
        help_text=_("Eine Reihe endet mit einem Datum oder nach einer Anzahl von Terminen."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    count = forms.IntegerField(
        label=_("oder: Anzahl der Termine"), required=False, min_value=1, max_value=1000
    )
    exdates = forms.CharField(
        label=_("Ausnahmen: an diesen Tagen fällt der Termin aus"),
        required=False,
        max_length=4000,
        help_text=_("Ein Datum je Zeile, z. B. 24.12.2027."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    skip_school_holidays = forms.BooleanField(
        label=_("nicht in den Schulferien"),
        required=False,
        help_text=_("Die Schulferien trägt die Verwaltung der Kommune als Kalender ein."),
    )
    note = forms.CharField(
        label=_("Hinweis"),
        required=False,
        max_length=200,
        help_text=_("z. B. „Termine nach telefonischer Absprache“ oder „nur mit Anmeldung“."),
    )

    room = SafeModelChoiceField(
        label=_("Raum buchen"),
        queryset=Room.objects.none(),
        required=False,
        empty_label=_("– kein Raum –"),
        help_text=_(
            "Räume der Einrichtungen des Familienzentrums und Räume, die eine Vereinbarung "
            "freigibt. Ist der Raum an einem Termin schon belegt, wird nichts gespeichert und "
            "jeder betroffene Tag genannt."
        ),
    )

    def __init__(self, *args, offer, access, instance: OfferSchedule | None = None, **kwargs):
        self.instance = instance
        if instance is not None and instance.pk is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(instance)
        super().__init__(*args, **kwargs)
        current = []
        if instance is not None and instance.booking_id and instance.booking.cancelled_at is None:
            current = [instance.booking.room_id]
        # Rooms the offer's centre may book (the booking service checks that again) that the
        # person may book (rooms' own permission).
        limit_choices(
            self,
            "room",
            bookable_rooms(offer.centre) | Room.objects.filter(pk__in=current),
            access=access,
            permission=book_room,
            current=current,
            fix_if_unreachable=False,
        )
        self.fields["room"].label_from_instance = room_label

    def versioned_fields(self) -> list[str]:
        return list(SCHEDULE_FIELDS)

    def clean_exdates(self) -> list[date]:
        days, bad = parse_dates(self.cleaned_data.get("exdates", ""))
        if bad:
            raise forms.ValidationError(
                _("Kein Datum: %(pieces)s. Bitte so schreiben: 24.12.2027.")
                % {"pieces": ", ".join(f"„{p[:20]}“" for p in bad[:5])}
            )
        if len(days) > MAX_EXDATES:
            raise forms.ValidationError(
                _("Höchstens %(max)s Ausnahmen je Reihe.") % {"max": MAX_EXDATES}
            )
        return days


def bookable_rooms(centre):
    """Active rooms the centre may book: rooms of its facilities and rooms an agreement of
    the centre in force shares (the rule of ``Room.access_paths``; the booking service
    checks it again with ``rooms.selectors.centre_may_book``)."""
    shared = RoomShare.objects.filter(
        resource__agreement__centre=centre, resource__agreement__status__in=list(IN_FORCE)
    ).values("room_id")
    rooms = Room.objects.filter(municipality=centre.municipality_id).filter(
        Q(facility__centre=centre) | Q(pk__in=shared), active=True
    )
    return rooms.select_related("facility", "organisation").order_by("name", "id")


def room_label(room) -> str:
    return f"{room.name} ({room.holder_name})" if room.holder_name else room.name


def initial_for(schedule: OfferSchedule) -> dict:
    """The form's values for a stored row (the rule read back by the engine)."""
    initial = {
        "start_date": schedule.start_date,
        "start_time": schedule.start_time,
        "end_time": schedule.end_time,
        "until": schedule.until,
        "count": schedule.count,
        "exdates": format_dates(occurrences.stored_exdates(schedule)),
        "skip_school_holidays": schedule.skip_school_holidays,
        "note": schedule.note,
    }
    if schedule.booking_id and schedule.booking.cancelled_at is None:
        initial["room"] = schedule.booking.room_id
    if schedule.kind == ScheduleKind.ON_REQUEST:
        initial["repeat"] = ON_REQUEST
        return initial
    recurrence = occurrences.recurrence_for(schedule)
    if recurrence is None:
        initial.update(repeat=Kind.CUSTOM, rule=schedule.rrule)
        return initial
    initial.update(repeat=recurrence.kind, until=recurrence.until, count=recurrence.count)
    if recurrence.kind in (Kind.WEEKLY, Kind.BIWEEKLY):
        initial["weekdays"] = list(recurrence.effective_weekdays)
    elif recurrence.kind == Kind.MONTHLY_NTH:
        initial.update(nth=recurrence.effective_nth, month_weekday=recurrence.monthly_weekday)
    elif recurrence.kind == Kind.CUSTOM:
        initial["rule"] = recurrence.rule_text()
    return initial


class FeedTokenForm(forms.ModelForm):
    class Meta:
        model = FeedToken
        fields = ["label"]
