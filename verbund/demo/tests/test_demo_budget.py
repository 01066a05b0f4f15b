import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from verbund.budget.models import ActionBudget, BudgetApplication, Spending

pytestmark = pytest.mark.django_db


def test_demo_budget_has_an_approved_partly_spent_and_a_rejected_application():
    call_command("seed_demo", stdout=io.StringIO())
    with scopes_disabled():
        budget = ActionBudget.objects.get(municipality__slug="lindenhagen", year=2026)
        statuses = set(
            BudgetApplication.objects.filter(budget=budget).values_list("status", flat=True)
        )
        assert {"approved", "rejected", "submitted"} <= statuses
        approved = BudgetApplication.objects.get(budget=budget, status="approved")
        assert Decimal("0") < approved.spent < approved.amount_approved
        spent = sum(s.amount for s in Spending.objects.filter(budget=budget))
        assert budget.spent_total == spent == Decimal("392.40")
        assert all(s.receipt and s.receipt_size for s in Spending.objects.filter(budget=budget))
        assert approved.need is not None and budget.area is not None
    call_command("seed_demo_budget", stdout=io.StringIO())
    with scopes_disabled():
        assert ActionBudget.objects.filter(municipality__slug="lindenhagen").count() == 1
