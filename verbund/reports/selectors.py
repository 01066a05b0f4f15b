from __future__ import annotations

from django.db.models import QuerySet

from . import permissions as perms
from .models import Report, ReportFreeze


def reports(*, municipality, access, permission=perms.view_report) -> QuerySet:
    return access.narrow(
        permission,
        Report.objects.filter(municipality=municipality).select_related(
            "centre", "centre__provider"
        ),
    )


def report_detail(*, municipality, access, report_id: int) -> Report:
    """Raises Report.DoesNotExist for what the user may not see."""
    return (
        reports(municipality=municipality, access=access)
        .select_related("municipality")
        .get(pk=report_id)
    )


def freezes_of(report: Report) -> list[ReportFreeze]:
    return list(
        ReportFreeze.objects.filter(municipality=report.municipality, report=report)
        .select_related("frozen_by", "document")
        .order_by("-number")
    )
