from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "feeds"

BASE = f"{TENANT_PREFIX}verzeichnisse/"

urlpatterns = [
    path(BASE, views.SourceListView.as_view(), name="sources"),
    path(f"{BASE}neu/", views.SourceCreateView.as_view(), name="source_new"),
    path(f"{BASE}<int:feed_source_id>/", views.SourceView.as_view(), name="source"),
    path(f"{BASE}abruf/<int:feed_run_id>/", views.RunView.as_view(), name="run"),
]
