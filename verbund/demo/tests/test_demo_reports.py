import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.accounts.models import User
from verbund.reports.models import Report

pytestmark = pytest.mark.django_db


def test_demo_report_has_texts_and_the_coordinator_generates_pdf_and_docx():
    call_command("seed_demo", stdout=io.StringIO())
    with scopes_disabled():
        report = Report.objects.select_related("centre").get(municipality__slug="lindenhagen")
        assert report.centre.name == "Familienzentrum Nordstadt"
        assert report.period_start.year == report.period_end.year == 2026
        assert report.text_network and report.text_goals and not report.text_meetings
        coordinator = User.objects.get(username="koordination")
    client = Client()
    client.force_login(coordinator)
    for name in ("report_detail", "report_pdf", "report_docx"):
        response = client.get(reverse(f"reports:{name}", args=["lindenhagen", report.pk]))
        assert response.status_code == 200, name
    call_command("seed_demo_reports", stdout=io.StringIO())
    with scopes_disabled():
        assert Report.objects.filter(municipality__slug="lindenhagen").count() == 1
