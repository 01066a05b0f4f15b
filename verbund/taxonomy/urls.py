from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views

app_name = "taxonomy"

BASE = TENANT_PREFIX + "verwaltung/begriffe/"  # ("begriffe/" is the glossary)

urlpatterns = [
    path(BASE, views.TermIndexView.as_view(), name="index"),
    path(BASE + "begriff/<int:term_id>/", views.TermUpdateView.as_view(), name="update"),
    path(BASE + "<str:vocabulary>/", views.TermListView.as_view(), name="list"),
    path(BASE + "<str:vocabulary>/neu/", views.TermCreateView.as_view(), name="create"),
]
