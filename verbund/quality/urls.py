from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import exports, views

app_name = "quality"

BASE = TENANT_PREFIX + "guetesiegel/"
ONE = BASE + "selbstcheck/<int:selfcheck_id>/"

urlpatterns = [
    path(BASE, views.OverviewView.as_view(), name="overview"),
    path(BASE + "beginnen/", views.SelfCheckStartView.as_view(), name="start"),
    path(ONE, views.SelfCheckDetailView.as_view(), name="selfcheck"),
    path(
        ONE + "kriterium/<int:criterion_id>/",
        views.CriterionView.as_view(),
        name="criterion",
    ),
    path(ONE + "nachweise/", views.EvidenceRefreshView.as_view(), name="refresh"),
    path(ONE + "pdf/", exports.SelfCheckPdfView.as_view(), name="pdf"),
    path(ONE + "xlsx/", exports.SelfCheckXlsxView.as_view(), name="xlsx"),
    path(BASE + "katalog/", views.CatalogueView.as_view(), name="catalogue"),
    path(BASE + "katalog/einlesen/", views.CatalogueImportView.as_view(), name="catalogue_import"),
    path(
        BASE + "katalog/<int:catalogue_id>/json/",
        exports.CatalogueExportView.as_view(),
        name="catalogue_export",
    ),
    path(BASE + "nachweise-ermitteln/", views.EvidenceAllView.as_view(), name="evidence_all"),
]
