"""Development report: drafts and texts, figures from the live data, PDF and DOCX, freezing
into the archive, bad input and who sees what."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.core.models import AuditEntry
from verbund.core.roles import Role
from verbund.reports import services
from verbund.reports.content import build
from verbund.reports.models import Report, ReportFreeze

from .helpers import PERIOD, fill, make_report

pytestmark = pytest.mark.django_db


def url(name, tenant, *args):
    return reverse(f"reports:{name}", args=[tenant.municipality.slug, *args])


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> tuple[str, list]:
    from docx import Document

    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    return text + "\n" + cells, document


def test_coordinator_creates_report_writes_texts_audited(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("report_create", tenant),
        {"centre": tenant.centre.pk, "period_start": "2026-01-01", "period_end": "2026-12-31"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        report = Report.objects.get()
    assert report.title == "Entwicklungsbericht 2026"
    page = client.get(url("report_edit", tenant, report.pk)).content.decode()
    assert 'name="edit_version"' in page
    data = {
        "title": "Entwicklungsbericht 2026",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "text_network": "Drei neue Partner aus dem Gesundheitswesen.",
        "text_goals": "Das Elterncafé läuft gut.",
    }
    response = client.post(url("report_edit", tenant, report.pk), data)
    assert response.status_code == 302
    with scopes_disabled():
        report.refresh_from_db()
        actions = list(
            AuditEntry.objects.filter(object_id=str(report.pk)).values_list("action", flat=True)
        )
    assert report.text_network.startswith("Drei neue Partner")
    assert "reports.report.create" in actions and "reports.report.update" in actions
    page = client.get(url("report_detail", tenant, report.pk)).content.decode()
    assert "Drei neue Partner aus dem Gesundheitswesen." in page


def test_period_ending_before_it_starts_is_refused(client, tenant):
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(
        url("report_create", tenant),
        {"centre": tenant.centre.pk, "period_start": "2026-12-31", "period_end": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "endet vor seinem Beginn" in response.content.decode()
    report = make_report(tenant.centre)
    response = client.post(
        url("report_edit", tenant, report.pk),
        {"title": "X", "period_start": "2026-06-01", "period_end": "2026-05-01"},
    )
    assert response.status_code == 400
    assert "endet vor seinem Beginn" in response.content.decode()
    with scopes_disabled():
        assert Report.objects.count() == 1
        assert Report.objects.get().period_end == date(2026, 12, 31)
        with pytest.raises(ValidationError, match="endet vor seinem Beginn"):
            services.report_create(
                actor=None,
                centre=tenant.centre,
                data={"period_start": date(2026, 5, 1), "period_end": date(2026, 1, 1)},
            )


def test_another_centres_report_is_404_and_forged_ids_are_refused(client, tenant, foreign):
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    with scopes_disabled():
        other_centre = FamilyCentreFactory(municipality=tenant.municipality)
    other = make_report(other_centre)
    foreign_report = make_report(foreign.centre)
    client.force_login(tenant.users[Role.COORDINATOR])
    for name in ("report_detail", "report_edit", "report_pdf", "report_docx"):
        assert client.get(url(name, tenant, other.pk)).status_code == 404
        assert client.get(url(name, tenant, foreign_report.pk)).status_code == 404
        assert client.get(url(name, tenant, 999999)).status_code == 404
    assert client.post(url("report_freeze", tenant, other.pk)).status_code == 404
    assert client.post(url("report_edit", tenant, other.pk), {"title": "x"}).status_code == 404
    for centre in (other_centre.pk, foreign.centre.pk, 999999, "abc"):
        response = client.post(
            url("report_create", tenant),
            {"centre": centre, "period_start": "2026-01-01", "period_end": "2026-12-31"},
        )
        assert response.status_code == 400
    with scopes_disabled():
        assert Report.objects.count() == 2
        assert not ReportFreeze.objects.exists()


def test_roles_provider_and_planner_read_partner_sees_nothing(client, tenant):
    report = make_report(tenant.centre, text_needs="Sprachkurse fehlen.")
    for role in (Role.PROVIDER_ADMIN, Role.PLANNER, Role.CENTRE_LEAD):
        client.force_login(tenant.users[role])
        page = client.get(url("report_detail", tenant, report.pk))
        assert page.status_code == 200
        assert "Sprachkurse fehlen." in page.content.decode()
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    assert client.get(url("report_pdf", tenant, report.pk)).status_code == 403
    assert (
        "Texte bearbeiten"
        not in client.get(url("report_detail", tenant, report.pk)).content.decode()
    )
    for role in (Role.PARTNER, Role.VISITOR):
        client.force_login(tenant.users[role])
        assert client.get(url("report_list", tenant)).status_code == 403
        assert client.get(url("report_detail", tenant, report.pk)).status_code in (403, 404)


def test_content_reads_the_live_data(tenant):
    fill(tenant, 3)
    report = make_report(tenant.centre)
    with scope(municipality=tenant.municipality.pk):
        content = build(
            report, access=access_for(tenant.users[Role.COORDINATOR], tenant.municipality)
        )
    sections = {s["key"]: s["data"] for s in content["sections"]}
    area = sections["profile"]["areas"][0]
    assert area["name"] == "Nordstadt-Mitte"
    assert {row["label"] for row in area["rows"]} == {"Kinderarmut", "Alleinerziehende"}
    assert area["rows"][0]["trend"] == "gestiegen" and area["rows"][0]["value"] == "23,0"
    assert sections["network"]["partners"]["new"] == 3
    assert sections["network"]["agreements"]["signed_count"] == 3
    assert sections["network"]["bodies"][0]["name"] == "Runder Tisch Frühe Hilfen"
    assert sections["offers"]["total"] == 3
    assert any(r["count"] == 3 for r in sections["offers"]["chain"])
    assert len(sections["offers"]["gaps_closed"]) == 3
    assert sections["needs"]["reported_count"] == 3
    goal = sections["goals"]["programmes"][0]["goals"][0]
    assert goal["decision"] == "anpassen" and goal["light"].startswith("gelb")
    assert goal["value"] == "0,0"  # pulled from the system (families brokered), not typed
    assert sections["meetings"]["count"] == 3


def test_pdf_and_docx_contain_texts_and_figures(client, tenant):
    fill(tenant, 2)
    report = make_report(
        tenant.centre,
        text_profile="Die Kinderarmut ist gestiegen.",
        text_meetings="Der Runde Tisch tagte regelmäßig.",
    )
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.get(url("report_pdf", tenant, report.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    for expected in (
        "Entwicklungsbericht 2026",
        "Die Kinderarmut ist gestiegen.",
        "Der Runde Tisch tagte regelmäßig.",
        "Kinderarmut",
        "Kooperation Hebammen 0",
        "Sitzungen im Zeitraum: 2.",
        "Runder Tisch Frühe Hilfen",
    ):
        assert expected in text, expected
    response = client.get(url("report_docx", tenant, report.pk))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text, document = docx_text(response.content)
    for expected in (
        "Die Kinderarmut ist gestiegen.",
        "Der Runde Tisch tagte regelmäßig.",
        "Kooperation Hebammen 1",
        "Sitzungen im Zeitraum: 2.",
    ):
        assert expected in text, expected
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Sozialraumprofil" in headings and "6. Sitzungen" in headings
    assert document.tables, "figures as real tables"
    header = document.tables[0].rows[0]._tr
    assert header.xpath("./w:trPr/w:tblHeader"), "header row marked for screen readers"


def test_query_count_does_not_grow_with_the_data(client, tenant):
    report = make_report(tenant.centre)
    fill(tenant, 1, tag="a")
    client.force_login(tenant.users[Role.COORDINATOR])
    counts = {}
    for size, extra in (("small", 0), ("large", 12)):
        if extra:
            fill(tenant, extra, tag="b")
        for name in ("report_detail", "report_docx", "report_pdf"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(name, tenant, report.pk)).status_code == 200
            counts[(size, name)] = len(queries)
    for name in ("report_detail", "report_docx", "report_pdf"):
        assert counts[("small", name)] == counts[("large", name)], counts
    assert counts[("large", "report_detail")] <= 45


def test_freeze_files_the_pdf_and_never_changes(client, tenant):
    from verbund.documents.choices import DocumentKind
    from verbund.documents.models import Document, DocumentLink

    fill(tenant, 1)
    report = make_report(tenant.centre, text_offers="Erste Fassung des Textes.")
    client.force_login(tenant.users[Role.COORDINATOR])
    response = client.post(url("report_freeze", tenant, report.pk))
    assert response.status_code == 302
    with scopes_disabled():
        freeze = ReportFreeze.objects.get()
        document = Document.objects.get()
        assert document.kind == DocumentKind.DEVELOPMENT_REPORT
        assert document.centre_id == tenant.centre.pk
        assert DocumentLink.objects.filter(document=document, target_id=report.pk).exists()
        assert "Erste Fassung des Textes." in " ".join(
            pdf_text(document.versions.get().file.read()).split()
        )
        assert freeze.document_version == 1
        # Editing a frozen version is refused, the draft stays editable.
        freeze.content["sections"][2]["text"] = "geändert"
        with pytest.raises(ValidationError, match="nicht mehr geändert"):
            freeze.save()
    client.post(
        url("report_edit", tenant, report.pk),
        {
            **{k: v.isoformat() for k, v in PERIOD.items()},
            "title": "Entwicklungsbericht 2026",
            "text_offers": "Zweite Fassung.",
        },
    )
    client.post(url("report_freeze", tenant, report.pk))
    with scopes_disabled():
        first, second = ReportFreeze.objects.order_by("number")
        assert first.content["sections"][2]["text"] == "Erste Fassung des Textes."
        assert second.content["sections"][2]["text"] == "Zweite Fassung."
        assert Document.objects.count() == 1, "a new freeze is a new version of the document"
        assert second.document_version == 2
        assert AuditEntry.objects.filter(action="reports.report.freeze").count() == 2
    page = client.get(url("report_detail", tenant, report.pk)).content.decode()
    assert "Fassung 2 vom" in page and "im Archiv (Version 2)" in page
    # Readers cannot freeze.
    client.force_login(tenant.users[Role.PROVIDER_ADMIN])
    assert client.post(url("report_freeze", tenant, report.pk)).status_code == 403
