"""Security headers on every route (collected from the resolver), 405 for unused methods,
generic error pages."""

import pytest
from django.test import override_settings
from django.urls import reverse

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import all_routes, url_for

pytestmark = pytest.mark.django_db

ROUTES = all_routes()


def assert_baseline_headers(response, authenticated: bool):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    if csp.startswith("default-src 'none'; sandbox"):
        return  # a stored file served as a download: stricter than any page (no content at all)
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "Strict-Transport-Security" in response
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    if authenticated:
        assert "no-store" in response["Cache-Control"]


def allowed_role(route) -> Role:
    """A role the route's permission grants (the sample objects lie within its reach)."""
    grants = getattr(route.permission, "grants", None)
    return next(iter(grants)) if grants else Role.ADMIN


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_headers_on_every_route(route, client):
    tenant = build_tenant("kopf")
    client.force_login(tenant.users[allowed_role(route)])
    response = client.get(url_for(route, tenant), secure=True)
    if getattr(route.view, "token_auth", False):  # the partner API: a bearer token, no session
        assert response.status_code in {401, 405}  # 405: a write-only route
    else:
        assert response.status_code in {200, 302, 405}
    assert_baseline_headers(response, authenticated=True)


def test_headers_on_refusals(client, tenant, foreign):
    client.force_login(tenant.users[Role.STAFF])
    denied = client.get(
        reverse("tenancy:facility_create", args=[tenant.municipality.slug]), secure=True
    )
    assert denied.status_code == 403
    assert_baseline_headers(denied, authenticated=True)
    hidden = client.get(reverse("tenancy:home", args=[foreign.municipality.slug]), secure=True)
    assert hidden.status_code == 404
    assert_baseline_headers(hidden, authenticated=True)


def test_headers_for_anonymous_pages(client):
    response = client.get(reverse("accounts:login"), secure=True)
    assert_baseline_headers(response, authenticated=False)


@pytest.mark.parametrize("method", ["TRACE", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND"])
def test_unused_methods_answer_405(client, method):
    response = client.generic(method, reverse("accounts:login"))
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}


def test_trace_on_tenant_url_is_405_not_a_leak(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    url = reverse("tenancy:facility_list", args=[tenant.municipality.slug])
    assert client.generic("TRACE", url).status_code == 405


def test_unknown_page_gives_generic_german_404(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Seite nicht gefunden" in body
    assert "Traceback" not in body and "urlpatterns" not in body


def test_server_error_gives_generic_page_without_details(client, monkeypatch):
    from verbund.tenancy import views

    def explode(*args, **kwargs):
        raise RuntimeError("geheimes Detail")

    monkeypatch.setattr(views.selectors, "facility_list", explode)
    tenant = build_tenant("boom")
    client.raise_request_exception = False
    client.force_login(tenant.users[Role.ADMIN])
    response = client.get(reverse("tenancy:facility_list", args=[tenant.municipality.slug]))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Ein Fehler ist aufgetreten" in body
    assert "geheimes Detail" not in body and "Traceback" not in body


@override_settings(DEBUG=False)
def test_csrf_failure_is_a_german_page(tenant):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(tenant.users[Role.ADMIN])
    url = reverse("tenancy:facility_create", args=[tenant.municipality.slug])
    response = client.post(url, {"name": "x"})
    assert response.status_code == 403
    assert "Formular abgelaufen" in response.content.decode()


def test_health_endpoint(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}
