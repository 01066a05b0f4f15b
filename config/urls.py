from django.contrib import admin
from django.urls import include, path

from verbund.accounts import views as accounts_views
from verbund.core import health

# Only platform operators (superusers) use Django's admin; everyone else works in the app.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
admin.site.site_header = "Verbund – Systemverwaltung"

urlpatterns = [
    path("", accounts_views.home, name="home"),
    path("gesund/", health.liveness, name="health"),
    path("bereit/", health.readiness, name="readiness"),
    path("", include("verbund.accounts.urls")),
    path("", include("verbund.tenancy.urls")),
    path("", include("verbund.dashboard.urls")),
    path("", include("verbund.taxonomy.urls")),
    path("", include("verbund.areas.urls")),
    path("", include("verbund.statistics.urls")),
    path("", include("verbund.analysis.urls")),
    path("", include("verbund.network.urls")),
    path("", include("verbund.cooperation.urls")),
    path("", include("verbund.rooms.urls")),
    path("", include("verbund.offers.urls")),
    path("", include("verbund.documents.urls")),
    path("", include("verbund.meetings.urls")),
    path("", include("verbund.planning.urls")),
    path("", include("verbund.visits.urls")),
    path("", include("verbund.budget.urls")),
    path("", include("verbund.quality.urls")),
    path("", include("verbund.reports.urls")),
    path("", include("verbund.feeds.urls")),
    path("system/", admin.site.urls),
    path("", include("verbund.api.urls")),  # /api/…: the open-data API (HSDS 3.0)
    path("", include("verbund.public.urls")),  # last: /<municipality>/… (public pages)
]

handler400 = "verbund.core.views.error_400"
handler403 = "verbund.core.views.error_403"
handler404 = "verbund.core.views.error_404"
handler500 = "verbund.core.views.error_500"
