"""``{% date_and_times %}`` writes what the ``date`` and ``time`` filters wrote before."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

FILTERS = Template(
    "{% load i18n %}<time datetime=\"{{ start|date:'Y-m-d\\TH:i' }}\">"
    '{{ start|date:"D, d.m.Y" }}, {{ start|time:"H:i" }}–{{ end|time:"H:i" }} '
    '{% translate "Uhr" %}</time>'
)
TAG = Template("{% load offer_schedules %}{% date_and_times start end %}")

STARTS = [
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # the night clocks go forward in Germany
    datetime(2026, 10, 25, 0, 59, tzinfo=UTC),  # and back
    datetime(2026, 12, 31, 23, 15, tzinfo=UTC),  # another day and year in Berlin
    datetime(2027, 1, 4, 9, 5),  # naive: shown as it is
]


@pytest.mark.parametrize("language", ["de", "en", "tr"])
@pytest.mark.parametrize("start", STARTS)
def test_the_tag_writes_what_the_filters_wrote(start, language):
    context = {"start": start, "end": start + timedelta(minutes=95)}
    with translation.override(language):
        assert TAG.render(Context(context)) == FILTERS.render(Context(context))
