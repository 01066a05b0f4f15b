"""Render form fields in the KERN design system, with errors wired up for screen readers."""

from django import forms, template

from verbund.core.form_renderer import fast_choice_options

register = template.Library()


def _kind(widget: forms.Widget) -> str:
    if hasattr(widget, "kern_kind"):  # widgets that render as a select or an input by size
        return widget.kern_kind
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.inclusion_tag("components/field.html")
def kern_field(field: forms.BoundField, show_when: str = ""):
    """``show_when="kind=indicator"``: with JavaScript, the field shows only while the field
    ``kind`` has that value (``js/verbund.js``); without, it stays visible with its hint."""
    kind = _kind(field.field.widget)
    base = {
        "checkbox": "kern-form-check__checkbox",
        "select": "kern-form-input__select",
        "textarea": "kern-form-input__input",
        "input": "kern-form-input__input",
    }[kind]
    classes = [base]
    described_by = []
    hint_id = f"{field.auto_id}-hint"
    error_id = f"{field.auto_id}-error"
    if field.help_text:
        described_by.append(hint_id)
    attrs = {}
    if field.errors:
        classes.append(f"{base}--error")
        described_by.append(error_id)
        attrs["aria-invalid"] = "true"
    attrs["class"] = " ".join(classes)
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return {
        "field": field,
        "mark_optional": not field.field.required
        and getattr(field.form, "mark_optional", True)
        and not getattr(field.field, "not_optional", False),
        "kind": kind,
        "widget": field.as_widget(attrs=attrs),
        "hint_id": hint_id,
        "error_id": error_id,
        "show_when": show_when.partition("="),
    }


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def query_page(context, param: str, number: int):
    """The current query string with the page parameter ``param`` set to ``number``."""
    return query_with(context, **{param: number})


@register.filter
def choice_options(field: forms.BoundField) -> list:
    """``{% for choice in field|choice_options %}``: what ``{% for choice in field %}`` gives a
    template (``choice.data.value``, ``.data.selected``, ``.id_for_label``, ``.choice_label``)
    for a checkbox group, without building a widget per option (a filter bar has 80)."""
    return fast_choice_options(field)
