"""Concurrent bookings cannot overspend: the service locks the budget row (PostgreSQL).

Five people book 30 € each against a 100 € budget at the same moment, each in their own
thread and database connection: exactly three bookings go through, the others are refused
with a message, and the totals match the rows."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Sum
from django_scopes import scopes_disabled

from verbund.budget import services
from verbund.budget.models import ActionBudget, BudgetApplication, Spending
from verbund.core.roles import Role

from .helpers import approved_application

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite locks all)"
    ),
]

WORKERS = 5


def test_parallel_bookings_never_overspend(tenant):
    application = approved_application(tenant, amount="100.00", budget_amount="100.00")
    actor = tenant.users[Role.COORDINATOR]
    barrier = threading.Barrier(WORKERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def book():
        try:
            with scopes_disabled():
                target = BudgetApplication.objects.get(pk=application.pk)
                barrier.wait(timeout=10)
                try:
                    services.spending_record(
                        actor=actor,
                        application=target,
                        data={"amount": Decimal("30.00"), "spent_on": "2026-05-04", "note": "x"},
                    )
                except ValidationError as error:
                    result = "refused: " + " ".join(error.messages)
                else:
                    result = "booked"
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == WORKERS, outcomes
    assert outcomes.count("booked") == 3, outcomes
    assert all("nur noch" in o for o in outcomes if o != "booked"), outcomes
    with scopes_disabled():
        budget = ActionBudget.objects.get(pk=application.budget_id)
        booked = Spending.objects.filter(budget=budget).aggregate(total=Sum("amount"))["total"]
        assert budget.spent_total == booked == Decimal("90.00")
        assert BudgetApplication.objects.get(pk=application.pk).spent == Decimal("90.00")


def test_without_the_lock_the_database_still_refuses(tenant):
    """The last line: a write that skips the service cannot push the total over the amount."""
    from django.db import IntegrityError, transaction

    application = approved_application(tenant, amount="100.00", budget_amount="100.00")
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        ActionBudget.objects.filter(pk=application.budget_id).update(spent_total=Decimal("120.00"))
