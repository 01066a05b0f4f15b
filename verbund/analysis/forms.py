from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from verbund.areas import permissions as area_perms
from verbund.areas.models import Area
from verbund.areas.search_fields import AreaSearchField
from verbund.core.choices import declare_choices
from verbund.core.forms import VersionedFormMixin
from verbund.core.search_choice import set_search_url
from verbund.taxonomy.selectors import term_choices, terms
from verbund.tenancy.models import FamilyCentre
from verbund.tenancy.search_fields import CentreSearchField

from . import permissions as perms
from .choices import IndexMethod, NeedStatus, Priority
from .figures import FIGURES
from .models import EvidenceKind, Need, NeedIndexConfig, NeedRule
from .selectors import NeedFilter, area_levels, indicator_list
from .services import NEED_FIELDS, RULE_FIELDS


def _choices(blank, choices):
    return [("", blank), *list(choices)]


TERM_FIELDS = ("target_group", "life_phase", "topic")  # each named after its vocabulary
TERM_FIELD_CLASSES = dict.fromkeys(TERM_FIELDS, SafeModelChoiceField)


def _term_fields(form, municipality) -> None:
    """Life phase, topic and target group from the shared taxonomy: its active terms plus the
    (perhaps deactivated) term the entry already carries."""
    for name in TERM_FIELDS:
        field = form.fields[name]
        field.queryset = term_choices(
            municipality=municipality,
            vocabulary=name,
            current=[getattr(form.instance, f"{name}_id", None)],
        )
        field.empty_label = _("Bitte wählen")


