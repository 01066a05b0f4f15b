"""Views of the statistics app: catalogue and values, and the import wizard."""

from .catalogue import (
    AreaValuesView,
    IndicatorCreateView,
    IndicatorDeleteView,
    IndicatorDetailView,
    IndicatorExportView,
    IndicatorListView,
    IndicatorUpdateView,
)
from .imports import (
    ImportCancelView,
    ImportCommitView,
    ImportDetailView,
    ImportListView,
    ImportRetryView,
    ImportUploadView,
    MappingDeleteView,
)

__all__ = [
    "AreaValuesView",
    "ImportCancelView",
    "ImportCommitView",
    "ImportDetailView",
    "ImportListView",
    "ImportRetryView",
    "ImportUploadView",
    "IndicatorCreateView",
    "IndicatorDeleteView",
    "IndicatorDetailView",
    "IndicatorExportView",
    "IndicatorListView",
    "IndicatorUpdateView",
    "MappingDeleteView",
]
