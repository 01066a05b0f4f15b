"""The ``date`` filter gives what Django's gives, in every template."""

import datetime
import zoneinfo

from django.template import engines
from django.template.defaultfilters import date as django_date
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from verbund.core.templatetags.fast_date import date

FORMATS = ["d.m.Y", "d.m.Y H:i", "j.n.Y", "l, d.m.Y", "m.Y", None, ""]
values = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1)),
    st.datetimes(min_value=datetime.datetime(2, 1, 1)),
    st.datetimes(
        min_value=datetime.datetime(1900, 1, 1),
        max_value=datetime.datetime(2200, 1, 1),
        timezones=st.just(zoneinfo.ZoneInfo("Europe/Berlin")),
    ),
    st.none(),
    st.just(""),
    st.text(max_size=5),
)


@settings(max_examples=400, deadline=None)
@given(value=values, fmt=st.sampled_from(FORMATS))
def test_the_filter_gives_what_django_gives(value, fmt):
    assert outcome(date, value, fmt) == outcome(django_date, value, fmt)


def outcome(function, *args):
    try:
        return function(*args)
    except TypeError as error:  # a date with a time format: Django refuses, so do we
        return type(error)


def test_templates_use_it_with_local_time():
    template = engines["django"].from_string('{{ when|date:"d.m.Y H:i" }}|{{ day|date:"d.m.Y" }}')
    when = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)  # 00:30 in Berlin
    rendered = template.render({"when": when, "day": datetime.date(2026, 3, 5)})
    assert rendered == "01.01.2027 00:30|05.03.2026"
    local = timezone.localtime(when)
    assert rendered.split("|")[0] == django_date(local, "d.m.Y H:i")
