from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "cooperation"

BASE = TENANT_PREFIX + "kooperationen/"
ONE = BASE + "<int:agreement_id>/"

urlpatterns = [
    path(BASE, views.AgreementListView.as_view(), name="agreement_list"),
    path(BASE + "neu/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path(BASE + "fristen/", views.AgreementDueView.as_view(), name="agreement_due"),
    path(
        BASE + "fristen/export.<exportformat:fmt>",
        views.AgreementDueExportView.as_view(),
        name="agreement_due_export",
    ),
    path(ONE, views.AgreementDetailView.as_view(), name="agreement_detail"),
    path(ONE + "bearbeiten/", views.AgreementUpdateView.as_view(), name="agreement_update"),
    path(ONE + "status/", views.AgreementTransitionView.as_view(), name="agreement_transition"),
    path(ONE + "dokument.pdf", views.AgreementPdfView.as_view(), name="agreement_pdf"),
    path(
        ONE + "neue-fassung/", views.AgreementNewVersionView.as_view(), name="agreement_new_version"
    ),
    path(ONE + "parteien/<int:party_id>/", views.PartyUpdateView.as_view(), name="party_update"),
    path(
        ONE + "zustaendigkeiten/neu/",
        views.ResponsibilityCreateView.as_view(),
        name="responsibility_create",
    ),
    path(
        ONE + "zustaendigkeiten/<int:responsibility_id>/entfernen/",
        views.ResponsibilityDeleteView.as_view(),
        name="responsibility_delete",
    ),
    path(ONE + "ressourcen/neu/", views.ResourceCreateView.as_view(), name="resource_create"),
    path(
        ONE + "ressourcen/<int:resource_id>/entfernen/",
        views.ResourceDeleteView.as_view(),
        name="resource_delete",
    ),
    path(
        ONE + "fassungen/<int:version_id>/",
        views.VersionDetailView.as_view(),
        name="version_detail",
    ),
    path(
        ONE + "fassungen/<int:version_id>/dokument.pdf",
        views.VersionPdfView.as_view(),
        name="version_pdf",
    ),
    path(ONE + "anhaenge/neu/", views.AttachmentUploadView.as_view(), name="attachment_upload"),
    path(
        ONE + "anhaenge/<int:attachment_id>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        ONE + "anhaenge/<int:attachment_id>/entfernen/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
]
