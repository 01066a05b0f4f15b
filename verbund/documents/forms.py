from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.core.choices import limit_choices
from verbund.core.forms import VersionedFormMixin
from verbund.core.roles import Reach
from verbund.tenancy.models import FamilyCentre

from . import permissions as perms
from .choices import LANGUAGES, DocumentKind
from .models import Document
from .services import DOCUMENT_FIELDS, EDIT_FIELDS
from .uploads import ALLOWED, max_bytes

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _file_help():
    from verbund.core.numbers import format_filesize

    return _("%(types)s, höchstens %(max)s.") % {
        "types": ALLOWED,
        "max": format_filesize(max_bytes()),
    }


def may_use_municipality_archive(access) -> bool:
    return Reach.MUNICIPALITY in access.reaches(perms.manage_document)


class DocumentForm(forms.ModelForm):
    file = forms.FileField(label=_("Datei"))

    class Meta:
        model = Document
        fields = DOCUMENT_FIELDS
        field_classes = {"centre": SafeModelChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "document_date": DATE_WIDGET,
        }
        labels = {"centre": _("Archiv")}

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.access = access
        self.fields["file"].help_text = _file_help()
        centres = FamilyCentre.objects.filter(municipality=municipality).order_by("name")
        limit_choices(self, "centre", centres, access=access, permission=perms.manage_document)
        field = self.fields["centre"]
        field.required = not may_use_municipality_archive(access)
        field.empty_label = _("Archiv der Kommune") if not field.required else None
        field.help_text = ""
        if field.required and len(field.queryset) == 1:
            self.initial.setdefault("centre", field.queryset[0].pk)

    def clean(self):
        data = super().clean()
        if not data.get("centre") and not may_use_municipality_archive(self.access):
            self.add_error("centre", _("Bitte wählen Sie das Archiv eines Familienzentrums."))
        return data


class DocumentEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Document
        fields = EDIT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "document_date": DATE_WIDGET,
        }


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Neue Version (Datei)"))
    note = forms.CharField(label=_("Was hat sich geändert?"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art des Eintrags"))
    target = forms.IntegerField(label=_("Eintrag"), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.key, kind.label) for kind in kinds]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Ja, endgültig löschen"), required=True)


class DocumentFilterForm(forms.Form):
    mark_optional = False
    q = forms.CharField(label=_("Suche im Text"), required=False, max_length=200)
    kind = forms.MultipleChoiceField(
        label=_("Art"),
        required=False,
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    archive = forms.ChoiceField(label=_("Archiv"), required=False)
    tag = forms.CharField(label=_("Schlagwort"), required=False, max_length=40)
    year = forms.TypedChoiceField(label=_("Jahr"), required=False, coerce=int, empty_value=None)
    language = forms.ChoiceField(label=_("Sprache"), required=False, choices=LANGUAGES)

    def __init__(self, *args, centres, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].choices = [
            ("", _("alle")),
            ("kommune", _("Archiv der Kommune")),
            *((str(centre.pk), centre.name) for centre in centres),
        ]
        self.fields["year"].choices = [("", _("alle")), *((year, year) for year in years)]
        self.fields["language"].choices = [("", _("alle")), *LANGUAGES[1:]]

    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        archive = data.get("archive") or ""
        return {
            "text": data.get("q", "").strip(),
            "kinds": data.get("kind") or [],
            "tag": data.get("tag", "").strip(),
            "year": data.get("year"),
            "language": data.get("language") or "",
            "municipality_archive": archive == "kommune",
            "centre_id": int(archive) if archive.isdecimal() and archive.isascii() else None,
        }
