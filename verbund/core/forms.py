from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError at the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.error_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        form.add_error(None, error)


class HttpsURLField(forms.URLField):
    """A web address typed without a scheme means https (Django 6's default, today)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)
