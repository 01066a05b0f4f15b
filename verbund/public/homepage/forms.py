"""Forms of the homepage part's internal pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.core.forms import VersionedFormMixin
from verbund.offers.choices import LANGUAGES

from ..models import CentrePage, MunicipalitySite
from .origins import parse_origins


class CentrePageForm(VersionedFormMixin, forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Gesprochene Sprachen"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CentrePage
        fields = [
            "introduction",
            "introduction_easy",
            "opening_hours",
            "languages",
            "contact_name",
            "contact_name_public",
            "contact_role",
            "contact_role_public",
            "contact_phone",
            "contact_phone_public",
            "contact_email",
            "contact_email_public",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 8}),
            "introduction_easy": forms.Textarea(attrs={"rows": 6}),
            "opening_hours": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "introduction": _(
                "Absätze, **fett** mit <strong>, Listen und Links sind möglich; alles andere "
                "wird beim Speichern entfernt."
            ),
            "introduction_easy": _(
                "Kurze Sätze, ein Gedanke pro Satz. Freilassen, wenn es "
                "keine Fassung in Leichter Sprache gibt."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "role", "phone", "email"):
            if cleaned.get(f"contact_{name}_public") and not cleaned.get(f"contact_{name}"):
                self.add_error(
                    f"contact_{name}",
                    _("Bitte ausfüllen oder „veröffentlichen“ abwählen."),
                )
        return cleaned


class DownloadForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    language = forms.ChoiceField(label=_("Sprache"), choices=LANGUAGES, initial="de")
    file = forms.FileField(label=_("Datei"), help_text=_("PDF, PNG oder JPEG, höchstens 10 MB."))


class MunicipalitySiteForm(VersionedFormMixin, forms.ModelForm):
    allowed_embed_origins = forms.CharField(
        label=_("Erlaubte Seiten für die Einbettung der Angebotssuche"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eine Adresse je Zeile, z. B. https://www.lindenhagen.de"),
    )

    class Meta:
        model = MunicipalitySite
        fields = ["imprint", "privacy", "accessibility", "feedback_email", "allowed_embed_origins"]
        widgets = {
            "imprint": forms.Textarea(attrs={"rows": 8}),
            "privacy": forms.Textarea(attrs={"rows": 12}),
            "accessibility": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["allowed_embed_origins"] = "\n".join(
                self.instance.allowed_embed_origins or []
            )

    def clean_allowed_embed_origins(self):
        origins, errors = parse_origins(self.cleaned_data.get("allowed_embed_origins", ""))
        if errors:
            raise forms.ValidationError(errors)
        return origins
