"""The finder's filter form (GET, every value a shareable URL): plain-language questions that
become an ``OfferQuery``. A value that does not parse is shown at its field and left out of the
search, never passed on as it came.

Choices cost one query (the municipality's active life-phase and topic terms); a postcode or
an area name costs one more each, only when given.
"""

from __future__ import annotations

from django import forms
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from verbund.areas.models import Area
from verbund.offers.choices import LANGUAGES
from verbund.offers.models import Offer
from verbund.offers.search import OfferQuery
from verbund.taxonomy.models import Term
from verbund.tenancy.models import Facility, FamilyCentre

EXPECTING = "schwanger"
MAX_AGE = 20
TIMES_OF_DAY = {  # first and last start minute of the day
    "morgens": (0, 11 * 60 + 59),
    "nachmittags": (12 * 60, 16 * 60 + 59),
    "abends": (17 * 60, 23 * 60 + 59),
}
WEEKDAY_CHOICES = [
    ("", _("egal")),
    ("mo", _("Montag")),
    ("di", _("Dienstag")),
    ("mi", _("Mittwoch")),
    ("do", _("Donnerstag")),
    ("fr", _("Freitag")),
    ("sa", _("Samstag")),
    ("so", _("Sonntag")),
]
TIME_CHOICES = [
    ("", _("egal")),
    ("morgens", _("vormittags (bis 12 Uhr)")),
    ("nachmittags", _("nachmittags (12 bis 17 Uhr)")),
    ("abends", _("abends (ab 17 Uhr)")),
]
RADIUS_CHOICES = [("1", "1 km"), ("2", "2 km"), ("5", "5 km"), ("10", "10 km"), ("20", "20 km")]
DEFAULT_RADIUS_KM = 5.0
AREA_MATCHES_SHOWN = 5


def age_choices() -> list[tuple[str, str]]:
    choices = [("", _("egal")), (EXPECTING, _("Wir erwarten ein Kind")), ("0", _("unter 1 Jahr"))]
    for years in range(1, MAX_AGE + 1):
        label = ngettext_lazy("%(years)d Jahr", "%(years)d Jahre", years) % {"years": years}
        choices.append((str(years), label))
    return choices


def life_phase_key(age: str) -> str | None:
    """The life-phase term key of a child's age in years (or of "we are expecting")."""
    if age == EXPECTING:
        return "pregnancy"
    if not age.isascii() or not age.isdigit():
        return None
    years = int(age)
    for key, last in (("0-1", 0), ("1-3", 2), ("3-6", 5), ("6-10", 9), ("10-16", 15)):
        if years <= last:
            return key
    return "16-21" if years <= MAX_AGE else None


