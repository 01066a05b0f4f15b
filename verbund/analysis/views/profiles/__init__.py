"""Area profiles, choropleth maps and the need index."""

from .area import AreaProfileExportView, AreaProfilePdfView, AreaProfileView, _round, profile_table
from .common import LOCATOR_AREAS, MAX_MAP_AREAS, PAGE_SIZE, SORTS, AreaMixin, _legend
from .indicators import (
    IndexExportView,
    IndexGeoJsonView,
    IndicatorExportView,
    IndicatorGeoJsonView,
    IndicatorMapView,
    NeedIndexConfigView,
    OverviewView,
)

__all__ = [
    "LOCATOR_AREAS",
    "MAX_MAP_AREAS",
    "PAGE_SIZE",
    "SORTS",
    "AreaMixin",
    "AreaProfileExportView",
    "AreaProfilePdfView",
    "AreaProfileView",
    "IndexExportView",
    "IndexGeoJsonView",
    "IndicatorExportView",
    "IndicatorGeoJsonView",
    "IndicatorMapView",
    "NeedIndexConfigView",
    "OverviewView",
    "_legend",
    "_round",
    "profile_table",
]
