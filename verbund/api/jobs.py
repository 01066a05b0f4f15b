"""Background work of the open-data API: the datapackage built ahead of its download.

``run_scheduled_jobs`` (every 15 minutes) queues one job per municipality whose kept package
no longer matches its data, so that the first download after a change is served from the
file, too. The host of the package's absolute URLs is the configured ``VERBUND_SITE_URL``;
without it nothing is queued here. A download after a change queues the same job with its
own host and language (``package_cache.open_package``).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from verbund.core.tasks import tenant_task

from . import hsds, package_cache


def site_url() -> str:
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/")


@tenant_task
def prepare_datapackage(job, *, base_url: str, language: str = "") -> str:
    municipality = job.job.municipality
    ctx = hsds.Context(municipality=municipality, base_url=base_url)
    with translation.override(language or settings.LANGUAGE_CODE):
        built = package_cache.prepare(ctx)
    if built:
        return _("Datenpaket erstellt.")
    return _("Datenpaket war schon aktuell.")


def scheduled_prepare_datapackages() -> int:
    """Queue a build for every municipality whose package is not kept; how many."""
    from verbund.tenancy.models import Municipality

    base_url = site_url()
    if not base_url:
        return 0
    queued = 0
    with scopes_disabled():
        for municipality in Municipality.objects.order_by("pk"):
            ctx = hsds.Context(municipality=municipality, base_url=base_url)
            if package_cache.is_kept(ctx):
                continue
            prepare_datapackage.enqueue(
                municipality=municipality,
                label=_("Offene Daten: Datenpaket vorbereiten"),
                base_url=base_url,
            )
            queued += 1
    return queued