class FinderForm(forms.Form):
    mark_optional = False  # every filter is optional: no "(optional)" on each
    alter = forms.ChoiceField(label=_("Alter des Kindes"), required=False, choices=age_choices)
    thema = forms.ChoiceField(label=_("Thema"), required=False)
    sprache = forms.ChoiceField(
        label=_("Sprache"),
        required=False,
        choices=[("", _("egal")), *LANGUAGES],
        help_text=_("Auch Angebote mit Übersetzung auf Anfrage."),
    )
    kostenlos = forms.BooleanField(label=_("nur kostenlose Angebote"), required=False)
    stufenlos = forms.BooleanField(label=_("nur stufenlos erreichbar"), required=False)
    tag = forms.ChoiceField(label=_("Wochentag"), required=False, choices=WEEKDAY_CHOICES)
    zeit = forms.ChoiceField(label=_("Tageszeit"), required=False, choices=TIME_CHOICES)
    plz = forms.RegexField(
        label=_("Postleitzahl"),
        required=False,
        regex=r"^\d{5}$",
        max_length=5,
        error_messages={"invalid": _("Bitte eine Postleitzahl mit fünf Ziffern eingeben.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    gebiet = forms.CharField(
        label=_("oder Stadtteil"),
        required=False,
        max_length=100,
        help_text=_("Name des Stadtteils oder Gebiets, z. B. „Nordstadt“"),
    )
    km = forms.TypedChoiceField(
        label=_("Umkreis"),
        required=False,
        choices=RADIUS_CHOICES,
        coerce=float,
        empty_value=DEFAULT_RADIUS_KM,
        initial="5",
    )
    lat = forms.FloatField(required=False, min_value=47.2, max_value=55.1, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=5.8, max_value=15.1, widget=forms.HiddenInput)
    q = forms.CharField(
        label=_("Suchwort"),
        required=False,
        max_length=100,
        help_text=_("z. B. „Babymassage“ oder „Schwimmen“"),
    )

    def __init__(self, data=None, *, municipality, **kwargs):
        if data is not None and not data.get("km"):
            data = data.copy()
            data["km"] = "5"  # the default radius, shown as chosen
        super().__init__(data, **kwargs)
        self.municipality = municipality
        self.area = None
        self.point_from = ""  # "postcode", "area" or "point": what the place came from
        phases, topics = {}, []
        for pk, vocabulary, key, label in (
            Term.objects.filter(
                municipality=municipality, active=True, vocabulary__in=("life_phase", "topic")
            )
            .order_by("position", "id")
            .values_list("pk", "vocabulary", "key", "label")
        ):
            if vocabulary == "life_phase":
                phases[key] = pk
            else:
                topics.append((key, pk, label))
        self.phase_ids = phases
        self.topic_ids = {key: pk for key, pk, _label in topics}
        self.fields["thema"].choices = [("", _("egal"))] + [(k, lbl) for k, _pk, lbl in topics]

    # --- places --------------------------------------------------------------------------

    def clean_plz(self):
        postcode = self.cleaned_data.get("plz") or ""
        if postcode and self.postcode_point(postcode) is None:
            raise forms.ValidationError(
                _("Zu dieser Postleitzahl kennen wir keine Angebote in %(name)s."),
                params={"name": self.municipality.name},
            )
        return postcode

    def postcode_point(self, postcode: str) -> tuple[float, float] | None:
        """The mean of the known points with this postcode (facilities, centres, offers of the
        municipality), in one query."""
        if getattr(self, "_postcode", None) == postcode:
            return self._postcode_point
        parts = [
            model.objects.filter(
                municipality=self.municipality,
                postcode=postcode,
                latitude__isnull=False,
                longitude__isnull=False,
            )
            .order_by()
            .values("postcode")
            .annotate(n=Count("pk"), lat_sum=Sum("latitude"), lon_sum=Sum("longitude"))
            for model in (Facility, FamilyCentre, Offer)
        ]
        rows = list(parts[0].union(*parts[1:], all=True))
        count = sum(row["n"] for row in rows)
        point = None
        if count:
            latitude = sum(float(row["lat_sum"]) for row in rows) / count
            longitude = sum(float(row["lon_sum"]) for row in rows) / count
            point = (latitude, longitude)
        self._postcode, self._postcode_point = postcode, point
        return point

    def clean_gebiet(self):
        name = " ".join((self.cleaned_data.get("gebiet") or "").split())
        if not name:
            return ""
        areas = Area.objects.filter(municipality=self.municipality, name__istartswith=name)
        found = list(areas.order_by("name", "id").values_list("pk", "name")[:20])
        exact = [row for row in found if row[1].casefold() == name.casefold()]
        if len(exact) == 1 or len(found) == 1:
            self.area = (exact or found)[0]
            return self.area[1]
        if not found:
            raise forms.ValidationError(
                _("Einen Stadtteil „%(name)s“ kennen wir nicht. Bitte den Namen prüfen."),
                params={"name": name},
            )
        names = ", ".join(row[1] for row in found[:AREA_MATCHES_SHOWN])
        raise forms.ValidationError(
            _("Mehrere Stadtteile passen: %(names)s. Bitte genauer angeben."),
            params={"names": names},
        )

    # --- the search ----------------------------------------------------------------------

    def selected(self) -> dict[str, str]:
        """The valid filters as plain values, for counting (after ``to_query``): no words, no
        postcode or place, only what kind of place was given."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        chosen = {
            "alter": data.get("alter") or "",
            "thema": data.get("thema") or "",
            "sprache": data.get("sprache") or "",
            "kostenlos": "1" if data.get("kostenlos") else "",
            "stufenlos": "1" if data.get("stufenlos") else "",
            "tag": data.get("tag") or "",
            "zeit": data.get("zeit") or "",
            "nahe": self.point_from,
        }
        return {key: value for key, value in chosen.items() if value}

    def to_query(self) -> OfferQuery:
        query = OfferQuery(municipality_id=self.municipality.pk)
        if not self.is_bound:
            return query
        self.is_valid()
        data = self.cleaned_data
        lists = []
        phase = life_phase_key(data.get("alter") or "")
        if phase:
            lists.append([pk for key, pk in self.phase_ids.items() if key in (phase, "all")])
        topic = data.get("thema")
        if topic:
            lists.append([self.topic_ids[topic]])
        query.term_lists = lists
        query.text = data.get("q") or ""
        if data.get("sprache"):
            query.languages = [data["sprache"]]
        query.free_only = bool(data.get("kostenlos"))
        if data.get("tag"):
            query.weekdays = [data["tag"]]
        if data.get("zeit"):
            query.time_from, query.time_to = TIMES_OF_DAY[data["zeit"]]
        self._place(query, data)
        return query

    def _place(self, query: OfferQuery, data: dict) -> None:
        radius = data.get("km") or DEFAULT_RADIUS_KM
        point = None
        if data.get("lat") is not None and data.get("lon") is not None:
            point, self.point_from = (data["lat"], data["lon"]), "point"
        elif data.get("plz"):
            point, self.point_from = self.postcode_point(data["plz"]), "postcode"
        elif self.area is not None:
            query.areas, self.point_from = [self.area[0]], "area"
        if point is not None:
            query.latitude, query.longitude, query.radius_km = point[0], point[1], radius
