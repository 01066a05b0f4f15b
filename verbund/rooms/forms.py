from __future__ import annotations

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.cooperation.models import Resource
from verbund.core.choices import limit_choices
from verbund.core.forms import VersionedFormMixin
from verbund.core.recurrence import NTH_CHOICES, WEEKDAY_NAMES, Kind, Recurrence
from verbund.network.models import Organisation
from verbund.tenancy.models import Facility, FamilyCentre

from . import permissions as perms
from .models import Booking, Room
from .selectors import centres_for_room, shareable_resources
from .services import ROOM_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAY_CHOICES = [(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)]


class RoomForm(VersionedFormMixin, forms.ModelForm):
    open_days = forms.MultipleChoiceField(
        label=_("Öffnungstage"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Öffnungstage und -zeit sind die Grundlage der Auslastung."),
    )

    class Meta:
        model = Room
        fields = ROOM_FIELDS
        field_classes = {"facility": SafeModelChoiceField, "organisation": SafeModelChoiceField}
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "open_from": TIME_WIDGET,
            "open_until": TIME_WIDGET,
        }
        help_texts = {
            "facility": _("Räume einer Einrichtung des Verbunds …"),
            "organisation": _(
                "… oder einer Partnerorganisation (für Familienzentren buchbar, sobald eine "
                "Vereinbarung den Raum als Ressource einbringt)."
            ),
        }

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        instance = self.instance
        if instance.pk:
            self.initial["open_days"] = list(instance.open_days)
        facilities = Facility.objects.filter(municipality=municipality, archived_at__isnull=True)
        organisations = Organisation.objects.filter(
            municipality=municipality, archived_at__isnull=True
        )
        limit_choices(
            self,
            "facility",
            facilities.order_by("name"),
            access=access,
            permission=perms.manage_room,
            current=[instance.facility_id],
        )
        limit_choices(
            self,
            "organisation",
            organisations.order_by("name"),
            access=access,
            permission=perms.manage_room,
            current=[instance.organisation_id],
        )
        self.fields["facility"].empty_label = _("keine Einrichtung")
        self.fields["organisation"].empty_label = _("keine Partnerorganisation")
        if instance.pk:
            # The holder stays; a room moves by archiving it and creating it anew.
            self.fields["facility"].disabled = self.fields["organisation"].disabled = True
        self.fields["capacity"].widget.attrs["inputmode"] = "numeric"

    def clean_open_days(self):
        return "".join(sorted(set(self.cleaned_data["open_days"])))

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("facility")) == bool(cleaned.get("organisation")):
            self.add_error(
                "facility",
                _("Bitte entweder eine Einrichtung oder eine Partnerorganisation wählen."),
            )
        return cleaned


