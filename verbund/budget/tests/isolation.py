"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests.

The sample budget belongs to ``tenant.centre``; the sample application was made by the partner
organisation of ``tenant.facility`` (so every role that may see applications reaches it: the
centre's team and provider through the budget, the partner through its organisation) and is
approved, so the spending form opens; the sample booking has a receipt."""

from __future__ import annotations

from decimal import Decimal


def _budget(tenant):
    if "budget_budget" not in tenant.extra:
        from .factories import ActionBudgetFactory

        tenant.extra["budget_budget"] = ActionBudgetFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            approved_total=Decimal("300.00"),
            spent_total=Decimal("20.00"),
        )
    return tenant.extra["budget_budget"]


def _application(tenant):
    if "budget_application" not in tenant.extra:
        from django_scopes import scopes_disabled

        from verbund.network.models import Organisation
        from verbund.network.tests.factories import OrganisationFactory

        from .factories import BudgetApplicationFactory

        with scopes_disabled():
            organisation = Organisation.objects.filter(facility=tenant.facility).first()
        if organisation is None:
            organisation = OrganisationFactory(
                municipality=tenant.municipality, facility=tenant.facility
            )
        tenant.extra["budget_application"] = BudgetApplicationFactory(
            budget=_budget(tenant),
            centre=None,
            organisation=organisation,
            amount_requested=Decimal("300.00"),
            amount_approved=Decimal("300.00"),
            spent=Decimal("20.00"),
            status="approved",
        )
    return tenant.extra["budget_application"]


def _spending(tenant):
    if "budget_spending" not in tenant.extra:
        from django.core.files.base import ContentFile

        from .factories import SpendingFactory
        from .helpers import PNG

        spending = SpendingFactory(
            application=_application(tenant),
            amount=Decimal("20.00"),
            receipt_name="quittung.png",
            receipt_type="image/png",
            receipt_size=len(PNG),
        )
        spending.receipt.save("quittung.png", ContentFile(PNG), save=True)
        tenant.extra["budget_spending"] = spending
    return tenant.extra["budget_spending"]


SAMPLES = {
    "budget_id": lambda tenant: _budget(tenant).pk,
    "budget_application_id": lambda tenant: _application(tenant).pk,
    "spending_id": lambda tenant: _spending(tenant).pk,
}
