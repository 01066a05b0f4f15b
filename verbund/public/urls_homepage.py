"""Routes of the homepage part (see parts.py): internal pages under ``TENANT_PREFIX``, then the
public pages. The legal pages come before ``<municipality>/<centre>/``."""

from django.urls import path

from verbund.core.urls import TENANT_PREFIX

from .homepage import public_views as public
from .homepage import views

CENTRE = TENANT_PREFIX + "familienzentren/<int:centre_id>/homepage/"
PUBLIC = "<slug:municipality_slug>/"

urlpatterns: list = [
    path(CENTRE, views.HomepageEditView.as_view(), name="homepage_edit"),
    path(CENTRE + "vorschau/", views.HomepagePreviewView.as_view(), name="homepage_preview"),
    path(
        CENTRE + "veroeffentlichen/",
        views.HomepagePublishView.as_view(),
        name="homepage_publish",
    ),
    path(
        CENTRE + "offline/",
        views.HomepageUnpublishView.as_view(),
        name="homepage_unpublish",
    ),
    path(CENTRE + "downloads/", views.DownloadsView.as_view(), name="homepage_downloads"),
    path(
        CENTRE + "downloads/<int:download_id>/entfernen/",
        views.DownloadRemoveView.as_view(),
        name="homepage_download_remove",
    ),
    path(TENANT_PREFIX + "oeffentliche-seiten/", views.SiteEditView.as_view(), name="site_edit"),
    path(PUBLIC, public.PortalView.as_view(), name="portal"),
    path(PUBLIC + "impressum/", public.LegalPageView.as_view(kind="imprint"), name="imprint"),
    path(PUBLIC + "datenschutz/", public.LegalPageView.as_view(kind="privacy"), name="privacy"),
    path(
        PUBLIC + "barrierefreiheit/",
        public.LegalPageView.as_view(kind="accessibility"),
        name="accessibility",
    ),
    path(PUBLIC + "<slug:centre_slug>/", public.CentreHomepageView.as_view(), name="homepage"),
    path(
        PUBLIC + "<slug:centre_slug>/downloads/<int:download_id>/",
        public.DownloadView.as_view(),
        name="homepage_download",
    ),
    path(
        PUBLIC + "<slug:centre_slug>/broschueren/<int:brochure_id>/",
        public.BrochureDownloadView.as_view(),
        name="homepage_brochure",
    ),
]
