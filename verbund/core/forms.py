from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError

from .audit import VERSION_FIELD, StaleEdit, edit_version


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError at the fields it names (or above the form).

    A refused stale edit (``StaleEdit``) keeps the person's input and moves the form's version
    to the state now stored, so saving again (after reading what changed) takes their input.
    """
    if isinstance(error, StaleEdit) and VERSION_FIELD in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix(VERSION_FIELD)] = error.version
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


class VersionedFormMixin:
    """An edit form carries the version of the row it was loaded at (a hidden ``edit_version``).

    The services pass ``cleaned_data`` to ``save_changes``, which refuses the save when one of
    the form's fields was changed by someone else in the meantime (``StaleEdit``); render the
    field with ``{% include "components/edit_version.html" %}``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            return
        self.fields[VERSION_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=20000
        )
        # Computed when rendered, after a subclass has removed fields it does not show.
        self.initial[VERSION_FIELD] = lambda: edit_version(
            instance, self.versioned_fields(), state=self.version_state()
        )

    def version_state(self) -> dict:
        """Values beyond the row that the form edits (the service's ``state``, same keys)."""
        return {}

    def versioned_fields(self) -> list[str]:
        model = type(self.instance)
        names = []
        for name in self.fields:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.concrete or field.many_to_many:
                names.append(name)
        return names
