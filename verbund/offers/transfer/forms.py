"""The upload of an offers table and the choice for offers that exist already."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.core.choices import limit_choices
from verbund.core.uploads import check_size
from verbund.tenancy.models import FamilyCentre

from ..permissions import import_offers
from .reader import MAX_UPLOAD_BYTES
from .rows import SKIP, UPDATE

EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx")
DUPLICATE_CHOICES = [
    (SKIP, _("überspringen – das vorhandene Angebot bleibt, wie es ist")),
    (UPDATE, _("mit den Angaben der Datei aktualisieren (leere Zellen ändern nichts)")),
]


class OfferImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tabelle mit Angeboten (CSV oder Excel)"),
        help_text=_(
            "Eine Zeile je Angebot, in der ersten Zeile die Überschriften, z. B. „Titel“, "
            "„Form“, „Lebensphasen“. Höchstens 5 MB."
        ),
    )
    centre = SafeModelChoiceField(
        queryset=FamilyCentre.objects.none(),
        label=_("In die Angebotsübersicht von"),
        empty_label=None,
    )
    duplicates = forms.ChoiceField(
        label=_("Wenn es ein Angebot mit gleichem Titel und Anbieter schon gibt"),
        choices=DUPLICATE_CHOICES,
        initial=SKIP,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "centre",
            FamilyCentre.objects.filter(municipality=municipality).order_by("name"),
            access=access,
            permission=import_offers,
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("Bitte laden Sie eine CSV-Datei (.csv, .txt, .tsv) oder eine .xlsx-Datei hoch.")
            )
        check_size(upload, MAX_UPLOAD_BYTES)
        return upload


class PendingForm(forms.Form):
    """The preview's form: the kept upload, the centre and the choice for existing offers."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=4000)
    centre = SafeModelChoiceField(queryset=FamilyCentre.objects.none(), widget=forms.HiddenInput)
    duplicates = forms.ChoiceField(
        label=OfferImportForm.base_fields["duplicates"].label,
        choices=DUPLICATE_CHOICES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, municipality, access, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "centre",
            FamilyCentre.objects.filter(municipality=municipality),
            access=access,
            permission=import_offers,
        )
