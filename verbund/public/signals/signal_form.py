"""The public "Was fehlt Ihnen?" form. Its choices are public data of the municipality
(active topics, life phases, areas and centres), the same for every visitor; no access rule
narrows them. Nothing personal is asked for."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from verbund.analysis.signals_models import SIGNAL_TEXT_MAX
from verbund.areas.models import Area
from verbund.core.search_choice import SearchChoiceField
from verbund.taxonomy.models import Term
from verbund.tenancy.models import FamilyCentre

from .tokens import HONEYPOT_FIELD, TOKEN_FIELD

# Plain words for the default terms (the municipality's own labels are shown for others).
AGE_LABELS = {
    "pregnancy": _("Wir erwarten ein Kind"),
    "0-1": _("unter 1 Jahr"),
    "1-3": _("1 bis 3 Jahre"),
    "3-6": _("3 bis 6 Jahre"),
    "6-10": _("6 bis 10 Jahre"),
    "10-16": _("10 bis 16 Jahre"),
    "16-21": _("16 bis 21 Jahre"),
}
TOPIC_LABELS = {
    "education": _("Bildung und Sprache"),
    "health": _("Gesundheit und Bewegung"),
    "parenting": _("Erziehung und Beratung für Eltern"),
    "childcare": _("Betreuung für Kinder"),
    "poverty": _("Geld und Hilfe im Alltag"),
    "participation": _("Freizeit und Mitmachen"),
    "transitions": _("Übergänge: Kita, Schule, Beruf"),
    "work_life": _("Familie und Arbeit"),
    "integration": _("Ankommen und Integration"),
}


class TermChoiceField(forms.ModelChoiceField):
    labels: dict = {}

    def label_from_instance(self, obj):
        return self.labels.get(obj.key, obj.label)


class TopicField(TermChoiceField):
    labels = TOPIC_LABELS


class AgeField(TermChoiceField):
    labels = AGE_LABELS


class AreaField(SearchChoiceField):
    pass


class NeedSignalForm(forms.Form):
    topic = TopicField(
        queryset=Term.objects.none(),
        label=_("Zu welchem Thema?"),
        required=False,
        empty_label=_("bitte wählen"),
    )
    life_phase = AgeField(
        queryset=Term.objects.none(),
        label=_("Wie alt ist Ihr Kind?"),
        required=False,
        empty_label=_("bitte wählen"),
    )
    centre = forms.ModelChoiceField(
        queryset=FamilyCentre.objects.none(),
        label=_("Familienzentrum"),
        required=False,
        empty_label=_("kein bestimmtes"),
    )
    area = AreaField(
        Area.objects.none(),
        label=_("Wo wohnen Sie? (Stadtteil)"),
        required=False,
        empty_label=_("kein bestimmter Stadtteil"),
    )
    text = forms.CharField(
        label=_("Was fehlt Ihnen?"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": SIGNAL_TEXT_MAX}),
        max_length=SIGNAL_TEXT_MAX,
        help_text=_(
            "Bitte schreiben Sie keine Namen, Adressen oder Telefonnummern. "
            "Höchstens 1.000 Zeichen."
        ),
        error_messages={
            "required": _("Bitte schreiben Sie kurz, was Ihnen fehlt."),
            "max_length": _(
                "Bitte kürzer: höchstens %(limit_value)d Zeichen (jetzt %(show_value)d)."
            ),
        },
    )
    # Filled only by programs: people do not see it (hidden by CSS, not by JavaScript).
    website = forms.CharField(label=_("Bitte leer lassen"), required=False)
    formular = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Term.objects.filter(
            municipality=municipality, vocabulary="topic", active=True
        ).order_by("position", "id")
        self.fields["life_phase"].queryset = (
            Term.objects.filter(municipality=municipality, vocabulary="life_phase", active=True)
            .exclude(key="all")
            .order_by("position", "id")
        )
        self.fields["centre"].queryset = FamilyCentre.objects.filter(
            municipality=municipality
        ).order_by("name")
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality).order_by(
            "name"
        )
        for name in ("topic", "life_phase", "centre", "area"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Diese Auswahl gibt es hier nicht. Bitte wählen Sie aus der Liste."
            )

    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def token(self) -> str:
        return self.data.get(TOKEN_FIELD, "")

    def signal_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("centre", "area", "topic", "life_phase", "text")
        }


def decorate(form: forms.Form) -> forms.Form:
    """KERN classes and the ARIA links of hint and error on each visible field's widget."""
    errors = form.errors if form.is_bound else {}
    form.select_fields = set()
    for name, field in form.fields.items():
        if name in (HONEYPOT_FIELD, TOKEN_FIELD):
            continue
        widget = field.widget
        kind = getattr(widget, "input_type", "")
        is_small = getattr(widget, "is_small", None)
        select = kind == "select" or (is_small is not None and is_small())
        if select:
            form.select_fields.add(name)
        base = "kern-form-input__select" if select else "kern-form-input__input"
        bound = form[name]
        described = []
        if field.help_text:
            described.append(f"{bound.auto_id}-hint")
        classes = [base]
        if name in errors:
            described.append(f"{bound.auto_id}-error")
            classes.append(f"{base}--error")
            widget.attrs["aria-invalid"] = "true"
        widget.attrs["class"] = " ".join(classes)
        if described:
            widget.attrs["aria-describedby"] = " ".join(described)
    return form
