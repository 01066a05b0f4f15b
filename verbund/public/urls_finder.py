"""Routes of the finder part (see parts.py): the public search and offer pages, and the
planners' page of what families search for."""

from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from .finder import views, views_stats

# ``municipality``, not ``municipality_slug``: that name marks the internal routes under /k/
# (sign-in and membership in TenantScopeMiddleware, the tenant tests); these are public.
PUBLIC = "<slug:municipality>/angebote/"

urlpatterns: list = [
    path(PUBLIC, views.FinderView.as_view(), name="finder"),
    path(PUBLIC + "einbetten/", views.FinderEmbedView.as_view(), name="finder_embed"),
    path(PUBLIC + "<int:offer_id>/", views.OfferView.as_view(), name="offer"),
    path(
        TENANT_PREFIX + "angebote/familien-suchen/",
        views_stats.SearchStatsView.as_view(),
        name="search_stats",
    ),
    path(
        TENANT_PREFIX + "angebote/familien-suchen/export.csv",
        views_stats.SearchStatsExportView.as_view(),
        name="search_stats_export",
    ),
]
