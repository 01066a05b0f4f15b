"""No parameter makes a 500: every route, every GET parameter it reads, every URL kwarg.

Routes come from the URL resolver (``verbund.core.testing.all_routes``), so a new view is
covered without anyone remembering it. The GET parameters a view reads are found in the
source of its module and of the modules of its base classes: ``request.GET.get("x")``,
``request.GET["x"]``, ``"x" in request.GET``, ``getlist("x")`` and the fields of every form
bound to ``request.GET``. Each gets the values that broke endpoints before (``²`` passes
``isdigit()`` but not ``int()``; 20-digit ids overflow the database's integers), then
hypothesis-generated ones. URL kwargs get the same values, on GET and POST. The test client
re-raises any exception of a view, so a would-be 500 fails here.
"""

from __future__ import annotations

import inspect
import re
import sys
from functools import cache
from urllib.parse import quote, urlencode

import pytest
from django import forms
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import all_routes, sample_providers

pytestmark = [pytest.mark.django_db, pytest.mark.isolation]

NASTY = [
    "",
    "0",
    "-1",
    "²",
    "١٢",  # Arabic-Indic digits: int() accepts them
    "9" * 20,
    "-" + "9" * 20,
    "1e5",
    "1.5",
    " 1",
    "abc",
    "%00",
    "<script>",
    "x" * 300,
]
value = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=30),
)
FUZZ = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

GET_PATTERNS = [
    re.compile(r"""GET(?:\.get|\.getlist)\(\s*["']([\w-]+)["']"""),
    re.compile(r"""GET\[\s*["']([\w-]+)["']\s*\]"""),
    re.compile(r"""["']([\w-]+)["']\s+(?:not\s+)?in\s+(?:self\.)?request\.GET"""),
]
BOUND_FORM = re.compile(r"""(\w+Form)\(\s*(?:self\.)?request\.GET""")


def _modules_of(view) -> list:
    modules = []
    for klass in getattr(view, "__mro__", (view,)):
        name = getattr(klass, "__module__", "")
        if name.startswith("verbund.") and name in sys.modules:
            modules.append(sys.modules[name])
    return list(dict.fromkeys(modules))


@cache
def get_params(view) -> tuple[str, ...]:
    names: set[str] = set()
    for module in _modules_of(view):
        try:
            source = inspect.getsource(module)
        except (OSError, TypeError):
            continue
        for pattern in GET_PATTERNS:
            names.update(pattern.findall(source))
        for form_name in BOUND_FORM.findall(source):
            form_class = getattr(module, form_name, None)
            if isinstance(form_class, type) and issubclass(form_class, forms.BaseForm):
                names.update(form_class.base_fields)
    return tuple(sorted(names))


ROUTES = [route for route in all_routes() if route.is_tenant]
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")


def test_parameters_are_found():
    by_name = {route.name: get_params(route.view) for route in ROUTES}
    assert "zentrum" in by_name["network:relationship_list"]
    assert {"sector", "area", "von"} <= set(by_name["network:network"])
    assert "seite" in by_name["tenancy:facility_list"]


def _user_for(route, tenant):
    roles = [Role.ADMIN, Role.PLANNER, *Role]
    for role in roles:
        if route.permission.reach_for(role):
            return tenant.users[role]
    return tenant.users[Role.ADMIN]


def _path(route, tenant, overrides: dict[str, str]) -> str:
    samples = sample_providers()

    def fill(match):
        name = match.group("parameter")
        if name in overrides:
            return quote(overrides[name], safe="")
        if name == "municipality_slug":
            return tenant.municipality.slug
        return quote(str(samples[name](tenant)), safe="")

    return "/" + CONVERTER.sub(fill, route.pattern).lstrip("^").rstrip("$")


@pytest.fixture
def fuzz_tenant(db):
    return build_tenant("fuzz")


def _check(client, route, url, method="get"):
    response = getattr(client, method)(url)
    assert response.status_code < 500, f"{route.name} {method.upper()} {url}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_known_bad_values_in_every_parameter(route, client, fuzz_tenant):
    client.force_login(_user_for(route, fuzz_tenant))
    base = _path(route, fuzz_tenant, {})
    names = get_params(route.view)
    for bad in NASTY if names else ():
        # every parameter at once (views parse each independently); hypothesis mixes them
        _check(client, route, f"{base}?{urlencode(dict.fromkeys(names, bad))}")
    kwargs = [k for k in route.kwarg_names if k != "municipality_slug"]
    for name in kwargs:
        for bad in NASTY:
            if bad in ("", "%00"):
                continue  # an empty or NUL segment cannot reach this route at all
            url = _path(route, fuzz_tenant, {name: bad})
            _check(client, route, url)
            _check(client, route, url, "post")


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_generated_values_in_every_parameter(route, client, fuzz_tenant):
    client.force_login(_user_for(route, fuzz_tenant))
    names = get_params(route.view)
    kwargs = [k for k in route.kwarg_names if k != "municipality_slug"]

    @FUZZ
    @given(
        query=st.fixed_dictionaries({}, optional=dict.fromkeys(names, value)),
        path=st.fixed_dictionaries({}, optional=dict.fromkeys(kwargs, value)),
    )
    @example(query=dict.fromkeys(names, "²"), path=dict.fromkeys(kwargs, "9" * 20))
    def run(query, path):
        path = {k: v for k, v in path.items() if v and "/" not in v and "\x00" not in v}
        url = _path(route, fuzz_tenant, path)
        _check(client, route, f"{url}?{urlencode(query)}" if query else url)

    run()
