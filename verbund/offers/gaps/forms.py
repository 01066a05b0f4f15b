"""The choices of the gap matrix: place, rows, columns, language."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import LANGUAGES
from . import selectors
from .matrix import COLUMN_VOCABULARIES, ROW_VOCABULARIES
from .selectors import GapScope

CITY = "stadt"


class GapForm(forms.Form):
    ort = forms.ChoiceField(label=_("Wo"), required=False)
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
        super().__init__(data)
        self.municipality = municipality
        self.centres = {
            c.pk: c
            for c in selectors.scope_centres(
                municipality=municipality, access=access, permission=permission
            )
        }
        self.areas = {a.pk: a for a in selectors.scope_areas(municipality=municipality)}
        self.fields["ort"].choices = [
            (CITY, _("ganze Kommune")),
            (
                _("Sozialraum eines Familienzentrums"),
                [(f"z{pk}", c.name) for pk, c in self.centres.items()],
            ),
            (
                _("ein Gebiet"),
                [(f"g{pk}", f"{a.name} ({a.level})") for pk, a in self.areas.items()],
            ),
        ]
        self.fields["sprache"].choices = [("", _("alle Sprachen gleich")), *LANGUAGES]
        own = [pk for pk in self.centres if pk in access.centre_ids]
        self.default_place = f"z{own[0]}" if own else CITY

    def value(self, name: str, default: str = "") -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or default
        return default

    @property
    def place(self) -> str:
        return self.value("ort", self.default_place)

    def scope(self) -> GapScope:
        place = self.place
        if place.startswith("z"):
            return GapScope(self.municipality, centre=self.centres[int(place[1:])])
        if place.startswith("g"):
            return GapScope(self.municipality, area=self.areas[int(place[1:])])
        return GapScope(self.municipality)

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
