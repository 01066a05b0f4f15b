"""A short list of choices read by one plain query (``core.choices.ReadOnceChoices``)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_read_once_choices_list_the_same_options_from_one_query():
    from django import forms

    from verbund.core.choices import ReadOnceChoices

    for n in range(3):
        Group.objects.create(name=f"Gruppe {n}")

    def field(read_once: bool):
        made = forms.ModelChoiceField(queryset=Group.objects.none(), empty_label="Bitte wählen")
        if read_once:
            made.iterator = ReadOnceChoices
        made.queryset = Group.objects.order_by("name")
        return made

    expected = [(str(value), label) for value, label in field(False).choices]
    once = field(True)
    with CaptureQueriesContext(connection) as captured:
        assert [(str(value), label) for value, label in once.choices] == expected
        assert [(str(value), label) for value, label in once.widget.choices] == expected
    assert len(captured) == 1
    assert expected[0] == ("", "Bitte wählen") and len(expected) == 4
