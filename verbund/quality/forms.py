from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.core.choices import limit_choices
from verbund.core.forms import VersionedFormMixin
from verbund.core.uploads import read_limited
from verbund.tenancy.models import FamilyCentre

from . import catalogue as catalogue_format
from .models import CriterionCheck
from .permissions import edit_selfcheck


class SelfCheckStartForm(forms.Form):
    centre = SafeModelChoiceField(queryset=FamilyCentre.objects.none(), label=_("Familienzentrum"))
    year = forms.IntegerField(label=_("Jahr"), min_value=2000, max_value=2100)

    def __init__(self, *args, access, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        reachable = limit_choices(
            self,
            "centre",
            FamilyCentre.objects.filter(municipality=municipality).order_by("name"),
            access=access,
            permission=edit_selfcheck,
        )
        only = list(reachable[:2])
        if len(only) == 1:  # the coordinator of one centre need not choose
            self.fields["centre"].initial = only[0].pk
            self.fields["centre"].empty_label = None


class CriterionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CriterionCheck
        fields = ["state", "note", "document_reference"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label=_("Katalogdatei (JSON)"),
        help_text=_("Eine Datei im Format von „Katalog herunterladen“, höchstens 1 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        data = read_limited(upload, catalogue_format.MAX_BYTES)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("Die Datei ist keine Textdatei in UTF-8 (JSON erwartet).")
            ) from None
        try:
            self.definition = catalogue_format.parse(text)
        except catalogue_format.CatalogueError as error:
            raise ValidationError(error.messages) from None
        self.text = text
        return upload
