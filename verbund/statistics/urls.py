from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "statistics"

P = TENANT_PREFIX + "sozialraumdaten/"
IMPORT = TENANT_PREFIX + "datenimport/"

urlpatterns = [
    path(P, views.IndicatorListView.as_view(), name="indicator_list"),
    path(P + "indikatoren/neu/", views.IndicatorCreateView.as_view(), name="indicator_create"),
    path(
        P + "indikatoren/<int:indicator_id>/",
        views.IndicatorDetailView.as_view(),
        name="indicator_detail",
    ),
    path(
        P + "indikatoren/<int:indicator_id>/werte.<exportformat:fmt>",
        views.IndicatorExportView.as_view(),
        name="indicator_export",
    ),
    path(
        P + "indikatoren/<int:indicator_id>/bearbeiten/",
        views.IndicatorUpdateView.as_view(),
        name="indicator_update",
    ),
    path(
        P + "indikatoren/<int:indicator_id>/loeschen/",
        views.IndicatorDeleteView.as_view(),
        name="indicator_delete",
    ),
    path(P + "gebiete/<int:area_id>/", views.AreaValuesView.as_view(), name="area_values"),
    path(IMPORT, views.ImportListView.as_view(), name="import_list"),
    path(IMPORT + "neu/", views.ImportUploadView.as_view(), name="import_upload"),
    path(IMPORT + "<int:run_id>/", views.ImportDetailView.as_view(), name="import_detail"),
    path(
        IMPORT + "<int:run_id>/uebernehmen/",
        views.ImportCommitView.as_view(),
        name="import_commit",
    ),
    path(
        IMPORT + "<int:run_id>/abbrechen/",
        views.ImportCancelView.as_view(),
        name="import_cancel",
    ),
    path(
        IMPORT + "<int:run_id>/wiederholen/",
        views.ImportRetryView.as_view(),
        name="import_retry",
    ),
    path(
        IMPORT + "zuordnungen/<int:mapping_id>/loeschen/",
        views.MappingDeleteView.as_view(),
        name="mapping_delete",
    ),
]
