"""Helpers shared by the area views: map settings, GeoJSON responses, read-only views."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, JsonResponse

from verbund.core.tenant_views import TenantView
from verbund.core.url_templates import row_urls

from .. import selectors
from ..models import Area

PAGE_SIZE = 100
# The area list shows two tables (areas, centres with their areas): 50 rows each keep it light.
LIST_PAGE_SIZE = 50
PREVIEW_ROWS = 500
OBSERVATION_ROWS = 50


def detail_urls(url_name: str, slug: str):
    """``pk → URL`` of ``url_name`` (a pattern of the municipality's slug and one id): a list
    page links hundreds of areas, each filled into one reversed template."""
    return row_urls(url_name, slug)


def tile_url() -> str:
    return getattr(settings, "VERBUND_MAP_TILE_URL", "") or ""


def tile_attribution() -> str:
    return getattr(settings, "VERBUND_MAP_TILE_ATTRIBUTION", "") or ""


def geojson_response(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"separators": (",", ":")})
    response["Content-Type"] = "application/geo+json"
    return response


class ReadOnlyView(TenantView):
    """GET-only endpoints answer other methods with 405 before any permission check, as
    Django's own views do: the method is wrong whoever asks."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class AreaMixin:
    def get_area(self, pk: int) -> Area:
        try:
            return selectors.area_get(municipality=self.municipality, pk=pk)
        except Area.DoesNotExist as exc:
            raise Http404 from exc
