from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views, views_centres

app_name = "tenancy"

urlpatterns = [
    path(TENANT_PREFIX + "", views.MunicipalityHomeView.as_view(), name="home"),
    path(
        TENANT_PREFIX + "familienzentren/auswahl.json",
        views_centres.CentreChoicesView.as_view(),
        name="centre_choices",
    ),
    path(
        TENANT_PREFIX + "traeger/auswahl.json",
        views_centres.ProviderChoicesView.as_view(),
        name="provider_choices",
    ),
    path(
        TENANT_PREFIX + "einrichtungen/auswahl.json",
        views_centres.FacilityChoicesView.as_view(),
        name="facility_choices",
    ),
    path(TENANT_PREFIX + "einrichtungen/", views.FacilityListView.as_view(), name="facility_list"),
    path(
        TENANT_PREFIX + "einrichtungen/export.<exportformat:fmt>",
        views.FacilityExportView.as_view(),
        name="facility_export",
    ),
    path(
        TENANT_PREFIX + "einrichtungen/neu/",
        views.FacilityCreateView.as_view(),
        name="facility_create",
    ),
    path(
        TENANT_PREFIX + "einrichtungen/<int:facility_id>/",
        views.FacilityDetailView.as_view(),
        name="facility_detail",
    ),
    path(
        TENANT_PREFIX + "einrichtungen/<int:facility_id>/bearbeiten/",
        views.FacilityUpdateView.as_view(),
        name="facility_update",
    ),
    path(
        TENANT_PREFIX + "einrichtungen/<int:facility_id>/archivieren/",
        views.FacilityArchiveView.as_view(),
        name="facility_archive",
    ),
    path(
        TENANT_PREFIX + "familienzentren/",
        views_centres.CentreListView.as_view(),
        name="centre_list",
    ),
    path(
        TENANT_PREFIX + "familienzentren/neu/",
        views_centres.CentreCreateView.as_view(),
        name="centre_create",
    ),
    path(
        TENANT_PREFIX + "familienzentren/<int:centre_id>/",
        views_centres.CentreDetailView.as_view(),
        name="centre_detail",
    ),
    path(
        TENANT_PREFIX + "familienzentren/<int:centre_id>/bearbeiten/",
        views_centres.CentreUpdateView.as_view(),
        name="centre_update",
    ),
    path(
        TENANT_PREFIX + "traeger/neu/",
        views_centres.ProviderCreateView.as_view(),
        name="provider_create",
    ),
    path(
        TENANT_PREFIX + "traeger/<int:provider_id>/bearbeiten/",
        views_centres.ProviderUpdateView.as_view(),
        name="provider_update",
    ),
    path(TENANT_PREFIX + "begriffe/", views.GlossaryView.as_view(), name="glossary"),
    path(TENANT_PREFIX + "protokoll/", views.AuditLogView.as_view(), name="audit_log"),
]
