from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.core.choices import declare_choices, limit_choices
from verbund.core.forms import HttpsURLField, VersionedFormMixin
from verbund.network import permissions as network_perms
from verbund.network.models import Body, Contact, Organisation
from verbund.rooms import permissions as rooms_perms
from verbund.rooms.models import Room
from verbund.tenancy.models import FamilyCentre

from . import permissions as perms
from . import rules
from .models import ActionItem, AgendaItem, AttendanceStatus, Circle, Meeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "body",
            "circle",
            "title",
            "date",
            "start_time",
            "end_time",
            "room",
            "address",
            "online_url",
            "confidential",
        ]
        field_classes = {
            "body": SafeModelChoiceField,
            "circle": SafeModelChoiceField,
            "room": SafeModelChoiceField,
            "online_url": HttpsURLField,
        }
        widgets = {"date": DATE, "start_time": TIME, "end_time": TIME}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        if editing:
            # The series of a meeting does not change (its decisions are numbered in it).
            del self.fields["body"], self.fields["circle"]
        else:
            limit_choices(
                self,
                "body",
                Body.objects.filter(dissolved_on__isnull=True),
                access=access,
                permission=perms.manage_meeting,
            )
            limit_choices(
                self, "circle", Circle.objects.all(), access=access, permission=perms.manage_meeting
            )
            self.fields["body"].help_text = _("ein Gremium oder eine Runde")
        limit_choices(
            self,
            "room",
            Room.objects.filter(active=True),
            access=access,
            permission=rooms_perms.book_room,
            current=[self.instance.room_id],
        )
        self.fields["room"].help_text = _("Der Raum wird für die Sitzung gebucht.")

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and bool(data.get("body")) == bool(data.get("circle")):
            raise ValidationError({"body": _("Bitte entweder ein Gremium oder eine Runde wählen.")})
        return data


class AgendaItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "owner", "duration_minutes", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "notes": _(
                "Absätze (<p>), Listen (<ul>, <li>), <strong> und <em> bleiben erhalten; "
                "alles andere wird entfernt."
            )
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["position"].required = False
        self.fields["position"].help_text = _("leer: ans Ende der Tagesordnung")

    def clean_position(self):
        position = self.cleaned_data.get("position")
        if position is None:
            if self.instance.pk:
                return self.instance.position
            return max((item.position for item in self.meeting.agenda.all()), default=0) + 1
        return position


