import datetime
from decimal import Decimal

import factory

from verbund.budget.models import (
    ActionBudget,
    ApplicationStatus,
    BudgetApplication,
    DecisionBy,
    Spending,
)
from verbund.tenancy.tests.factories import (
    FamilyCentreFactory,
    MunicipalityFactory,
    ScopesDisabledFactory,
)


class ActionBudgetFactory(ScopesDisabledFactory):
    class Meta:
        model = ActionBudget

    municipality = factory.SubFactory(MunicipalityFactory)
    centre = factory.SubFactory(
        FamilyCentreFactory, municipality=factory.SelfAttribute("..municipality")
    )
    year = 2026
    title = factory.Sequence(lambda n: f"Aktionsbudget {n}")
    funding_source = "Jugendamt, Haushaltsstelle 3630"
    decided_by = DecisionBy.MUNICIPALITY
    amount = Decimal("5000.00")


class BudgetApplicationFactory(ScopesDisabledFactory):
    class Meta:
        model = BudgetApplication

    budget = factory.SubFactory(ActionBudgetFactory)
    municipality = factory.SelfAttribute("budget.municipality")
    centre = factory.SelfAttribute("budget.centre")
    purpose = factory.Sequence(lambda n: f"Maßnahme {n}")
    amount_requested = Decimal("500.00")
    planned_on = datetime.date(2026, 6, 1)
    status = ApplicationStatus.SUBMITTED


class SpendingFactory(ScopesDisabledFactory):
    class Meta:
        model = Spending

    application = factory.SubFactory(BudgetApplicationFactory)
    budget = factory.SelfAttribute("application.budget")
    municipality = factory.SelfAttribute("application.municipality")
    spent_on = datetime.date(2026, 6, 2)
    amount = Decimal("10.00")
    note = "Material"
