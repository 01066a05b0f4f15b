"""``fast_reverse`` and ``{% url %}`` give exactly what ``reverse()`` gives, for every URL."""

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    path,
    register_converter,
    reverse,
)
from django.urls.converters import IntConverter
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from verbund.core.url_templates import _templates, clear_url_templates, fast_reverse


def named_patterns(resolver=None, namespace=""):
    """(view name, converters in order) for every named pattern of the project."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", list(pattern.pattern.converters.values())


def outcome(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except NoReverseMatch:
        return NoReverseMatch


ALL = sorted(
    {(name, tuple(type(c).__name__ for c in converters)) for name, converters in named_patterns()}
)


@pytest.fixture(autouse=True)
def fresh():
    clear_url_templates()
    yield
    clear_url_templates()


def test_the_project_has_patterns_to_check():
    assert len(ALL) > 300


@pytest.mark.parametrize("prefix_args", [("heimat",), ("gross-1",)])
def test_every_named_pattern_reverses_the_same(prefix_args):
    checked = 0
    for name, converters in ALL:
        if not converters:
            args = []
        else:
            args = [7 if kind == "IntConverter" else "a-b_c" for kind in converters]
            if converters[0] != "IntConverter":
                args[0] = prefix_args[0]
        for _ in range(2):  # once to build the template, once from it
            assert outcome(fast_reverse, name, args=args) == outcome(reverse, name, args=args), name
        checked += 1
    assert checked == len(ALL)
    assert sum(template is not None for template in _templates.values()) > 300


def test_shapes_reverse_does_not_take_stay_with_reverse():
    slug_and_pk = "tenancy:facility_detail"
    for args in (
        ["heimat", -1],
        ["heimat", "7"],
        ["hei mat", 7],
        ["heimät", 7],
        ["heimat"],
        [None, 7],
        ["heimat", True],
    ):
        assert outcome(fast_reverse, slug_and_pk, args=args) == outcome(
            reverse, slug_and_pk, args=args
        ), args


class TwoLetters:
    regex = "[a-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TwoLetters, "two_letters")

urlpatterns = [
    path("kurz/<two_letters:code>/", lambda request: None, name="same"),
    path("lang/<slug:code>/", lambda request: None, name="same"),
    path("eigen/<two_letters:code>/", lambda request: None, name="own"),
    path("nummer/<int:pk>/", lambda request: None, name="plain"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_names_with_two_patterns_or_own_converters_stay_with_reverse():
    for name, value in (("same", "de"), ("same", "deutsch"), ("own", "de"), ("own", "xyz")):
        for _ in range(2):
            assert outcome(fast_reverse, name, args=[value]) == outcome(reverse, name, args=[value])
    assert fast_reverse("plain", args=[5]) == "/nummer/5/"
    assert {key[0]: template for key, template in _templates.items()} == {
        "same": None,
        "own": None,
        "plain": "/nummer/{0}/",
    }


@settings(max_examples=200, deadline=None)
@given(
    slug=st.text(alphabet="abcxyz-_0123ÄÖß %/?#{}", min_size=0, max_size=12),
    pk=st.integers(min_value=-5, max_value=10**12),
)
def test_any_argument_reverses_as_reverse_does(slug, pk):
    for name in ("tenancy:facility_detail", "network:organisation_detail", "tenancy:home"):
        args = [slug, pk] if name != "tenancy:home" else [slug]
        assert outcome(fast_reverse, name, args=args) == outcome(reverse, name, args=args)


def test_the_url_tag_uses_it_and_keeps_its_forms():
    template = engines["django"].from_string(
        "{% url 'tenancy:facility_detail' slug pk %}|"
        "{% url 'tenancy:facility_detail' slug pk as address %}{{ address }}|"
        "{% url 'tenancy:home' municipality_slug=slug %}"
    )
    rendered = template.render({"slug": "heimat", "pk": 12})
    detail = reverse("tenancy:facility_detail", args=["heimat", 12])
    assert rendered == f"{detail}|{detail}|{reverse('tenancy:home', args=['heimat'])}"
    assert _templates


def test_the_url_tag_raises_like_reverse():
    template = engines["django"].from_string("{% url 'tenancy:facility_detail' slug %}")
    with pytest.raises(NoReverseMatch):
        template.render({"slug": "heimat"})
    quiet = engines["django"].from_string("{% url 'nirgends' 1 as a %}[{{ a }}]")
    assert quiet.render({}) == "[]"


def test_the_language_and_script_prefix_are_part_of_the_template():
    from django.urls import set_script_prefix

    with translation.override("en"):
        english = fast_reverse("tenancy:facility_detail", args=["heimat", 3])
    assert english == reverse("tenancy:facility_detail", args=["heimat", 3])
    set_script_prefix("/unter/")
    try:
        assert fast_reverse("tenancy:facility_detail", args=["heimat", 3]).startswith(
            "/unter/k/heimat/"
        )
    finally:
        set_script_prefix("/")
    assert fast_reverse("tenancy:facility_detail", args=["heimat", 3]) == reverse(
        "tenancy:facility_detail", args=["heimat", 3]
    )


def test_the_plain_converters_take_what_the_template_fills_in():
    # fast_reverse fills in ints >= 0 and [-a-zA-Z0-9_]+ text; each plain converter takes both.
    assert IntConverter.regex == "[0-9]+"


def test_row_urls_fill_in_the_id_as_reverse_does():
    from verbund.core.url_templates import row_urls

    for name in ("areas:area_detail", "tenancy:facility_detail", "network:organisation_detail"):
        for slug in ("heimat", "gross-1"):
            url = row_urls(name, slug)
            for pk in (1, 7, 123456):
                assert url(pk) == reverse(name, args=[slug, pk])
    odd = row_urls("areas:area_detail", "hei mat")
    assert outcome(odd, 3) == outcome(reverse, "areas:area_detail", args=["hei mat", 3])