class RoomFilterForm(forms.Form):
    mark_optional = False
    q = forms.CharField(label=_("Suche"), required=False, max_length=100)
    holder = forms.ChoiceField(label=_("Einrichtung oder Organisation"), required=False)
    capacity = forms.IntegerField(
        label=_("mindestens Plätze"), required=False, min_value=1, max_value=10000
    )
    step_free = forms.BooleanField(label=_("stufenlos"), required=False)
    accessible_wc = forms.BooleanField(label=_("barrierefreies WC"), required=False)
    induction_loop = forms.BooleanField(label=_("Induktionsschleife"), required=False)
    archived = forms.BooleanField(label=_("Archivierte zeigen"), required=False)

    def __init__(self, *args, holders: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = [("", _("alle")), *holders]
        self.fields["capacity"].widget.attrs["inputmode"] = "numeric"

    def filter_values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        holder = data.get("holder", "")
        values = {
            "query": data.get("q", "").strip(),
            "min_capacity": data.get("capacity"),
            "step_free": data.get("step_free", False),
            "accessible_wc": data.get("accessible_wc", False),
            "induction_loop": data.get("induction_loop", False),
            "include_archived": data.get("archived", False),
        }
        if holder[:1] == "f":
            values["facility_id"] = int(holder[1:])
        elif holder[:1] == "o":
            values["organisation_id"] = int(holder[1:])
        return values


class ShareForm(forms.Form):
    resource = SafeModelChoiceField(
        queryset=Resource.objects.none(),
        label=_("Raum-Ressource einer Vereinbarung"),
        help_text=_(
            "Die Vereinbarung muss in Kraft sein, und Ihre Organisation bringt darin Räume ein. "
            "Das Familienzentrum der Vereinbarung kann den Raum danach buchen."
        ),
    )

    def __init__(self, *args, room: Room, access, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self, "resource", shareable_resources(room), access=access, permission=perms.manage_room
        )
        self.fields["resource"].label_from_instance = lambda r: (
            f"{r.agreement.title} ({r.agreement.centre.name}): {r.description}"
        )


_DATE_SPLIT = re.compile(r"[\s,;]+")


def parse_dates(text: str) -> tuple[list[date], list[str]]:
    """German or ISO dates separated by commas, spaces or lines; (dates, bad entries)."""
    found, bad = [], []
    for raw in filter(None, _DATE_SPLIT.split(text or "")):
        for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
            try:
                found.append(datetime.strptime(raw, fmt).date())
                break
            except ValueError:
                continue
        else:
            bad.append(raw)
    return sorted(set(found)), bad


class BookingForm(VersionedFormMixin, forms.Form):
    """One booking: a single date or a series in plain words (the RRULE is built from it)."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    purpose = forms.CharField(
        label=_("Zweck"),
        max_length=100,
        required=False,
        help_text=_("z. B. Angebot, Teamsitzung, Elterngespräch"),
    )
    centre = SafeModelChoiceField(
        queryset=FamilyCentre.objects.none(), label=_("gebucht für"), required=False
    )
    start_date = forms.DateField(label=_("Datum (erster Termin)"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("von"), widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("bis"), widget=TIME_WIDGET)
    kind = forms.ChoiceField(
        label=_("Wiederholung"),
        choices=[
            (Kind.SINGLE, _("einmalig")),
            (Kind.WEEKLY, _("jede Woche")),
            (Kind.BIWEEKLY, _("alle zwei Wochen")),
            (Kind.MONTHLY_NTH, _("einmal im Monat, z. B. jeden 2. Dienstag im Monat")),
            (Kind.CUSTOM, _("eigene Regel (RRULE, für Fachleute)")),
        ],
        initial=Kind.SINGLE,
        widget=forms.RadioSelect,
    )
    weekdays = forms.MultipleChoiceField(
        label=_("an diesen Wochentagen"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nichts gewählt: der Wochentag des ersten Termins."),
    )
    nth = forms.TypedChoiceField(
        label=_("welcher Wochentag im Monat"),
        choices=[("", _("wie beim ersten Termin")), *NTH_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Mit dem Wochentag des ersten Termins, z. B. „2.“ für jeden 2. Dienstag."),
    )
    rule = forms.CharField(
        label=_("eigene Regel"),
        max_length=300,
        required=False,
        help_text=_("Nur bei „eigene Regel“, z. B. FREQ=MONTHLY;BYMONTHDAY=1,15"),
    )
    until = forms.DateField(label=_("bis einschließlich"), required=False, widget=DATE_WIDGET)
    count = forms.IntegerField(
        label=_("oder Anzahl der Termine"), required=False, min_value=0, max_value=10000
    )
    exdates = forms.CharField(
        label=_("Ausnahmen"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Tage ohne Termin, z. B. 24.12.2026, 31.12.2026"),
    )
    skip_holidays = forms.BooleanField(label=_("nicht in den Schulferien"), required=False)

    def __init__(
        self, *args, room: Room, access, holidays=(), instance: Booking | None = None, **kwargs
    ):
        self.instance = instance
        self.room = room
        self.holidays = tuple(holidays)
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(instance)
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "centre",
            centres_for_room(room).order_by("name"),
            access=access,
            permission=perms.book_room,
            current=[instance.centre_id] if instance else [],
        )
        # Who does not hold the room books it for a centre; the holder may use it itself.
        holder = room.holder
        self.fields["centre"].required = not (holder and access.can(perms.manage_room, holder))
        self.fields["centre"].empty_label = _("eigene Nutzung (%(holder)s)") % {
            "holder": room.holder_name
        }
        own = list(self.fields["centre"].queryset[:2])
        if len(own) == 1 and instance is None:
            self.fields["centre"].initial = own[0].pk
        self.recurrence_value: Recurrence | None = None

    def clean_exdates(self):
        found, bad = parse_dates(self.cleaned_data.get("exdates", ""))
        if bad:
            raise ValidationError(
                _("Kein Datum: %(bad)s. Bitte so schreiben: 24.12.2026.") % {"bad": ", ".join(bad)}
            )
        return found

    def clean(self):
        cleaned = super().clean()
        needed = ("start_date", "start_time", "end_time", "kind")
        if any(name not in cleaned or cleaned[name] in (None, "") for name in needed):
            return cleaned
        kind = cleaned["kind"]
        series = kind != Kind.SINGLE
        weekdays = tuple(int(d) for d in cleaned.get("weekdays") or ())
        if kind == Kind.MONTHLY_NTH:
            weekdays = weekdays[:1] if len(weekdays) == 1 else ()
        recurrence = Recurrence(
            start_date=cleaned["start_date"],
            start_time=cleaned["start_time"],
            end_time=cleaned["end_time"],
            kind=kind,
            weekdays=weekdays if kind in (Kind.WEEKLY, Kind.BIWEEKLY, Kind.MONTHLY_NTH) else (),
            nth=cleaned.get("nth") if kind == Kind.MONTHLY_NTH else None,
            rule=(cleaned.get("rule") or "") if kind == Kind.CUSTOM else "",
            until=cleaned.get("until") if series else None,
            count=cleaned.get("count") if series else None,
            exdates=tuple(cleaned.get("exdates") or ()) if series else (),
            skip_holidays=bool(cleaned.get("skip_holidays")),
            holidays=self.holidays,
        )
        try:
            recurrence.validate()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
            return cleaned
        self.recurrence_value = recurrence
        return cleaned

    def booking_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in ("title", "purpose", "centre")}
        data["purpose"] = data["purpose"] or ""
        if "edit_version" in self.cleaned_data:
            data["edit_version"] = self.cleaned_data["edit_version"]
        return data


def initial_for(booking: Booking) -> dict:
    recurrence = booking.recurrence()
    return {
        "title": booking.title,
        "purpose": booking.purpose,
        "centre": booking.centre_id,
        "start_date": booking.start_date,
        "start_time": booking.start_time,
        "end_time": booking.end_time,
        "kind": recurrence.kind,
        "weekdays": [str(d) for d in recurrence.weekdays],
        "nth": recurrence.nth,
        "rule": recurrence.rule if recurrence.kind == Kind.CUSTOM else "",
        "until": booking.until,
        "count": booking.count,
        "exdates": ", ".join(d.strftime("%d.%m.%Y") for d in booking.exception_dates()),
        "skip_holidays": booking.skip_holidays,
    }


class HolidayImportForm(forms.Form):
    file = forms.FileField(
        label=_("iCal-Datei mit den Schulferien (.ics)"),
        help_text=_(
            "Zum Beispiel die Ferientermine Ihres Bundeslandes vom Schulministerium. Sie sehen "
            "zuerst eine Vorschau; übernommen wird alles oder nichts."
        ),
    )
