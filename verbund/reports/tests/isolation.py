"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests: a
draft report of ``tenant.centre`` for 2026."""

from __future__ import annotations

from datetime import date


def sample(tenant):
    if "reports.report" not in tenant.extra:
        from django_scopes import scopes_disabled

        from .. import services

        with scopes_disabled():
            report = services.report_create(
                actor=None,
                centre=tenant.centre,
                data={
                    "title": "Entwicklungsbericht 2026",
                    "period_start": date(2026, 1, 1),
                    "period_end": date(2026, 12, 31),
                    "text_network": "Das Netzwerk ist gewachsen.",
                },
            )
        tenant.extra["reports.report"] = report
    return tenant.extra


SAMPLES = {"report_id": lambda tenant: sample(tenant)["reports.report"].pk}
