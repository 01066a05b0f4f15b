"""Sample values for the homepage part's URL kwargs: a published homepage of ``tenant.centre``
(so its public address answers 200) with one download."""

from __future__ import annotations


def _page(tenant):
    if "public_page" not in tenant.extra:
        from django.core.files.base import ContentFile
        from django_scopes import scopes_disabled

        from ..models import CentrePage, PageDownload
        from .homepage_helpers import tiny_pdf

        with scopes_disabled():
            page = CentrePage.objects.create(
                municipality=tenant.municipality,
                centre=tenant.centre,
                published=True,
                introduction="<p>Willkommen</p>",
            )
            download = PageDownload(
                municipality=tenant.municipality,
                page=page,
                title="Faltblatt",
                language="de",
                content_type="application/pdf",
                size=9,
            )
            download.file.save("faltblatt.pdf", ContentFile(tiny_pdf()), save=True)
        tenant.extra["public_page"] = page
        tenant.extra["public_download"] = download
    return tenant.extra["public_page"]


def _centre_slug(tenant):
    return _page(tenant).centre.slug


def _download_id(tenant):
    _page(tenant)
    return tenant.extra["public_download"].pk


SAMPLES = {"centre_slug": _centre_slug, "download_id": _download_id}