class AttendanceForm(forms.Form):
    """One choice per line of the attendance list, and new guests (one name per line)."""

    guests = forms.CharField(
        label=_("Gäste (ein Name je Zeile)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    organisation = SafeModelChoiceField(
        label=_("Organisation hinzufügen"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("aus dem Netzwerk, z. B. eine Beratungsstelle als Gast des Gremiums"),
    )
    contact = SafeModelChoiceField(
        label=_("Ansprechperson hinzufügen"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=_("aus dem Netzwerk; nur Personen, deren Daten Sie sehen dürfen"),
    )

    def __init__(self, *args, meeting, access, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "organisation",
            Organisation.objects.filter(
                municipality_id=meeting.municipality_id, archived_at__isnull=True
            ).order_by("name"),
            access=access,
            permission=network_perms.view_organisation,
        )
        limit_choices(
            self,
            "contact",
            Contact.objects.filter(municipality_id=meeting.municipality_id, erased_at__isnull=True)
            .select_related("organisation")
            .order_by("last_name", "first_name"),
            access=access,
            permission=network_perms.view_contact,
        )
        self.lines = list(meeting.attendance.all())
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.ChoiceField(
                label=line.name,
                choices=AttendanceStatus.choices,
                initial=line.status,
                widget=forms.RadioSelect,
            )

    def rows(self):
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]

    def statuses(self) -> dict[int, str]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}

    def guest_names(self) -> list[str]:
        return [name for name in self.cleaned_data["guests"].splitlines() if name.strip()]

    def parties(self) -> dict:
        return {
            "organisations": [self.cleaned_data["organisation"]]
            if self.cleaned_data.get("organisation")
            else [],
            "contacts": [self.cleaned_data["contact"]] if self.cleaned_data.get("contact") else [],
        }


class DecisionForm(forms.Form):
    agenda_item = forms.ModelChoiceField(
        label=_("Tagesordnungspunkt"), queryset=AgendaItem.objects.none(), required=False
    )
    text = forms.CharField(
        label=_("Beschluss"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.all()


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = [
            "title",
            "agenda_item",
            "owner_user",
            "owner_contact",
            "owner_organisation",
            "due_on",
        ]
        field_classes = {
            "agenda_item": SafeModelChoiceField,
            "owner_user": SafeModelChoiceField,
            "owner_contact": SafeModelChoiceField,
            "owner_organisation": SafeModelChoiceField,
        }
        widgets = {"due_on": DATE}

    def __init__(self, *args, meeting, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda.all()
        users = rules.series_users(meeting)
        self.fields["owner_user"].queryset = (
            get_user_model()
            .objects.filter(pk__in=users.values("pk"))
            .order_by("last_name", "first_name", "username")
        )
        self.fields["owner_user"].label_from_instance = lambda u: u.get_full_name() or u.username
        limit_choices(
            self,
            "owner_contact",
            rules.series_contacts(meeting),
            access=access,
            permission=network_perms.view_contact,
        )
        limit_choices(
            self,
            "owner_organisation",
            rules.series_organisations(meeting),
            access=access,
            permission=network_perms.view_organisation,
        )
        declare_choices(self)
        self.fields["owner_user"].help_text = _(
            "Genau eine Stelle: eine Person mit Zugang, eine Ansprechperson oder eine "
            "Organisation des Gremiums."
        )


class ActionDoneForm(forms.Form):
    note = forms.CharField(
        label=_("Vermerk"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CorrectionForm(forms.Form):
    note = forms.CharField(label=_("Grund der Korrektur"), max_length=500)


class DecisionSearchForm(forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=200)


class ReaderForm(forms.Form):
    """A standing reader of a body: a person with access or a contact person."""

    user = forms.ModelChoiceField(
        label=_("Person mit Zugang"), queryset=get_user_model().objects.none(), required=False
    )
    contact = SafeModelChoiceField(
        label=_("oder Ansprechperson"), queryset=Contact.objects.none(), required=False
    )

    def __init__(self, *args, body, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(memberships__municipality_id=body.municipality_id, is_active=True)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
        limit_choices(
            self,
            "contact",
            Contact.objects.filter(erased_at__isnull=True).exclude(email=""),
            access=access,
            permission=network_perms.view_contact,
        )
        self.fields["contact"].help_text = _("z. B. die Fachbereichsleitung des Trägers")

    def clean(self):
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("contact")):
            raise ValidationError(
                _("Bitte entweder eine Person mit Zugang oder eine Ansprechperson wählen.")
            )
        return data


class CircleForm(VersionedFormMixin, forms.ModelForm):
    """An internal circle: a name, the responsible centre and its members — people with access
    from any centre or organisation of the municipality."""

    class Meta:
        model = Circle
        fields = ["name", "centre", "members"]
        field_classes = {"centre": SafeModelChoiceField}
        widgets = {"members": forms.CheckboxSelectMultiple}
        help_texts = {
            "name": _("z. B. Teamrunde, Koordinationsrunde des Trägers, Stadtteilrunde"),
            "centre": _("Das Familienzentrum, das die Runde führt und ihre Sitzungen plant."),
            "members": _("Personen aus allen Familienzentren und Organisationen der Kommune."),
        }

    def __init__(self, *args, access, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        centres = limit_choices(
            self,
            "centre",
            FamilyCentre.objects.filter(municipality=municipality).order_by("name"),
            access=access,
            permission=perms.manage_meeting,
            current=[self.instance.centre_id],
        )
        if self.instance.pk is None:
            only = list(centres[:2])
            if len(only) == 1:  # the coordinator's own centre, chosen already
                self.fields["centre"].initial = only[0].pk
        users = (
            get_user_model()
            .objects.filter(memberships__municipality_id=municipality.pk, is_active=True)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["members"].queryset = users
        self.fields["members"].required = False
        self.fields["members"].label_from_instance = lambda u: u.get_full_name() or u.username
