"""The ``floatformat`` filter gives what Django's gives, in every template and language."""

from decimal import Decimal

import pytest
from django.template import engines
from django.template.defaultfilters import floatformat as django_floatformat
from django.test import override_settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from verbund.core.templatetags import fast_floatformat
from verbund.core.templatetags.fast_floatformat import floatformat

LANGUAGES = ["de", "en", "tr", "ar", "uk", "ru"]
ARGS = st.one_of(
    st.integers(min_value=-6, max_value=6),
    st.sampled_from(["2", "-2", "0", "4", "g", "2g", "u", "3u", "2gu", "-3ug", "x", "1.5", ""]),
)
values = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(0, 8).flatmap(
        lambda places: st.decimals(allow_nan=False, allow_infinity=False, places=places)
    ),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [0.0, -0.0, 0.125, 2.675, -0.004, 1e-7, 1e16, 12345.5, Decimal("-0"), Decimal("1E+3")]
    ),
    st.sampled_from(["", "abc", "1,5", "12.5", "-0.005", "inf", " 3 ", "1e3", "nan"]),
    st.none(),
    st.booleans(),
)


def outcome(function, value, arg):
    try:
        result = function(value, arg)
    except Exception as error:  # Django raises for some arguments; so must we
        return type(error)
    return (result, isinstance(result, SafeString))


@settings(max_examples=600, deadline=None)
@given(value=values, arg=ARGS, language=st.sampled_from(LANGUAGES))
def test_the_filter_gives_what_django_gives_also_from_the_memo(value, arg, language):
    with translation.override(language):
        expected = outcome(django_floatformat, value, arg)
        assert outcome(floatformat, value, arg) == expected
        assert outcome(floatformat, value, arg) == expected  # kept


def test_the_same_value_in_another_language_is_formatted_anew():
    with translation.override("de"):
        assert floatformat(1234.5, 2) == "1234,50"
    with translation.override("en"):
        assert floatformat(1234.5, 2) == "1234.50"
    with translation.override("de"):
        assert floatformat(1234.5, "2g") == "1.234,50"


def test_a_settings_change_empties_the_memo():
    with translation.override("de"):
        assert floatformat(1234567.5, 1) == "1234567,5"
        with override_settings(USE_THOUSAND_SEPARATOR=True):
            assert floatformat(1234567.5, 1) == django_floatformat(1234567.5, 1)
            assert floatformat(1234567.5, 1) == "1.234.567,5"
        assert floatformat(1234567.5, 1) == "1234567,5"


def test_other_values_go_to_django_every_time():
    lazy_number = lazy(lambda: "2.5", str)()
    fast_floatformat._memo.clear()
    for value in (None, True, lazy_number, [1], object()):
        assert outcome(floatformat, value, 1) == outcome(django_floatformat, value, 1)
    assert fast_floatformat._memo == {}
    assert outcome(floatformat, 2.5, [1]) == outcome(django_floatformat, 2.5, [1])


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(fast_floatformat, "MAX_ENTRIES", 10)
    fast_floatformat._memo.clear()
    for number in range(25):
        assert floatformat(number + 0.5, 1) == django_floatformat(number + 0.5, 1)
        assert len(fast_floatformat._memo) <= 10


@pytest.mark.parametrize("language", LANGUAGES)
def test_templates_use_it(language, monkeypatch):
    calls = []
    monkeypatch.setattr(
        fast_floatformat, "django_floatformat", lambda *a: calls.append(a) or "gezählt"
    )
    fast_floatformat._memo.clear()
    template = engines["django"].from_string("{{ x|floatformat:2 }} {{ x|floatformat:2 }}")
    with translation.override(language):
        assert template.render({"x": 3.14159}) == "gezählt gezählt"
    assert calls == [(3.14159, 2)]
