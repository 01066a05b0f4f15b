from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.core.uploads import check_size
from verbund.tenancy.models import FacilityKind

from ..models import Sector
from .reader import MAX_UPLOAD_BYTES
from .rows import FACILITY, FIELD_LABELS, FIELDS, ORGANISATION

EXTENSIONS = (".csv", ".txt", ".xlsx", ".geojson", ".json", ".zip")


def _check_crs(value: str) -> str:
    value = value.strip()
    if value:
        import pyproj

        try:
            pyproj.CRS.from_user_input(value)
        except pyproj.exceptions.CRSError:
            raise forms.ValidationError(
                _("Unbekanntes Koordinatensystem. Bitte als EPSG-Code angeben, z. B. EPSG:25832.")
            ) from None
    return value


class OptionsForm(forms.Form):
    """What the list itself may not say: the kind or sector for rows without one, and the
    coordinate system of x/y columns."""

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

    def clean_source_crs(self):
        return _check_crs(self.cleaned_data["source_crs"])


class ListImportForm(OptionsForm):
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

    field_order = ["file", "target", "default_kind", "default_sector", "source_crs"]


class MappingForm(OptionsForm):
    """The preview's form: which column goes to which field (a select per field), the
    options, and whether to remember the mapping. ``shown`` is the mapping the preview on
    screen was made with; a commit with another one shows the new preview first."""

    mark_optional = False  # every select may stay empty but „Name“; the hint says why

    token = forms.CharField(widget=forms.HiddenInput, max_length=4000)
    target = forms.ChoiceField(
        widget=forms.HiddenInput, choices=[(FACILITY, FACILITY), (ORGANISATION, ORGANISATION)]
    )
    shown = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)
    remember = forms.BooleanField(
        label=_("Diese Zuordnung für die nächste Liste mit denselben Spalten merken"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, columns: list[str], target: str, reasons: dict | None = None, **kw):
        super().__init__(*args, **kw)
        choices = [("", _("– nicht in der Liste –")), *[(c, c) for c in columns]]
        for name in FIELDS[target]:
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=FIELD_LABELS[name],
                choices=choices,
                required=False,
            )
        if target == FACILITY:
            del self.fields["default_sector"]
        else:
            del self.fields["default_kind"]
        self.target = target

    def map_fields(self):
        return [self[f"map_{name}"] for name in FIELDS[self.target]]

    def mapping(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(f"map_{name}") or ""
            for name in FIELDS[self.target]
            if self.cleaned_data.get(f"map_{name}")
        }

    def options(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(name) or ""
            for name in ("default_kind", "default_sector", "source_crs")
        }


def signature(mapping: dict, options: dict) -> str:
    """What a preview was made with, to notice a changed select before a commit."""
    import json

    return json.dumps({"m": mapping, "o": options}, sort_keys=True, ensure_ascii=False)
