"""Writes of development reports: draft, texts, freeze into the archive."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes

from .models import SECTION_KEYS, Report, ReportFreeze

CREATE_FIELDS = ["title", "period_start", "period_end"]
TEXT_FIELDS = ["introduction", *[f"text_{key}" for key in SECTION_KEYS], "conclusion"]
EDIT_FIELDS = [*CREATE_FIELDS, *TEXT_FIELDS]


@transaction.atomic
def report_create(*, actor, centre, data: dict) -> Report:
    data = {**data}
    if not (data.get("title") or "").strip() and data.get("period_start"):
        data["title"] = _("Entwicklungsbericht %(year)s") % {"year": data["period_start"].year}
    return create_logged(
        Report,
        actor=actor,
        action="reports.report.create",
        values={"municipality": centre.municipality, "centre": centre},
        fields=EDIT_FIELDS,
        data={
            name: data.get(name, "" if name in [*TEXT_FIELDS, "title"] else None)
            for name in EDIT_FIELDS
        },
        log_fields=CREATE_FIELDS,
    )


@transaction.atomic
def report_update(*, actor, report: Report, data: dict) -> Report:
    return save_changes(
        report, fields=EDIT_FIELDS, data=data, action="reports.report.update", actor=actor
    )


@transaction.atomic
def report_freeze(*, actor, report: Report, access) -> ReportFreeze:
    """Render the report as it is now, file the PDF in the centre's archive (kind
    Entwicklungsbericht, linked to the report; a later freeze adds a version of that document)
    and keep the content as a frozen version."""
    from verbund.documents.choices import DocumentKind
    from verbund.documents.services import file_generated

    from .content import build
    from .render import report_file_name, report_pdf

    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("centre", "centre__provider", "municipality")
        .get(pk=report.pk)
    )
    content = build(report, access=access)
    number = (report.freezes.aggregate(top=Max("number"))["top"] or 0) + 1
    pdf = report_pdf(content, frozen=number)
    document = file_generated(
        actor=actor,
        municipality=report.municipality,
        centre=report.centre,
        kind=DocumentKind.DEVELOPMENT_REPORT,
        title=f"{report.title}: {report.centre.name}",
        data=pdf,
        file_name=report_file_name(report, number),
        target=report,
        document_date=report.period_end,
    )
    version = document.versions.aggregate(top=Max("number"))["top"]
    freeze = ReportFreeze(
        municipality=report.municipality,
        report=report,
        number=number,
        content=content,
        document=document,
        document_version=version,
        sha256=hashlib.sha256(pdf).hexdigest(),
        frozen_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    freeze.full_clean()
    freeze.save()
    log_action(
        "reports.report.freeze",
        actor=actor,
        instance=report,
        after={
            "Fassung": number,
            "Dokument": document.pk,
            "Version im Archiv": version,
            "Prüfsumme (SHA-256)": freeze.sha256,
        },
    )
    return freeze
