"""The filter form of the offer list (GET): every value parsed and bounded, a wrong one shown
at its field and left out of the search, never passed on as it came.

Choices cost one query each (terms of all five lists in one, areas, centres, providers), so
the page's query count does not grow with the number of offers.
"""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from verbund.areas.models import Area
from verbund.areas.search_fields import AreaSearchField
from verbund.core.choices import declare_choices
from verbund.core.search_choice import set_search_url
from verbund.network.models import Organisation
from verbund.network.search_fields import OrganisationSearchField
from verbund.tenancy.models import FamilyCentre
from verbund.tenancy.search_fields import CentreSearchField

from .choices import LANGUAGES, OfferStatus, ReviewState, Visibility
from .search import DEFAULT_STATUSES, WEEKDAYS, OfferQuery

TERM_FIELDS = {
    "life_phase": ("phase", _("Lebensphase")),
    "transition": ("uebergang", _("Übergang")),
    "topic": ("thema", _("Thema")),
    "target_group": ("zielgruppe", _("Zielgruppe")),
    "service_kind": ("leistung", _("Leistungsart")),
}
WEEKDAY_LABELS = [
    ("mo", _("Montag")),
    ("di", _("Dienstag")),
    ("mi", _("Mittwoch")),
    ("do", _("Donnerstag")),
    ("fr", _("Freitag")),
    ("sa", _("Samstag")),
    ("so", _("Sonntag")),
]
RADIUS_CHOICES = [("", _("beliebig")), ("1", "1 km"), ("2", "2 km"), ("5", "5 km"), ("10", "10 km")]
MAX_RADIUS_KM = 100
EMPTY_LABELS = {
    "gebiet": _("alle Gebiete"),
    "anbieter": _("alle Anbieter"),
    "zentrum": _("alle Familienzentren"),
    "nahe": _("keinem Familienzentrum"),
}


def _ids(label, **kwargs):
    return forms.TypedMultipleChoiceField(
        label=label, required=False, coerce=int, widget=forms.CheckboxSelectMultiple, **kwargs
    )


class OfferFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Suchbegriffe"),
        required=False,
        max_length=100,
        help_text=_("z. B. „Schwimmkurs“, „Väter“ oder ein Stadtteil"),
    )
    phase = _ids(_("Lebensphase"))
    uebergang = _ids(_("Übergang"))
    thema = _ids(_("Thema"))
    zielgruppe = _ids(_("Zielgruppe"))
    leistung = _ids(_("Leistungsart"))
    sprache = forms.MultipleChoiceField(
        label=_("Sprache"),
        required=False,
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Angebote mit Sprachmittlung auf Anfrage werden mitgezeigt."),
    )
    kostenlos = forms.BooleanField(label=_("nur kostenlose Angebote"), required=False)
    niedrigschwellig = forms.BooleanField(
        label=_("nur niedrigschwellige Angebote"),
        required=False,
        help_text=_(
            "kostenlos, ohne Anmeldung und mindestens zwei von: offene Form, "
            "Kinderbetreuung, andere Sprachen oder Sprachmittlung, im Sozialraum"
        ),
    )
    gebiet = AreaSearchField(Area.objects.none(), label=_("für das Gebiet"), required=False)
    anbieter = OrganisationSearchField(
        Organisation.objects.none(), label=_("Anbieter (auch gemeinsam mit)"), required=False
    )
    zentrum = CentreSearchField(
        FamilyCentre.objects.none(), label=_("im Angebot des Familienzentrums"), required=False
    )
    tag = forms.MultipleChoiceField(
        label=_("Wochentag"),
        required=False,
        choices=WEEKDAY_LABELS,
        widget=forms.CheckboxSelectMultiple,
    )
    ab = forms.TimeField(
        label=_("Beginn frühestens"),
        required=False,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    bis = forms.TimeField(
        label=_("Beginn spätestens"),
        required=False,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    nahe = CentreSearchField(
        FamilyCentre.objects.none(),
        label=_("im Umkreis von"),
        required=False,
        help_text=_("ein Familienzentrum, um das herum gesucht wird"),
    )
    km = forms.TypedChoiceField(
        label=_("Entfernung höchstens"),
        required=False,
        choices=RADIUS_CHOICES,
        coerce=float,
        empty_value=None,
    )
    lat = forms.FloatField(required=False, min_value=47.2, max_value=55.1, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=5.8, max_value=15.1, widget=forms.HiddenInput)
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=OfferStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ohne Auswahl: laufende und geplante Angebote."),
    )
    sichtbarkeit = forms.ChoiceField(
        label=_("Sichtbarkeit"),
        required=False,
        choices=[("", _("öffentlich und intern")), *Visibility.choices],
    )
    freigabe = forms.ChoiceField(
        label=_("Freigabe"),
        required=False,
        choices=[("", _("alle, die Sie sehen dürfen")), *ReviewState.choices],
    )

    def __init__(self, data=None, *, municipality, access=None, **kwargs):
        super().__init__(data, **kwargs)
        self.municipality = municipality
        self._terms()
        self._places(access)

    def _terms(self) -> None:
        from verbund.taxonomy.models import Term

        grouped: dict[str, list] = {vocabulary: [] for vocabulary in TERM_FIELDS}
        for pk, vocabulary, label in (
            Term.objects.filter(municipality=self.municipality, active=True)
            .order_by("vocabulary", "position", "id")
            .values_list("pk", "vocabulary", "label")
        ):
            if vocabulary in grouped:
                grouped[vocabulary].append((pk, label))
        for vocabulary, (name, _label) in TERM_FIELDS.items():
            self.fields[name].choices = grouped[vocabulary]

    def _places(self, access) -> None:
        """Areas, providers and centres as search fields: a select while a municipality has
        few, a text field with server-side matching when it has hundreds (issue 17)."""
        from verbund.areas import permissions as area_perms
        from verbund.network import permissions as network_perms
        from verbund.tenancy import permissions as tenancy_perms

        from .models import Offer

        mun = self.municipality

        def narrowed(permission, queryset):
            return queryset if access is None else access.narrow(permission, queryset)

        fields = self.fields
        fields["gebiet"].queryset = narrowed(
            area_perms.view_area, Area.objects.filter(municipality=mun).order_by("name")
        )
        fields["anbieter"].queryset = narrowed(
            network_perms.view_organisation,
            # EXISTS, not ``pk__in``: SQLite would first list the providers of all offers
            # (5 ms at 5,000 offers) before counting the first 51 choices.
            Organisation.objects.filter(
                Exists(Offer.objects.filter(municipality=mun, provider=OuterRef("pk"))),
                municipality=mun,
            ).order_by("name"),
        )
        centres = narrowed(
            tenancy_perms.view_centre,
            FamilyCentre.objects.filter(municipality=mun).order_by("name"),
        )
        fields["zentrum"].queryset = centres
        fields["nahe"].queryset = centres.filter(latitude__isnull=False, longitude__isnull=False)
        for name, field in (
            ("gebiet", AreaSearchField),
            ("anbieter", OrganisationSearchField),
            ("zentrum", CentreSearchField),
            ("nahe", CentreSearchField),
        ):
            fields[name].empty_label = fields[name].widget.empty_label = EMPTY_LABELS[name]
            set_search_url(fields[name], field.search_url_name, mun)
        declare_choices(
            self,
            gebiet=area_perms.view_area,
            anbieter=network_perms.view_organisation,
            zentrum=tenancy_perms.view_centre,
            nahe=tenancy_perms.view_centre,
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("ab"), data.get("bis")
        if start and end and end < start:
            self.add_error("bis", _("„Beginn spätestens“ muss nach „Beginn frühestens“ liegen."))
        if data.get("km") and not data.get("nahe") and (data.get("lat") is None):
            self.add_error("nahe", _("Bitte ein Familienzentrum wählen, um das der Umkreis liegt."))
        return data

    @property
    def advanced_used(self) -> bool:
        """True when a filter beyond the words is set (the filters then open)."""
        if not self.is_bound:
            return False
        return any(self.data.get(name) for name in self.fields if name not in ("q",))

    def to_query(self) -> OfferQuery:
        """The search the valid fields ask for (a field with an error is left out)."""
        if not self.is_bound:
            return OfferQuery(municipality_id=self.municipality.pk)
        self.is_valid()
        data = self.cleaned_data

        def minute(value):
            return None if value is None else value.hour * 60 + value.minute

        latitude, longitude = data.get("lat"), data.get("lon")
        if data.get("nahe") is not None:
            point = (
                type(data["nahe"])
                .objects.filter(pk=data["nahe"].pk)
                .values_list("latitude", "longitude")
                .first()
            )
            if point and None not in point:
                latitude, longitude = (float(v) for v in point)
        radius = data.get("km")
        if radius is not None and not 0 < radius <= MAX_RADIUS_KM:
            radius = None
        query = OfferQuery(
            text=data.get("q") or "",
            term_lists=[data.get(name) or [] for name, _label in TERM_FIELDS.values()],
            languages=data.get("sprache") or [],
            free_only=bool(data.get("kostenlos")),
            low_threshold_only=bool(data.get("niedrigschwellig")),
            areas=[data["gebiet"].pk] if data.get("gebiet") else [],
            providers=[data["anbieter"].pk] if data.get("anbieter") else [],
            centres=[data["zentrum"].pk] if data.get("zentrum") else [],
            weekdays=[day for day in data.get("tag") or [] if day in WEEKDAYS],
            time_from=minute(data.get("ab")),
            time_to=minute(data.get("bis")),
            statuses=data.get("status") or list(DEFAULT_STATUSES),
            visibilities=[data["sichtbarkeit"]] if data.get("sichtbarkeit") else [],
            review_states=[data["freigabe"]] if data.get("freigabe") else [],
            municipality_id=self.municipality.pk,
        )
        if radius and latitude is not None and longitude is not None:
            query.latitude, query.longitude, query.radius_km = latitude, longitude, radius
        return query
