"""``get_<field>_display()`` from a dict built once per field answers as Django's own does."""

from django.db import models
from django.utils import translation

from verbund.core.choice_display import choice_labels
from verbund.offers.models import Offer
from verbund.tenancy.models import Facility


def test_every_choice_and_an_unknown_value_read_as_djangos_own():
    for model, name in ((Facility, "kind"), (Offer, "status"), (Offer, "format")):
        field = model._meta.get_field(name)
        assert choice_labels(field) is not None
        for value in [*(value for value, _label in field.flatchoices), "gibt-es-nicht", None]:
            row = model(**{field.attname: value})
            for language in ("de", "en"):
                with translation.override(language):
                    expected = models.Model._get_FIELD_display(row, field)
                    assert getattr(row, f"get_{name}_display")() == expected


def test_callable_choices_keep_djangos_way():
    field = models.CharField(choices=lambda: [("a", "A")])
    assert choice_labels(field) is None
