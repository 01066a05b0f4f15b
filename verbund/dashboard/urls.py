from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from . import search_views, views

app_name = "dashboard"

B = TENANT_PREFIX + "benachrichtigungen/"

urlpatterns = [
    path(B, views.NotificationListView.as_view(), name="notifications"),
    path(
        B + "einstellungen/",
        views.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path(TENANT_PREFIX + "mein-familienzentrum/", views.MyCentreView.as_view(), name="my_centre"),
    path(
        TENANT_PREFIX + "mein-familienzentrum/<int:centre_id>/",
        views.CentrePageView.as_view(),
        name="centre_page",
    ),
    path(TENANT_PREFIX + "suche/", search_views.SearchView.as_view(), name="search"),
    path(
        TENANT_PREFIX + "meine-organisation/",
        views.MyOrganisationView.as_view(),
        name="my_organisation",
    ),
]
