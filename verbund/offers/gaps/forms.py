"""The choices of the gap matrix: place, rows, columns, language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.areas import permissions as area_perms
from verbund.areas.models import Area
from verbund.areas.search_fields import AreaSearchField
from verbund.core.choices import declare_choices
from verbund.core.search_choice import set_search_url
from verbund.tenancy.models import FamilyCentre
from verbund.tenancy.search_fields import CentreSearchField

from ..choices import LANGUAGES
from . import selectors
from .matrix import COLUMN_VOCABULARIES, ROW_VOCABULARIES
from .selectors import GapScope

CITY = "stadt"
CENTRE = "zentrum"
AREA = "gebiet"
SHORT = {"z": CENTRE, "g": AREA}  # ort=z12 / ort=g5: the compact form links and exports use


class GapForm(forms.Form):
    """Where: the whole municipality, a centre's Sozialraum or one area. Centres and areas are
    search fields (a select while there are few; a text field with server-side matching when a
    municipality has hundreds), so the page never lists thousands of options. ``query()``
    writes the place compactly as ``ort=z<id>``/``ort=g<id>``; such a URL is read back."""

    ort = forms.ChoiceField(
        label=_("Wo"),
        required=False,
        choices=[
            (CITY, _("ganze Kommune")),
            (CENTRE, _("Sozialraum eines Familienzentrums")),
            (AREA, _("ein Gebiet")),
        ],
        widget=forms.RadioSelect,
    )
    zentrum = CentreSearchField(
        FamilyCentre.objects.none(), label=_("Familienzentrum"), required=False
    )
    gebiet = AreaSearchField(Area.objects.none(), label=_("Gebiet"), required=False)
    zeilen = forms.ChoiceField(
        label=_("Zeilen"), required=False, choices=list(ROW_VOCABULARIES.items())
    )
    spalten = forms.ChoiceField(
        label=_("Spalten"), required=False, choices=list(COLUMN_VOCABULARIES.items())
    )
    sprache = forms.ChoiceField(
        label=_("Sprache der Familien"),
        required=False,
        help_text=_("Angebote weder in dieser Sprache noch mit Sprachmittlung zählen halb."),
    )

    def __init__(self, data, *, municipality, access, permission):
        super().__init__(_expanded(data))
        self.municipality = municipality
        centres = selectors.scope_centres(
            municipality=municipality, access=access, permission=permission
        )
        self.fields["zentrum"].queryset = centres
        set_search_url(self.fields["zentrum"], CentreSearchField.search_url_name, municipality)
        self.fields["gebiet"].queryset = access.narrow(
            area_perms.view_area, selectors.scope_areas(municipality=municipality)
        )
        declare_choices(self, zentrum=permission, gebiet=area_perms.view_area)
        set_search_url(self.fields["gebiet"], AreaSearchField.search_url_name, municipality)
        self.fields["sprache"].choices = [("", _("alle Sprachen gleich")), *LANGUAGES]
        for name in ("zentrum", "gebiet"):
            self.fields[name].empty_label = self.fields[name].widget.empty_label = _("Bitte wählen")
        own = centres.filter(pk__in=access.centre_ids).order_by("name").first()
        self.default_centre = own
        self.initial.update({"ort": CENTRE if own else CITY, "zentrum": own})

    def clean(self):
        data = super().clean()
        if data.get("ort") == CENTRE and not data.get("zentrum") and not self.default_centre:
            self.add_error("zentrum", _("Bitte ein Familienzentrum wählen."))
        if data.get("ort") == AREA and not data.get("gebiet"):
            self.add_error("gebiet", _("Bitte ein Gebiet wählen."))
        return data

    def value(self, name: str, default: str = "") -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or default
        return default

    def scope(self) -> GapScope:
        """The place asked for; an incomplete or invalid choice falls back to the user's own
        centre (or the whole municipality), never to someone else's."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        kind = data.get("ort") or (CENTRE if self.default_centre else CITY)
        if kind == AREA and data.get("gebiet"):
            return GapScope(self.municipality, area=data["gebiet"])
        if kind == CENTRE and (data.get("zentrum") or self.default_centre):
            return GapScope(self.municipality, centre=data.get("zentrum") or self.default_centre)
        return GapScope(self.municipality)

    @property
    def place(self) -> str:
        scope = self.scope()
        if scope.centre is not None:
            return f"z{scope.centre.pk}"
        if scope.area is not None:
            return f"g{scope.area.pk}"
        return CITY

    @property
    def rows(self) -> str:
        return self.value("zeilen", "life_phase")

    @property
    def columns(self) -> str:
        return self.value("spalten", "topic")

    @property
    def language(self) -> str:
        return self.value("sprache")

    def query(self) -> dict[str, str]:
        return {
            "ort": self.place,
            "zeilen": self.rows,
            "spalten": self.columns,
            "sprache": self.language,
        }


def _expanded(data):
    """``ort=z12`` → ``ort=zentrum&zentrum=12`` (and ``g`` for an area), so that a shared or
    exported link shows its place in the form."""
    if data is None:
        return None
    place = data.get("ort") or ""
    if place[:1] in SHORT and place[1:].isdigit():
        data = data.copy()
        data["ort"] = SHORT[place[0]]
        data[SHORT[place[0]]] = place[1:]
    return data
