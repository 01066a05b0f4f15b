"""Say what to do, field by field: Django's "Dieses Feld ist zwingend erforderlich." becomes
"Bitte geben Sie „Name“ an." / "Bitte wählen Sie „Art“ aus." for every form of the project.

Installed once from ``CoreConfig.ready()``; a field with its own ``required`` message keeps it.
The message is built when shown, so labels changed in a form's ``__init__`` count."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as _

_DEFAULT = forms.Field.default_error_messages["required"]
_installed = False


def required_message(field: forms.Field) -> str:
    label = str(field.label or "").strip().rstrip(":") or _("dieses Feld")
    widget = field.widget
    if isinstance(field, forms.FileField):
        return _("Bitte wählen Sie eine Datei für „%(label)s“.") % {"label": label}
    if isinstance(widget, forms.CheckboxInput):
        return _("Bitte bestätigen Sie „%(label)s“.") % {"label": label}
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) or isinstance(
        widget, forms.Select | forms.RadioSelect | forms.CheckboxSelectMultiple
    ):
        return _("Bitte wählen Sie „%(label)s“ aus.") % {"label": label}
    if isinstance(field, forms.DateField):
        return _("Bitte geben Sie „%(label)s“ als Datum an, z. B. 31.12.2026.") % {"label": label}
    return _("Bitte geben Sie „%(label)s“ an.") % {"label": label}


_lazy_message = lazy(required_message, str)


def apply(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if str(field.error_messages.get("required", "")) == str(_DEFAULT):
            field.error_messages["required"] = _lazy_message(field)


def install() -> None:
    global _installed
    if _installed:
        return
    original = forms.BaseForm.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        apply(self)

    forms.BaseForm.__init__ = __init__
    _installed = True
