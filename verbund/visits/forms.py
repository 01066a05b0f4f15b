"""Forms of the welcome visits. The visitor and centre choices come from this app's selectors
(the visit team of the family's centre; the centres of the municipality for a row no Sozialraum
holds), so they carry no model choice fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.core.forms import VersionedFormMixin

from .models import DeclineChannel, Outcome, VisitSettings


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV oder Excel)"),
        help_text=_(
            "Spalten: Name, Straße, Hausnummer, PLZ, Geburtsmonat (MM.JJJJ), Sprache und "
            "Geschwister (Alter in Jahren) nach Bedarf – keine weiteren Angaben."
        ),
    )


class StreetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Straßenverzeichnis (CSV oder Excel)"),
        help_text=_("Spalten: Straße, PLZ, von, bis (Hausnummern), Breite, Länge."),
    )


class AssignForm(forms.Form):
    """One centre choice per row of the draft that no Sozialraum holds."""

    def __init__(self, *args, rows, centres, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("– bitte wählen –"))] + [(str(c.pk), c.name) for c in centres]
        for row in rows:
            if row["centre_id"] is None:
                self.fields[f"centre_{row['line']}"] = forms.TypedChoiceField(
                    label=_("Familienzentrum für Zeile %(line)s") % {"line": row["line"]},
                    choices=choices,
                    coerce=int,
                    required=False,
                )

    def chosen(self) -> dict[int, int]:
        return {
            int(name.split("_", 1)[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("centre_") and value
        }


class VisitForm(forms.Form):
    appointment = forms.DateTimeField(
        label=_("Termin"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    visitor = forms.TypedChoiceField(label=_("Besucher/in"), coerce=int)
    outcome = forms.ChoiceField(label=_("Ergebnis"), choices=Outcome.choices)
    attempts = forms.IntegerField(
        label=_("Anzahl der Versuche"), min_value=1, max_value=20, initial=1
    )
    topics = forms.MultipleChoiceField(
        label=_("Gesprächsthemen"), required=False, widget=forms.CheckboxSelectMultiple
    )
    materials = forms.MultipleChoiceField(
        label=_("Übergebene Materialien"), required=False, widget=forms.CheckboxSelectMultiple
    )
    consent_given = forms.BooleanField(
        label=_("Die Familie willigt in eine spätere Kontaktaufnahme ein"), required=False
    )
    consent_date = forms.DateField(
        label=_("Einwilligung am"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    consent_wording = forms.CharField(
        label=_("Fassung des Einwilligungstextes"), required=False, max_length=40
    )

    def __init__(self, *args, visitors, settings: VisitSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.visitors = {user.pk: user for user in visitors}
        self.fields["visitor"].choices = [
            (user.pk, user.get_full_name() or user.username) for user in visitors
        ]
        self.fields["topics"].choices = [(t, t) for t in settings.topic_list()]
        self.fields["materials"].choices = [(m, m) for m in settings.material_list()]
        self.fields["consent_wording"].help_text = _("Aktuelle Fassung: %(version)s") % {
            "version": settings.consent_wording
        }

    def clean_visitor(self):
        return self.visitors[self.cleaned_data["visitor"]]


class SettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = VisitSettings
        fields = [
            "retention_months",
            "max_attempts",
            "materials",
            "topics",
            "consent_wording",
        ]
        widgets = {
            "materials": forms.Textarea(attrs={"rows": 4}),
            "topics": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_max_attempts(self):
        value = self.cleaned_data["max_attempts"]
        if not 1 <= value <= 10:
            raise forms.ValidationError(_("Bitte 1 bis 10 Versuche."))
        return value

    def clean_retention_months(self):
        value = self.cleaned_data["retention_months"]
        if not 1 <= value <= 24:
            raise forms.ValidationError(_("Bitte 1 bis 24 Monate."))
        return value


class LettersForm(forms.Form):
    first = forms.DateTimeField(
        label=_("Erster vorgeschlagener Termin"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    step_minutes = forms.IntegerField(
        label=_("Abstand zwischen den Terminen (Minuten)"), min_value=15, max_value=480, initial=90
    )
    only_new = forms.BooleanField(
        label=_("Nur Familien ohne bisherige Ankündigung"), required=False, initial=True
    )


class DeclineForm(forms.Form):
    declined_on = forms.DateField(
        label=_("Absage am"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    channel = forms.ChoiceField(
        label=_("Absage über"), choices=[("", _("– bitte wählen –")), *DeclineChannel.choices]
    )


class CentreForm(forms.Form):
    """The new centre of a family; the choices are the municipality's centres."""

    centre = forms.TypedChoiceField(label=_("Neues Familienzentrum"), coerce=int)

    def __init__(self, *args, centres, exclude_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.centres = {centre.pk: centre for centre in centres}
        self.fields["centre"].choices = [("", _("– bitte wählen –"))] + [
            (centre.pk, centre.name) for centre in centres if centre.pk != exclude_id
        ]

    def clean_centre(self):
        return self.centres[self.cleaned_data["centre"]]


class ReassignForm(CentreForm):
    """The administration moves a family by its number (the visit team names it); no name or
    address is shown to the administration."""

    family_number = forms.IntegerField(
        label=_("Nummer der Familie"),
        min_value=1,
        max_value=2_147_483_647,
        help_text=_("Die Nummer steht auf der Seite der Familie (Familie #…)."),
    )
    field_order = ["family_number", "centre"]
