from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "documents"

P = TENANT_PREFIX + "dokumente/"

urlpatterns = [
    path(P, views.DocumentListView.as_view(), name="list"),
    path(P + "neu/", views.DocumentCreateView.as_view(), name="create"),
    path(P + "<int:document_id>/", views.DocumentDetailView.as_view(), name="detail"),
    path(P + "<int:document_id>/bearbeiten/", views.DocumentEditView.as_view(), name="edit"),
    path(P + "<int:document_id>/loeschen/", views.DocumentDeleteView.as_view(), name="delete"),
    path(
        P + "<int:document_id>/neue-version/",
        views.VersionCreateView.as_view(),
        name="version_create",
    ),
    path(
        P + "<int:document_id>/version/<int:document_version_id>/datei/",
        views.VersionDownloadView.as_view(),
        name="download",
    ),
    path(P + "<int:document_id>/verknuepfen/", views.LinkCreateView.as_view(), name="link_create"),
    path(
        P + "<int:document_id>/verknuepfung/<int:document_link_id>/entfernen/",
        views.LinkDeleteView.as_view(),
        name="link_delete",
    ),
]
