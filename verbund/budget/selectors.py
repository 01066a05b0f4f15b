"""Reads of the action budget, narrowed by the one access rule."""

from __future__ import annotations

from django.db.models import QuerySet

from verbund.areas.models import shape_of

from . import permissions as perms
from .models import ActionBudget, ApplicationStatus, BudgetApplication, Spending


def budget_list(*, municipality, access, year: int | None = None) -> QuerySet:
    budgets = ActionBudget.objects.filter(municipality=municipality).select_related(
        "centre", "area"
    )
    if year:
        budgets = budgets.filter(year=year)
    return access.narrow(perms.view_budget, budgets)


def budget_years(*, municipality) -> list[int]:
    return list(
        ActionBudget.objects.filter(municipality=municipality)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def budget_get(*, municipality, pk: int) -> ActionBudget:
    return (
        ActionBudget.objects.select_related("centre__provider", "area")
        .defer(*shape_of("area"))
        .get(municipality=municipality, pk=pk)
    )


def application_list(*, budget, access) -> QuerySet:
    applications = BudgetApplication.objects.filter(budget=budget).select_related(
        "centre", "organisation", "need"
    )
    return access.narrow(perms.view_application, applications)


def application_get(*, municipality, pk: int) -> BudgetApplication:
    return BudgetApplication.objects.select_related(
        "budget__centre__provider",
        "budget__area",
        "centre",
        "organisation",
        "need",
        "goal__programme__centre",
    ).get(municipality=municipality, pk=pk)


def spending_list(*, application) -> QuerySet:
    return Spending.objects.filter(application=application).select_related("recorded_by")


def spending_get(*, municipality, pk: int) -> Spending:
    return Spending.objects.select_related(
        "application__centre", "application__organisation", "budget__centre"
    ).get(municipality=municipality, pk=pk)


def bookings(*, budget, access) -> QuerySet:
    """The bookings of a budget for the accounting export (the user's reach)."""
    return access.narrow(
        perms.view_application,
        Spending.objects.filter(budget=budget).order_by("spent_on", "id"),
    )


# What the start page shows of an application, and what deciding who may decide reads.
START_PAGE_COLUMNS = (
    "id",
    "municipality_id",
    "purpose",
    "amount_requested",
    "created_at",
    "decided_at",
    "status",
    "budget",
    "budget__decided_by",
    "budget__centre",
    "budget__centre__provider_id",
    "centre",
    "centre__name",
    "organisation",
    "organisation__name",
)


def open_applications(*, municipality, access) -> QuerySet:
    """Applications waiting for a decision that the user may see (one query when iterated),
    with only the columns the start page shows."""
    return (
        access.narrow(
            perms.decide_application,
            BudgetApplication.objects.filter(
                municipality=municipality, status=ApplicationStatus.SUBMITTED
            ).select_related("budget__centre", "centre", "organisation"),
        )
        .only(*START_PAGE_COLUMNS)
        .order_by("created_at", "id")[:20]
    )


def recent_decisions(*, municipality, access, since) -> QuerySet:
    """Applications decided since ``since`` that the user may see (one query)."""
    return (
        access.narrow(
            perms.view_application,
            BudgetApplication.objects.filter(
                municipality=municipality, decided_at__gte=since
            ).select_related("budget__centre", "centre", "organisation"),
        )
        .only(*START_PAGE_COLUMNS)
        .order_by("-decided_at", "-id")[:20]
    )
