from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "tenancy"

urlpatterns = [
    path(TENANT_PREFIX + "", views.MunicipalityHomeView.as_view(), name="home"),
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
    path(TENANT_PREFIX + "protokoll/", views.AuditLogView.as_view(), name="audit_log"),
]
