from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.core.uploads import check_size
from verbund.tenancy.models import FacilityKind

from ..models import Sector
from .reader import MAX_UPLOAD_BYTES
from .rows import FACILITY, ORGANISATION

EXTENSIONS = (".csv", ".txt", ".xlsx", ".geojson", ".json", ".zip")


class ListImportForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "CSV, Excel (XLSX), GeoJSON oder ein Shapefile als ZIP; höchstens 10 MB und "
            "5.000 Einträge. Koordinaten in jedem Koordinatensystem."
        ),
    )
    target = forms.ChoiceField(
        label=_("Was enthält die Liste?"),
        choices=[
            (FACILITY, _("Einrichtungen (Kitas, Schulen, Beratungsstellen …)")),
            (ORGANISATION, _("Organisationen im Netzwerk (Vereine, Dienste …)")),
        ],
        initial=FACILITY,
        widget=forms.RadioSelect,
    )
    default_kind = forms.ChoiceField(
        label=_("Art der Einrichtungen"),
        required=False,
        choices=[("", _("aus der Liste erkennen")), *list(FacilityKind.choices)],
        help_text=_("für Zeilen ohne erkennbare Art, z. B. „Kindertageseinrichtung“"),
    )
    default_sector = forms.ChoiceField(
        label=_("Sektor der Organisationen"),
        required=False,
        choices=[("", _("aus der Liste erkennen")), *list(Sector.choices)],
        help_text=_("für Zeilen ohne erkennbaren Sektor"),
    )
    source_crs = forms.CharField(
        label=_("Koordinatensystem der Spalten x/y (Rechts-/Hochwert)"),
        max_length=80,
        required=False,
        help_text=_(
            "nur für Listen mit projizierten Koordinaten ohne Angabe, z. B. EPSG:25832; "
            "GeoJSON und Shapefiles bringen es mit"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(EXTENSIONS):
            raise forms.ValidationError(
                _(
                    "Dieser Dateityp wird nicht unterstützt. Bitte eine CSV-, XLSX-, GeoJSON- "
                    "oder ZIP-Datei (Shapefile) hochladen."
                )
            )
        check_size(upload, MAX_UPLOAD_BYTES)
        return upload

    def clean_source_crs(self):
        value = self.cleaned_data["source_crs"].strip()
        if value:
            import pyproj

            try:
                pyproj.CRS.from_user_input(value)
            except pyproj.exceptions.CRSError:
                raise forms.ValidationError(
                    _(
                        "Unbekanntes Koordinatensystem. Bitte als EPSG-Code angeben, "
                        "z. B. EPSG:25832."
                    )
                ) from None
        return value
