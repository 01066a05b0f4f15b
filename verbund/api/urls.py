"""``/api/…``: the open-data API. Its routes are public data (``public_data``): anonymous,
read-only, the same for every visitor; they name a municipality as ``municipality``, not
``municipality_slug``, so they are no tenant routes (see ``verbund.core.testing.Route``)."""

from django.urls import include, path

from verbund.core.permissions import PUBLIC

from .api import api

patterns, _app, namespace = api.urls
for pattern in patterns:
    pattern.callback.permission = PUBLIC
    pattern.callback.public_data = True

urlpatterns = [path("api/", include((patterns, "api"), namespace=namespace))]
