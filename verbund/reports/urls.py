from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "reports"

P = TENANT_PREFIX + "entwicklungsberichte/"

urlpatterns = [
    path(P, views.ReportListView.as_view(), name="report_list"),
    path(P + "neu/", views.ReportCreateView.as_view(), name="report_create"),
    path(P + "<int:report_id>/", views.ReportDetailView.as_view(), name="report_detail"),
    path(P + "<int:report_id>/bearbeiten/", views.ReportEditView.as_view(), name="report_edit"),
    path(P + "<int:report_id>/pdf/", views.ReportPdfView.as_view(), name="report_pdf"),
    path(P + "<int:report_id>/docx/", views.ReportDocxView.as_view(), name="report_docx"),
    path(
        P + "<int:report_id>/festschreiben/",
        views.ReportFreezeView.as_view(),
        name="report_freeze",
    ),
]
