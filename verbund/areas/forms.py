from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from verbund.core.audit import VERSION_FIELD
from verbund.core.choices import declare_choices, limit_choices
from verbund.core.forms import VersionedFormMixin
from verbund.core.uploads import check_size
from verbund.tenancy.search_fields import CentreSearchField
from verbund.tenancy.selectors import centre_list

from . import geo
from . import permissions as perms
from .models import Area, AreaKind, Observation, ObservationCategory, Rating, Walk
from .photos import ALLOWED_EXTENSIONS, MAX_UPLOAD_BYTES
from .search_fields import AreaSearchField, AreaSearchMultipleField
from .services import (
    CONFLICT_POINT,
    CONFLICT_PREFIX,
    MAX_PHOTOS_PER_OBSERVATION,
    PARENT_CLEAR,
    PARENT_POINT,
    PARENT_PREFIX,
)

IMPORT_EXTENSIONS = (".geojson", ".json", ".zip")


def import_max_bytes() -> int:
    return getattr(settings, "VERBUND_AREA_IMPORT_MAX_BYTES", 25 * 1024 * 1024)


def _levels(municipality) -> list[str]:
    return list(
        Area.objects.filter(municipality=municipality)
        .order_by("level")
        .values_list("level", flat=True)
        .distinct()
    )


