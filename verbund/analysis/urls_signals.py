"""Routes for hints from families (``views_signals``), under the needs."""

from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import views_signals as views

H = TENANT_PREFIX + "bedarfe/hinweise/"

urlpatterns = [
    path(H, views.SignalListView.as_view(), name="signal_list"),
    path(H + "<int:signal_id>/", views.SignalDetailView.as_view(), name="signal_detail"),
    path(
        H + "<int:signal_id>/als-bedarf/",
        views.SignalToNeedView.as_view(),
        name="signal_to_need",
    ),
]
