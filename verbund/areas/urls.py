from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "areas"

P = TENANT_PREFIX + "sozialraeume/"
W = TENANT_PREFIX + "begehungen/"
K = TENANT_PREFIX + "karte/"

urlpatterns = [
    path(P, views.AreaListView.as_view(), name="area_list"),
    path(P + "auswahl.json", views.AreaChoicesView.as_view(), name="area_choices"),
    path(P + "export.<exportformat:fmt>", views.AreaExportView.as_view(), name="area_export"),
    path(K, views.MapView.as_view(), name="map"),
    path(K + "gebiete.geojson", views.MapGeoJSONView.as_view(), name="map_geojson"),
    path(
        K + "beobachtungen.geojson",
        views.ObservationsGeoJSONView.as_view(),
        name="observations_geojson",
    ),
    path(P + "import/", views.ImportUploadView.as_view(), name="import_upload"),
    path(P + "import/<int:import_id>/", views.ImportPreviewView.as_view(), name="import_preview"),
    path(
        P + "import/<int:import_id>/vorschau.geojson",
        views.ImportPreviewGeoJSONView.as_view(),
        name="import_geojson",
    ),
    path(P + "<int:area_id>/", views.AreaDetailView.as_view(), name="area_detail"),
    path(P + "<int:area_id>/grenze.geojson", views.AreaGeoJSONView.as_view(), name="area_geojson"),
    path(P + "<int:area_id>/bearbeiten/", views.AreaUpdateView.as_view(), name="area_update"),
    path(P + "<int:area_id>/loeschen/", views.AreaDeleteView.as_view(), name="area_delete"),
    path(
        TENANT_PREFIX + "familienzentren/<int:centre_id>/sozialraum/",
        views.SozialraumView.as_view(),
        name="sozialraum",
    ),
    path(W, views.WalkListView.as_view(), name="walk_list"),
    path(W + "neu/", views.WalkCreateView.as_view(), name="walk_create"),
    path(W + "<int:walk_id>/", views.WalkDetailView.as_view(), name="walk_detail"),
    path(
        W + "<int:walk_id>/beobachtungen.geojson",
        views.WalkGeoJSONView.as_view(),
        name="walk_geojson",
    ),
    path(
        W + "<int:walk_id>/export.<exportformat:fmt>",
        views.WalkExportView.as_view(),
        name="walk_export",
    ),
    path(W + "<int:walk_id>/bearbeiten/", views.WalkUpdateView.as_view(), name="walk_update"),
    path(W + "<int:walk_id>/loeschen/", views.WalkDeleteView.as_view(), name="walk_delete"),
    path(
        W + "<int:walk_id>/beobachtung/",
        views.ObservationCreateView.as_view(),
        name="observation_create",
    ),
    path(
        W + "beobachtungen/<int:observation_id>/bearbeiten/",
        views.ObservationUpdateView.as_view(),
        name="observation_update",
    ),
    path(
        W + "beobachtungen/<int:observation_id>/loeschen/",
        views.ObservationDeleteView.as_view(),
        name="observation_delete",
    ),
    path(W + "fotos/<int:photo_id>/", views.PhotoView.as_view(), name="photo"),
]