class NeedIndexForm(VersionedFormMixin, forms.ModelForm):
    """Settings plus one weight field per indicator with a known direction."""

    class Meta:
        model = NeedIndexConfig
        fields = ["level", "year", "method", "boundary_1", "boundary_2", "boundary_3"]
        help_texts = {
            "boundary_1": _(
                "Schwellenwerte: Standardabweichungen des Index (z. B. 1,5). Quantile: "
                "kumulierter Anteil der Gebiete in Prozent von oben (z. B. 10)."
            ),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        levels = area_levels(municipality=municipality)
        current = self.instance.level if self.instance.pk else None
        if current and current not in levels:
            levels.append(current)
        self.fields["level"] = forms.ChoiceField(
            label=_("Gebietsebene"),
            choices=_choices(_("Bitte wählen"), [(level, level) for level in levels]),
            help_text=_("Auf welcher Ebene werden die Gebiete verglichen?"),
        )
        for name in ("boundary_1", "boundary_2", "boundary_3"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True
            self.fields[name].widget.input_type = "text"
            self.fields[name].widget.attrs["inputmode"] = "decimal"
        weights = {}
        if self.instance.pk:
            weights = {c.indicator_id: c.weight for c in self.instance.components.all()}
        self.weight_fields = []
        self.undirected = []
        for indicator in indicator_list(municipality=municipality):
            if indicator.higher_means_more_need is None:
                self.undirected.append(indicator)
                continue
            name = f"weight_{indicator.pk}"
            direction = (
                _("höherer Wert = mehr Bedarf")
                if indicator.higher_means_more_need
                else _("niedrigerer Wert = mehr Bedarf")
            )
            self.fields[name] = forms.DecimalField(
                label=indicator.name,
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
                localize=True,
                initial=weights.get(indicator.pk),
                help_text=direction,
            )
            self.fields[name].widget.input_type = "text"
            self.fields[name].widget.attrs["inputmode"] = "decimal"
            self.weight_fields.append(name)

    def weight_boundfields(self):
        return [self[name] for name in self.weight_fields]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in self.weight_fields):
            raise forms.ValidationError(
                _("Bitte geben Sie mindestens einem Indikator ein Gewicht größer als 0.")
            )
        return cleaned

    def weights(self) -> dict[int, float]:
        return {
            int(name.removeprefix("weight_")): float(self.cleaned_data[name])
            for name in self.weight_fields
            if self.cleaned_data.get(name)
        }


class MapForm(forms.Form):
    ebene = forms.ChoiceField(label=_("Gebietsebene"), required=False)
    jahr = forms.TypedChoiceField(label=_("Jahr"), required=False, coerce=int)
    innerhalb = forms.TypedChoiceField(label=_("innerhalb von"), required=False, coerce=int)

    def __init__(self, *args, levels, years=(), parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ebene"].choices = [(level, level) for level in levels]
        self.fields["jahr"].choices = _choices(_("jüngstes Jahr"), [(y, y) for y in years])
        self.fields["innerhalb"].choices = _choices(
            _("ganze Kommune"), [(a.pk, f"{a.name} ({a.level})") for a in parents]
        )


class CentreFiguresForm(VersionedFormMixin, forms.Form):
    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance  # the year's figures as loaded (for the edit version)
        super().__init__(*args, **kwargs)
        for figure in FIGURES:
            self.fields[figure.key] = forms.IntegerField(
                label=figure.label,
                required=False,
                min_value=0,
                max_value=1_000_000,
                initial=getattr(instance, figure.key, None),
            )
            self.fields[figure.key].widget.attrs["inputmode"] = "numeric"


class NewYearForm(forms.Form):
    year = forms.IntegerField(label=_("Jahr"), min_value=2000, max_value=2100)


class NeedForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Need
        fields = NEED_FIELDS
        field_classes = {"area": AreaSearchField, **TERM_FIELD_CLASSES}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, municipality, centre, can_decide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.instance.centre = centre
        own = Area.objects.filter(municipality=municipality, centres=centre)
        self.fields["area"].queryset = (
            own if own.exists() else Area.objects.filter(municipality=municipality)
        ).order_by("name")
        declare_choices(self, area=area_perms.view_area)
        self.fields["area"].empty_label = _("kein bestimmter Sozialraum")
        _term_fields(self, municipality)
        statuses = list(NeedStatus.choices)
        if not can_decide:
            # Staff report needs; the coordinator confirms or rejects them.
            keep = {NeedStatus.OPEN, self.instance.status}
            statuses = [(v, label) for v, label in statuses if v in keep]
        self.fields["status"].choices = statuses


class EvidenceForm(forms.Form):
    """One piece of evidence: free feedback, or a link to an indicator value of the need's
    Sozialraum, a figure of the centre or an observation from one of the centre's walks."""

    kind = forms.ChoiceField(label=_("Art des Belegs"), choices=EvidenceKind.choices)
    indicator = forms.TypedChoiceField(
        label=_("Indikator im Sozialraum"), required=False, coerce=int
    )
    figure = forms.ChoiceField(label=_("Kennzahl des Zentrums"), required=False)
    observation = forms.TypedChoiceField(
        label=_("Beobachtung bei einer Begehung"), required=False, coerce=int
    )
    text = forms.CharField(
        label=_("Rückmeldung oder Anmerkung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=_("Bei einer Rückmeldung Pflicht, sonst eine optionale Anmerkung."),
    )
    source = forms.CharField(
        label=_("Quelle"),
        required=False,
        max_length=200,
        help_text=_("z. B. Elterncafé am 12.03., Gespräch mit der Kita-Leitung"),
    )

    def __init__(self, *args, need, **kwargs):
        super().__init__(*args, **kwargs)
        from verbund.areas.models import Observation
        from verbund.statistics.models import IndicatorValue, ValueStatus

        self.need = need
        indicators = []
        if need.area_id:
            indicators = (
                IndicatorValue.objects.filter(
                    municipality_id=need.municipality_id,
                    area_id=need.area_id,
                    status=ValueStatus.OK,
                )
                .values_list("indicator_id", "indicator__name")
                .distinct()
                .order_by("indicator__name")
            )
        self.fields["indicator"].choices = _choices(_("Bitte wählen"), list(indicators))
        self.fields["figure"].choices = _choices(
            _("Bitte wählen"), [(f.key, f.label) for f in FIGURES]
        )
        self.observations = {
            o.pk: o
            for o in Observation.objects.filter(
                municipality_id=need.municipality_id, walk__centre_id=need.centre_id
            )
            .select_related("walk")
            .order_by("-walk__date", "-pk")[:200]
        }
        self.fields["observation"].choices = _choices(
            _("Bitte wählen"),
            [
                (pk, f"{o.walk.date:%d.%m.%Y} – {o.walk.title}: {o.note[:80]}")
                for pk, o in self.observations.items()
            ],
        )
        # Each of these is needed for one kind only: say which, instead of "optional".
        for name, kind in (
            ("indicator", EvidenceKind.INDICATOR),
            ("figure", EvidenceKind.FIGURE),
            ("observation", EvidenceKind.OBSERVATION),
        ):
            self.fields[name].not_optional = True
            self.fields[name].help_text = _("Nur nötig bei der Art „%(kind)s“.") % {
                "kind": kind.label
            }
        if not self.observations:
            self.fields["kind"].choices = [
                c for c in EvidenceKind.choices if c[0] != EvidenceKind.OBSERVATION
            ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        required = {
            EvidenceKind.FEEDBACK: ("text", _("Bitte schreiben Sie die Rückmeldung auf.")),
            EvidenceKind.INDICATOR: ("indicator", _("Bitte wählen Sie einen Indikator.")),
            EvidenceKind.FIGURE: ("figure", _("Bitte wählen Sie eine Kennzahl.")),
            EvidenceKind.OBSERVATION: ("observation", _("Bitte wählen Sie eine Beobachtung.")),
        }
        if kind in required:
            name, message = required[kind]
            if not cleaned.get(name):
                self.add_error(name, message)
        if kind == EvidenceKind.OBSERVATION and cleaned.get("observation"):
            cleaned["observation_obj"] = self.observations.get(cleaned["observation"])
        return cleaned


class NeedFilterForm(forms.Form):
    # A search field: a select of 300 centres cost the need list most of its time (issue 17).
    centre = CentreSearchField(
        FamilyCentre.objects.none(), label=_("Familienzentrum"), required=False
    )
    area = AreaSearchField(
        Area.objects.none(),
        label=_("Sozialraum"),
        required=False,
        empty_label=_("alle Sozialräume"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    life_phase = forms.ChoiceField(label=_("Lebensphase"), required=False)
    topic = forms.ChoiceField(label=_("Thema"), required=False)
    target_group = forms.ChoiceField(label=_("Zielgruppe"), required=False)
    priority = forms.ChoiceField(label=_("Priorität"), required=False)

    def __init__(self, *args, centres, areas, municipality, **kwargs):
        """``centres``: those the need list reaches (a queryset, already narrowed)."""
        super().__init__(*args, **kwargs)
        field = self.fields["centre"]
        field.queryset = centres
        field.empty_label = field.widget.empty_label = _("alle Familienzentren")
        set_search_url(field, CentreSearchField.search_url_name, municipality)
        self.fields["area"].queryset = areas
        declare_choices(self, centre=perms.view_needs, area=area_perms.view_area)
        self.fields["status"].choices = _choices(_("alle außer verworfen"), NeedStatus.choices)
        # Filtered by the terms' stable keys (?life_phase=0-1), one query for the three lists.
        by_vocabulary: dict[str, list] = {name: [] for name in TERM_FIELDS}
        rows = terms(municipality=municipality).filter(vocabulary__in=TERM_FIELDS)
        for vocabulary, key, label in rows.values_list("vocabulary", "key", "label"):
            by_vocabulary[vocabulary].append((key, label))
        for name in TERM_FIELDS:
            self.fields[name].choices = _choices(_("alle"), by_vocabulary[name])
        self.fields["priority"].choices = _choices(_("alle"), Priority.choices)

    def to_filter(self) -> NeedFilter:
        if not self.is_valid():
            return NeedFilter()
        data = self.cleaned_data
        return NeedFilter(
            centre_id=data["centre"].pk if data["centre"] else None,
            area_id=data["area"].pk if data["area"] else None,
            status=data["status"],
            life_phase=data["life_phase"],
            topic=data["topic"],
            target_group=data["target_group"],
            priority=data["priority"],
        )


class NeedRuleForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = NeedRule
        fields = RULE_FIELDS
        field_classes = {"indicator": SafeModelChoiceField, **TERM_FIELD_CLASSES}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["indicator"].queryset = indicator_list(municipality=municipality)
        self.fields["indicator"].empty_label = _("kein Indikator")
        self.fields["figure"].choices = _choices(
            _("keine Kennzahl"), [(f.key, f.label) for f in FIGURES if f.base]
        )
        self.fields["threshold"].localize = True
        self.fields["threshold"].widget.is_localized = True
        self.fields["threshold"].widget.input_type = "text"
        self.fields["threshold"].widget.attrs["inputmode"] = "decimal"
        _term_fields(self, municipality)
        if not self.instance.pk:
            # Most rules concern families of every age: preselect (one query, both terms).
            defaults = dict(
                terms(municipality=municipality)
                .filter(vocabulary__in=("life_phase", "target_group"), key__in=("all", "families"))
                .values_list("vocabulary", "pk")
            )
            for name in ("life_phase", "target_group"):
                self.initial.setdefault(name, defaults.get(name))


__all__ = ["IndexMethod"]
