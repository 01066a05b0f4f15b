"""The fast widget renderer gives byte for byte what Django's widget templates give."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from verbund.core.form_renderer import FastWidgetRenderer

TEMPLATES = DjangoTemplates()
FAST = FastWidgetRenderer()

text = st.text(alphabet="ab<>&\"' äß1-", max_size=8)
plain_values = st.one_of(
    st.none(),
    text,
    st.integers(-5, 100000),
    text.map(mark_safe),
    st.just(""),
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2030, 1, 1)),
    st.decimals(min_value=-100, max_value=100000, places=2, allow_nan=False),
)
attr_values = st.one_of(st.booleans(), text, st.integers(0, 5000), text.map(mark_safe))
attrs = st.dictionaries(
    st.sampled_from(["id", "class", "maxlength", "required", "aria-x"]), attr_values, max_size=4
)
labels = st.one_of(text, st.integers(1990, 2030), text.map(mark_safe))
choices = st.lists(st.tuples(st.one_of(text, st.integers(0, 3000)), labels), max_size=6)
groups = st.lists(st.tuples(st.one_of(text, st.just("")), choices), max_size=3)


def both(widget, name, value, widget_attrs):
    return (
        widget.render(name, value, attrs=widget_attrs, renderer=TEMPLATES),
        widget.render(name, value, attrs=widget_attrs, renderer=FAST),
    )


def test_the_project_uses_it():
    assert isinstance(get_default_renderer(), FastWidgetRenderer)


@settings(max_examples=300, deadline=None)
@given(name=text, options=choices, value=plain_values, widget_attrs=attrs, multiple=st.booleans())
def test_selects(name, options, value, widget_attrs, multiple):
    widget = forms.SelectMultiple(choices=options) if multiple else forms.Select(choices=options)
    if multiple and value is not None:
        value = [value]
    templated, fast = both(widget, name, value, widget_attrs)
    assert fast == templated


@settings(max_examples=200, deadline=None)
@given(name=text, grouped=groups, value=plain_values, widget_attrs=attrs)
def test_selects_with_groups(name, grouped, value, widget_attrs):
    options = [
        (group, inner) if group else (inner[0] if inner else ("x", "y")) for group, inner in grouped
    ]
    widget = forms.Select(choices=options)
    templated, fast = both(widget, name, value, widget_attrs)
    assert fast == templated


@pytest.mark.parametrize(
    "widget",
    [
        forms.TextInput(),
        forms.NumberInput(),
        forms.EmailInput(),
        forms.URLInput(),
        forms.PasswordInput(render_value=True),
        forms.HiddenInput(),
        forms.DateInput(),
        forms.TimeInput(),
        forms.DateTimeInput(),
        forms.CheckboxInput(),
        forms.Textarea(),
        forms.RadioSelect(choices=[("a", "A"), ("b", "B")]),
        forms.NullBooleanSelect(),
    ],
    ids=lambda widget: type(widget).__name__,
)
@settings(max_examples=60, deadline=None)
@given(name=text, value=plain_values, widget_attrs=attrs)
def test_inputs_and_everything_else(widget, name, value, widget_attrs):
    templated, fast = both(widget, name, value, widget_attrs)
    assert fast == templated


def test_a_real_filter_form_renders_the_same():
    class Filter(forms.Form):
        q = forms.CharField(required=False, max_length=100)
        kind = forms.ChoiceField(choices=[("", "alle"), ("kita", "Kita & Hort"), (3, "<drei>")])
        year = forms.TypedChoiceField(choices=[(2024, 2024), (2025, 2025)], coerce=int)
        done = forms.BooleanField(required=False)

    data = {"q": 'a"b', "kind": "kita", "year": "2025", "done": "on"}
    fast, templated = Filter(data=data, renderer=FAST), Filter(data=data, renderer=TEMPLATES)
    assert fast.is_valid() and templated.is_valid()
    for name in Filter.base_fields:
        assert fast[name].as_widget() == templated[name].as_widget()
    assert str(fast) == str(templated)


OPTION_TEMPLATE = (
    "{% for choice in options %}[{{ choice.data.value }}|{{ choice.data.selected }}|"
    "{{ choice.id_for_label }}|{{ choice.choice_label }}]{% empty %}-{% endfor %}"
)


@settings(max_examples=300, deadline=None)
@given(
    options=choices,
    grouped=groups,
    use_groups=st.booleans(),
    data=st.one_of(st.none(), st.lists(st.one_of(text, st.integers(0, 3000)), max_size=3)),
    initial=st.one_of(st.none(), st.lists(st.one_of(text, st.integers(0, 3000)), max_size=3)),
    auto_id=st.sampled_from(["id_%s", "", "f-%s"]),
    widget_id=st.one_of(st.none(), text),
)
def test_checkbox_options_are_djangos(
    options, grouped, use_groups, data, initial, auto_id, widget_id
):
    from django.template import engines

    from verbund.core.form_renderer import fast_choice_options

    widget = forms.CheckboxSelectMultiple(attrs={"id": widget_id} if widget_id else None)

    class Checks(forms.Form):
        pick = forms.MultipleChoiceField(
            choices=grouped if use_groups else options, required=False, widget=widget
        )

    form_data = None if data is None else {"pick": [str(value) for value in data]}
    form = Checks(form_data, initial={"pick": initial}, auto_id=auto_id)
    template = engines["django"].from_string(OPTION_TEMPLATE)
    field = form["pick"]
    assert template.render({"options": fast_choice_options(field)}) == template.render(
        {"options": list(field)}
    )


def test_the_offer_filters_use_the_fast_options():
    from django.template import engines

    source = engines["django"].get_template("offers/includes/filter_checks.html").template.source
    assert "field|choice_options" in source
