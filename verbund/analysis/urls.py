from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views
from .urls_signals import urlpatterns as signal_routes

app_name = "analysis"

P = TENANT_PREFIX + "sozialraum/"
F = TENANT_PREFIX + "kennzahlen/"
N = TENANT_PREFIX + "bedarfe/"

urlpatterns = [
    path(P, views.OverviewView.as_view(), name="overview"),
    path(P + "bedarfsindex/", views.NeedIndexConfigView.as_view(), name="need_index_config"),
    path(P + "bedarfsindex/karte.geojson", views.IndexGeoJsonView.as_view(), name="index_geojson"),
    path(
        P + "bedarfsindex/export.<exportformat:fmt>",
        views.IndexExportView.as_view(),
        name="index_export",
    ),
    path(
        P + "indikatoren/<slug:indicator_key>/",
        views.IndicatorMapView.as_view(),
        name="indicator_map",
    ),
    path(
        P + "indikatoren/<slug:indicator_key>/karte.geojson",
        views.IndicatorGeoJsonView.as_view(),
        name="indicator_geojson",
    ),
    path(
        P + "indikatoren/<slug:indicator_key>/export.<exportformat:fmt>",
        views.IndicatorExportView.as_view(),
        name="indicator_export",
    ),
    path(P + "gebiete/<int:area_id>/", views.AreaProfileView.as_view(), name="area_profile"),
    path(
        P + "gebiete/<int:area_id>/profil.<exportformat:fmt>",
        views.AreaProfileExportView.as_view(),
        name="area_profile_export",
    ),
    path(
        P + "gebiete/<int:area_id>/profil.pdf",
        views.AreaProfilePdfView.as_view(),
        name="area_profile_pdf",
    ),
    path(F, views.FiguresView.as_view(), name="figures"),
    path(F + "export.<exportformat:fmt>", views.FiguresExportView.as_view(), name="figures_export"),
    path(F + "<int:centre_id>/", views.CentreFiguresView.as_view(), name="centre_figures"),
    path(
        F + "<int:centre_id>/<int:year>/",
        views.CentreFiguresEditView.as_view(),
        name="centre_figures_edit",
    ),
    path(N, views.NeedListView.as_view(), name="need_list"),
    path(N + "export.<exportformat:fmt>", views.NeedExportView.as_view(), name="need_export"),
    path(N + "neu/<int:centre_id>/", views.NeedCreateView.as_view(), name="need_create"),
    path(
        N + "vorschlaege/<int:centre_id>/",
        views.NeedSuggestionsView.as_view(),
        name="need_suggestions",
    ),
    path(N + "<int:need_id>/", views.NeedDetailView.as_view(), name="need_detail"),
    path(N + "<int:need_id>/bearbeiten/", views.NeedUpdateView.as_view(), name="need_update"),
    path(N + "<int:need_id>/belege/", views.NeedEvidenceView.as_view(), name="need_evidence"),
    path(N + "<int:need_id>/status/", views.NeedStatusView.as_view(), name="need_status"),
    path(N + "regeln/", views.NeedRuleListView.as_view(), name="rule_list"),
    path(N + "regeln/neu/", views.NeedRuleCreateView.as_view(), name="rule_create"),
    path(N + "regeln/<int:rule_id>/", views.NeedRuleUpdateView.as_view(), name="rule_update"),
    *signal_routes,
]
