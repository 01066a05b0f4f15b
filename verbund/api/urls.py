"""``/api/…``: the open-data API. Its routes are public data (``public_data``): anonymous,
read-only, the same for every visitor; they name a municipality as ``municipality``, not
``municipality_slug``, so they are no tenant routes (see ``verbund.core.testing.Route``)."""

from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.http import require_safe

from verbund.core.permissions import PUBLIC
from verbund.core.urls import TENANT_PREFIX

from . import views
from .api import api


@require_safe
def index(request):
    """``/api/``: where to go from here (django-ninja's own page links its docs, left off)."""
    return JsonResponse(
        {
            "openapi_url": request.build_absolute_uri("/api/openapi.json"),
            "profile": request.build_absolute_uri("/api/profile/"),
            "services": "/api/v1/<kommune>/services",
        }
    )


patterns, _app, namespace = api.urls
patterns = [
    path(str(pattern.pattern), index, name=pattern.name) if pattern.name == "api-root" else pattern
    for pattern in patterns
]
for pattern in patterns:
    pattern.callback.permission = PUBLIC
    if "/partner/" in str(pattern.pattern):
        # The partner API: a token in the header, not a session (401 without one).
        pattern.callback.token_auth = True
    else:
        pattern.callback.public_data = True

T = TENANT_PREFIX + "api-zugaenge/"
token_patterns = [
    path(T, views.TokenListView.as_view(), name="list"),
    path(T + "<int:api_token_id>/widerrufen/", views.TokenRevokeView.as_view(), name="revoke"),
]

urlpatterns = [
    path("api/", include((patterns, "api"), namespace=namespace)),
    path("", include((token_patterns, "api_tokens"), namespace="api_tokens")),
]
