"""Sample values for this app's URL kwargs (isolation and role-matrix tests)."""

from __future__ import annotations


def _sample(tenant):
    if "feed_source" not in tenant.extra:
        from django_scopes import scopes_disabled

        from ..models import FeedRun, FeedSource, RunStatus, SourceKind

        with scopes_disabled():
            source = FeedSource.objects.create(
                municipality=tenant.municipality,
                name="Nachbarstadt",
                kind=SourceKind.API,
                url="https://example.org/api/v1",
                centre=tenant.centre,
            )
            run = FeedRun.objects.create(
                municipality=tenant.municipality,
                source=source,
                status=RunStatus.INVALID,
                report={
                    "records": 1,
                    "error_count": 1,
                    "errors": [{"label": "„X“ (ID 1)", "errors": [["id", "kaputt"]]}],
                    "unmapped": {"t1": "Familie (ORUK)"},
                    "values": {},
                },
            )
        tenant.extra.update(feed_source=source, feed_run=run)
    return tenant.extra


SAMPLES = {
    "feed_source_id": lambda tenant: _sample(tenant)["feed_source"].pk,
    "feed_run_id": lambda tenant: _sample(tenant)["feed_run"].pk,
}
