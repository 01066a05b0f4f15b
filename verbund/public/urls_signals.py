"""Routes of the signals part (see parts.py)."""

from django.urls import path

from .signals.views import NeedSignalCreateView

urlpatterns: list = [
    path(
        "<slug:municipality_slug>/was-fehlt/",
        NeedSignalCreateView.as_view(),
        name="signal_create",
    ),
]
