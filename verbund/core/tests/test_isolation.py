"""Tenant isolation: every URL of the project, every role of a foreign municipality.

Routes are collected from the URL resolver, so a new view is covered without anyone
remembering it; a URL kwarg without a sample value (``tests/isolation.py`` of its app) or a
view without a declared permission fails here.
"""

import pytest
from django.apps import apps
from django.core import serializers
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.testing import build_tenant
from verbund.core.permissions import Permission, ViewAccess
from verbund.core.roles import Role
from verbund.core.testing import all_routes, url_for

pytestmark = [pytest.mark.isolation, pytest.mark.django_db]

# Models whose rows legitimately change when a request is refused.
VOLATILE_MODELS = {
    "core.auditentry",
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


def tenant_state(municipality) -> str:
    """Every row of every model, so that any write by a refused request shows up."""
    with scopes_disabled():
        dumped = []
        for model in apps.get_models():
            if model._meta.label_lower in VOLATILE_MODELS:
                continue
            fields = [
                f.name
                for f in model._meta.concrete_fields
                if not f.primary_key and f.name != "last_login"  # force_login sets it
            ]
            rows = model._base_manager.order_by("pk")
            dumped.append(serializers.serialize("json", rows, fields=fields))
        return "".join(dumped)


# URL kwargs that name no object (a format, which of the fixed legal pages): same in every
# municipality, so a foreign user's own URL with them is simply their own page.
NOT_OBJECT_IDS = {"municipality_slug", "fmt", "legal_kind", "vocabulary"}  # names, not objects

TENANT_ROUTES = [route for route in all_routes() if route.is_tenant]
OTHER_ROUTES = [route for route in all_routes() if not route.is_tenant]


def test_routes_were_collected():
    names = {route.name for route in TENANT_ROUTES}
    assert {"tenancy:facility_list", "tenancy:facility_update"} <= names


@pytest.mark.parametrize("route", all_routes(), ids=lambda r: r.name)
def test_every_view_declares_its_permission(route):
    permission = route.permission
    assert permission is not None, f"{route.name} declares no permission"
    if route.is_tenant:
        assert isinstance(permission, Permission), f"{route.name} needs a tenant Permission"
    else:
        assert isinstance(permission, ViewAccess), (
            f"{route.name} lies outside a municipality and must be declared PUBLIC or AUTHENTICATED"
        )


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_foreign_roles_get_404_and_change_nothing(route, client):
    target = build_tenant("ziel")
    foreign = build_tenant("fremd")
    url = url_for(route, target)
    before = tenant_state(target.municipality)
    for role, user in foreign.users.items():
        client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (
                f"{route.name} {method.upper()} {url} as foreign {role}: "
                f"{response.status_code}, expected 404"
            )
    assert tenant_state(target.municipality) == before, f"{route.name}: data changed"


@pytest.mark.parametrize(
    "route",
    [r for r in TENANT_ROUTES if set(r.kwarg_names) - NOT_OBJECT_IDS],
    ids=lambda r: r.name,
)
def test_forged_ids_in_own_municipality_get_404(route, client):
    """A foreign user on their own municipality's URL with the target's object IDs."""
    target = build_tenant("ziel")
    foreign = build_tenant("fremd")
    url = url_for(route, target, slug=foreign.municipality.slug)
    before = tenant_state(target.municipality)
    for role, user in foreign.users.items():
        client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if not hasattr(route.view, method):
                expected = {405}
            elif route.permission.reach_for(role):
                expected = {404}
            else:
                # Refused before any lookup: says nothing about the object.
                expected = {403, 404}
            assert response.status_code in expected, (
                f"{route.name} {method.upper()} {url} as {role} of another municipality: "
                f"{response.status_code}"
            )
    assert tenant_state(target.municipality) == before, f"{route.name}: data changed"


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=lambda r: r.name)
def test_anonymous_is_sent_to_login(route, client):
    target = build_tenant("ziel")
    response = client.get(url_for(route, target))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("route", OTHER_ROUTES, ids=lambda r: r.name)
def test_routes_outside_municipalities_leak_no_tenant_data(route, client):
    target = build_tenant("ziel")
    foreign = build_tenant("fremd")
    client.force_login(foreign.users[Role.ADMIN])
    url = url_for(route, target)
    response = client.get(url)
    if getattr(route.view, "token_auth", False):
        # A token API (partner offers): a session is no token; 401 without saying anything.
        assert response.status_code in {401, 405}, f"{route.name}: {response.status_code}"
        assert target.municipality.name not in response.content.decode("utf-8", "replace")
        return
    assert response.status_code in {200, 302, 405}
    if getattr(route.view, "public_data", False):
        # Calendar feeds (offers): a municipality's public data, or what a personal token in
        # the URL grants, for whoever holds the URL. A session adds nothing to it.
        client.logout()
        assert client.get(url).status_code == response.status_code
        return
    body = response.content.decode("utf-8", "replace")
    for secret in (target.facility.name, target.centre.name, target.municipality.name):
        assert secret not in body, f"{route.name} shows {secret!r} to a foreign user"
