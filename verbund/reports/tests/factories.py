"""Factories for the report models (the tenant-guard test builds rows of every model)."""

from __future__ import annotations

import datetime

import factory

from verbund.reports.models import Report
from verbund.tenancy.tests.factories import FamilyCentreFactory, ScopesDisabledFactory


class ReportFactory(ScopesDisabledFactory):
    class Meta:
        model = Report

    centre = factory.SubFactory(FamilyCentreFactory)
    municipality = factory.SelfAttribute("centre.municipality")
    title = factory.Sequence(lambda n: f"Entwicklungsbericht {n}")
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
