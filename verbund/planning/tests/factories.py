"""Factories for the planning models (the tenant-guard test builds rows of every model)."""

from __future__ import annotations

import datetime

import factory

from verbund.planning.models import Goal, Measure, Programme, Review
from verbund.tenancy.tests.factories import FamilyCentreFactory, ScopesDisabledFactory


class ProgrammeFactory(ScopesDisabledFactory):
    class Meta:
        model = Programme

    centre = factory.SubFactory(FamilyCentreFactory)
    municipality = factory.SelfAttribute("centre.municipality")
    year = factory.Sequence(lambda n: 2000 + n)


class GoalFactory(ScopesDisabledFactory):
    class Meta:
        model = Goal

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SelfAttribute("programme.municipality")
    title = factory.Sequence(lambda n: f"Ziel {n}")
    target_group = "Eltern mit Kindern unter 3 Jahren"
    due_on = datetime.date(2027, 12, 31)
    indicator = "families_brokered"
    target_value = 10


class MeasureFactory(ScopesDisabledFactory):
    class Meta:
        model = Measure

    goal = factory.SubFactory(GoalFactory)
    municipality = factory.SelfAttribute("goal.municipality")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")


class ReviewFactory(ScopesDisabledFactory):
    class Meta:
        model = Review

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SelfAttribute("programme.municipality")
    planned_on = factory.Sequence(lambda n: datetime.date(2027, 1, 1) + datetime.timedelta(days=n))
