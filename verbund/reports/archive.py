"""The reports' side of the document archive: a development report as a link target (the
frozen versions are filed as documents linked to their report)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _reports(*, municipality, access):
    from .selectors import reports

    return reports(municipality=municipality, access=access).order_by("-period_end", "pk")


def register() -> None:
    from verbund.documents.links import register_link_kind

    register_link_kind(
        "reports.report",
        label=_("Entwicklungsbericht"),
        choices=_reports,
        url=lambda obj: reverse("reports:report_detail", args=[obj.municipality.slug, obj.pk]),
        name=str,
    )