class ImportOptionsForm(forms.Form):
    level = forms.CharField(
        label=_("Ebene"),
        max_length=60,
        help_text=_("z. B. Stadtbezirk, Stadtteil, Planungsraum"),
    )
    kind = forms.ChoiceField(label=_("Art"), choices=AreaKind.choices)
    code_field = forms.CharField(
        label=_("Feld mit dem Schlüssel"),
        max_length=60,
        required=False,
        help_text=_("leer lassen: wird erkannt (z. B. id, code, STT_NR)"),
    )
    name_field = forms.CharField(
        label=_("Feld mit dem Namen"),
        max_length=60,
        required=False,
        help_text=_("leer lassen: wird erkannt (z. B. name, STT_NAME)"),
    )
    parent_level = forms.ChoiceField(label=_("Übergeordnete Ebene"), required=False)
    parent_method = forms.ChoiceField(
        label=_("Zuordnung zur übergeordneten Ebene"),
        choices=[
            (PARENT_PREFIX, _("über den Schlüssel (Schlüssel beginnt mit dem des Obergebiets)")),
            (PARENT_POINT, _("über die Lage (Mittelpunkt liegt im Obergebiet)")),
            (
                PARENT_CLEAR,
                _("bisherige Zuordnungen entfernen (nur ohne übergeordnete Ebene)"),
            ),
        ],
        initial=PARENT_PREFIX,
        help_text=_(
            "Ohne übergeordnete Ebene behalten schon vorhandene Gebiete ihre bisherige Zuordnung."
        ),
    )
    parent_conflict = forms.ChoiceField(
        label=_("Wenn Schlüssel und Lage nicht zusammenpassen"),
        choices=[
            (CONFLICT_PREFIX, _("nach dem Schlüssel zuordnen (mit Hinweis)")),
            (CONFLICT_POINT, _("nach der Lage zuordnen")),
        ],
        initial=CONFLICT_PREFIX,
        required=False,
        help_text=_(
            "Jede Zuordnung über den Schlüssel wird mit der Lage geprüft; Abweichungen zeigt "
            "die Vorschau."
        ),
    )
    source_crs = forms.CharField(
        label=_("Koordinatensystem"),
        max_length=80,
        required=False,
        help_text=_(
            "nur nötig, wenn die Datei keines angibt, z. B. EPSG:25832 (UTM 32N); "
            "Shapefiles bringen es in der .prj-Datei mit"
        ),
    )
    encoding = forms.ChoiceField(
        label=_("Zeichenkodierung der Sachdaten (Shapefile)"),
        required=False,
        choices=[
            ("", _("automatisch erkennen")),
            ("utf-8", "UTF-8"),
            ("latin-1", "Latin-1 (ISO 8859-1)"),
            ("cp1252", "Windows-1252"),
        ],
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        levels = _levels(municipality)
        self.fields["parent_level"].choices = [("", _("keine"))] + [(lv, lv) for lv in levels]
        self.fields["level"].widget.attrs["list"] = "area-levels"
        self.levels = levels

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


class ImportUploadForm(ImportOptionsForm):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "GeoJSON (.geojson, .json) oder ein Shapefile als ZIP (.shp, .shx, .dbf, .prj); "
            "höchstens %(mb)s MB"
        ),
    )
    field_order = ["file", "level", "kind", "parent_level", "parent_method", "parent_conflict"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mb = import_max_bytes() // (1024 * 1024)
        self.fields["file"].help_text = self.fields["file"].help_text % {"mb": mb}
        self.fields["file"].widget.attrs["accept"] = ",".join(IMPORT_EXTENSIONS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith(IMPORT_EXTENSIONS):
            raise forms.ValidationError(
                _("„%(name)s“ hat keine passende Endung; erlaubt sind .geojson, .json und .zip."),
                params={"name": name},
            )
        check_size(upload, import_max_bytes())
        upload.seek(0)
        head = upload.read(64)
        upload.seek(0)
        kind = geo.sniff_format(head)
        expected = "shapefile" if name.lower().endswith(".zip") else "geojson"
        if kind != expected:
            raise forms.ValidationError(
                _("Der Inhalt von „%(name)s“ passt nicht zur Endung: erwartet wird %(what)s."),
                params={
                    "name": name,
                    "what": _("ein ZIP-Archiv") if expected == "shapefile" else _("GeoJSON-Text"),
                },
            )
        return upload


class AreaForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Area
        fields = ["code", "name", "level", "kind", "parent"]
        field_classes = {"parent": AreaSearchField}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        parents = (
            Area.objects.filter(municipality=municipality)
            .defer("geometry", "geometry_simplified")
            .order_by("level", "name")
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].also_load = ("level", "code")  # for the label below
        self.fields["parent"].queryset = parents
        declare_choices(self, parent=perms.view_area)
        self.fields["parent"].empty_label = _("keines (oberste Ebene)")
        self.fields["parent"].label_from_instance = lambda a: f"{a.level}: {a.name} ({a.code})"


class SozialraumForm(forms.Form):
    areas = AreaSearchMultipleField(
        Area.objects.none(), label=_("Gebiete des Sozialraums"), required=False
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.filter(municipality=municipality).order_by(
            "level", "name"
        )
        declare_choices(self, areas=perms.view_area)


class WalkForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Walk
        fields = ["title", "date", "centre", "area", "participants", "notes"]
        field_classes = {"centre": CentreSearchField, "area": AreaSearchField}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "participants": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, municipality, access, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        centres = limit_choices(
            self,
            "centre",
            centre_list(municipality=municipality),
            access=access,
            permission=permission,
            current=[self.instance.centre_id],
        )
        self.fields["centre"].empty_label = None if centres.count() == 1 else _("Bitte wählen")
        self.fields["area"].also_load = ("level",)  # for the label below
        self.fields["area"].queryset = (
            Area.objects.filter(municipality=municipality)
            .defer("geometry", "geometry_simplified")
            .order_by("level", "name")
        )
        declare_choices(self, area=perms.view_area)
        self.fields["area"].empty_label = _("kein bestimmtes Gebiet")
        self.fields["area"].label_from_instance = lambda a: f"{a.name} ({a.level})"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ObservationForm(VersionedFormMixin, forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Themen"),
        choices=ObservationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    rating = forms.TypedChoiceField(
        label=_("Bewertung"),
        choices=[("", _("keine Bewertung")), *Rating.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    photos = MultipleFileField(
        label=_("Fotos"),
        required=False,
        help_text=_(
            "JPEG, PNG oder WebP, je höchstens %(mb)s MB, bis zu %(count)s Fotos. Ortsangaben "
            "und andere Metadaten werden entfernt. Bitte keine erkennbaren Personen."
        )
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024), "count": MAX_PHOTOS_PER_OBSERVATION},
    )
    # A photo chosen before a validation error, kept server-side (verbund.core.pending_uploads).
    kept_photos = forms.CharField(required=False, widget=forms.HiddenInput)
    remove_photos = forms.MultipleChoiceField(
        label=_("Fotos entfernen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Observation
        fields = ["categories", "rating", "note", "latitude", "longitude"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "latitude": _("Dezimalgrad, z. B. 50,9611 – oder auf der Karte tippen"),
            "longitude": _("Dezimalgrad, z. B. 7,0102"),
        }

    def __init__(self, *args, extent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.extent = extent  # (min_lon, min_lat, max_lon, max_lat) of the municipality
        self.fields["photos"].widget.attrs["accept"] = ",".join(ALLOWED_EXTENSIONS)
        photos = list(self.instance.photos.all()) if self.instance.pk else []
        self.fields["remove_photos"].choices = [
            (str(p.pk), _("Foto %(n)s") % {"n": i}) for i, p in enumerate(photos, 1)
        ]
        for name in ("latitude", "longitude"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(
                _("Bitte geben Sie Breiten- und Längengrad zusammen an oder beide nicht.")
            )
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if latitude is not None and longitude is not None and self.extent:
            min_lon, min_lat, max_lon, max_lat = self.extent
            if not (min_lat <= latitude <= max_lat and min_lon <= longitude <= max_lon):
                self.add_error(
                    "latitude",
                    _(
                        "Dieser Punkt liegt außerhalb Ihrer Kommune. Bitte tippen Sie auf die "
                        "Karte oder prüfen Sie Breiten- und Längengrad (z. B. vertauscht?)."
                    ),
                )
        return cleaned

    def service_data(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in ("rating", "note", "latitude", "longitude")}
        data["categories"] = list(self.cleaned_data.get("categories") or [])
        data[VERSION_FIELD] = self.cleaned_data.get(VERSION_FIELD)
        return data
