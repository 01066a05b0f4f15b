"""The form renderer (``FORM_RENDERER``): Django's, with selects and inputs built in Python.

Django renders every widget from templates, a select with one template include per option
and another per option's attributes. The filter bars above the lists spent a tenth of a list
page's time there (issue 17). For Django's own select and input templates this renderer
builds the same HTML directly; every other template, and any value it is not sure to render
exactly as the template would, goes to the templates as before. ``test_form_renderer``
compares both on generated widgets.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
SELECT = WIDGETS + "select.html"
OPTION = WIDGETS + "select_option.html"
# Each of these is just ``{% include "django/forms/widgets/input.html" %}`` in Django.
INPUTS = frozenset(
    WIDGETS + name
    for name in (
        "input.html",
        "text.html",
        "number.html",
        "email.html",
        "url.html",
        "password.html",
        "hidden.html",
        "date.html",
        "time.html",
        "datetime.html",
        "search.html",
        "tel.html",
        "checkbox.html",
        "color.html",
    )
)


class NotPlain(Exception):
    """A value the templates would localise or format: let them."""


def _text(value) -> str:
    # ``{{ value }}``: strings only (numbers and dates would be localised).
    if isinstance(value, str | Promise):
        return conditional_escape(value)
    raise NotPlain


def _formatted(value) -> str:
    # ``{{ value|stringformat:'s' }}``: "%s" % value, kept as safe when it was.
    if isinstance(value, tuple):
        raise NotPlain
    return conditional_escape(value)


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                raise NotPlain
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        build = _select if template_name == SELECT else _input if template_name in INPUTS else None
        if build is not None:
            try:
                return mark_safe(build(context["widget"]).strip())  # noqa: S308 (escaped above)
            except (NotPlain, KeyError):
                pass
        return super().render(template_name, context, request=request)


class ChoiceOption:
    """One checkbox of a group, as much of Django's ``BoundWidget`` as a template reads."""

    __slots__ = ("choice_label", "data", "id_for_label")

    def __init__(self, value, selected: bool, id_for_label, label):
        self.data = {"value": value, "selected": selected}
        self.id_for_label = id_for_label
        self.choice_label = label


def fast_choice_options(field) -> list:
    """The options of a ``CheckboxSelectMultiple`` field: value, selected, id and label the
    way ``ChoiceWidget.optgroups`` and ``create_option`` make them. Grouped choices, other
    widgets and widgets that change how options are made get Django's own subwidgets."""
    from django.forms import CheckboxSelectMultiple

    widget = field.field.widget
    choices = widget.choices  # (a model field's iterator, a query, stays with Django's)
    if (
        type(widget) is not CheckboxSelectMultiple
        or not isinstance(choices, (list, tuple))
        or any(isinstance(label, (list, tuple)) for _, label in choices)
        or not all(isinstance(value, (str, int)) for value, _ in choices)
    ):
        return list(field)
    id_ = widget.attrs.get("id") or field.auto_id
    chosen = set(widget.format_value(field.value()))
    return [
        ChoiceOption(value, str(value) in chosen, f"{id_}_{index}" if id_ else None, label)
        for index, (value, label) in enumerate(choices)
    ]
