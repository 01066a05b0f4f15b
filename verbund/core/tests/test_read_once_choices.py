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


def test_rows_read_before_are_listed_without_a_query_and_posted_values_still_checked():
    from django import forms

    from verbund.core.choices import ReadOnceChoices

    groups = [Group.objects.create(name=f"Gruppe {n}") for n in range(3)]
    read = []

    def rows():
        read.append(1)
        return groups[:2]

    made = forms.ModelChoiceField(queryset=Group.objects.none(), empty_label=None)
    made.iterator = ReadOnceChoices
    made.queryset = Group.objects.filter(pk__in=[g.pk for g in groups[:2]]).order_by("name")
    made.choice_rows = rows
    with CaptureQueriesContext(connection) as captured:
        listed = [label for _value, label in made.choices]
        assert [label for _value, label in made.widget.choices] == listed
        assert len(made.choices) == 2 and made.choices
    assert listed == ["Gruppe 0", "Gruppe 1"]
    assert len(captured) == 0 and read == [1]
    assert made.clean(str(groups[0].pk)) == groups[0]
    with pytest.raises(forms.ValidationError):
        made.clean(str(groups[2].pk))  # not among the queryset's rows
