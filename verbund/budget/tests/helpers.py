"""Building blocks for the budget tests: an approved application with totals kept right."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from verbund.budget.models import ApplicationStatus

from .factories import ActionBudgetFactory, BudgetApplicationFactory


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def receipt(name="quittung.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def approved_application(tenant, *, amount="500.00", budget_amount="5000.00", **budget_kwargs):
    """An application of the tenant's centre, approved in full (budget totals updated)."""
    with scopes_disabled():
        budget = ActionBudgetFactory(
            municipality=tenant.municipality,
            centre=tenant.centre,
            amount=Decimal(budget_amount),
            approved_total=Decimal(amount),
            **budget_kwargs,
        )
        return BudgetApplicationFactory(
            budget=budget,
            centre=tenant.centre,
            amount_requested=Decimal(amount),
            amount_approved=Decimal(amount),
            status=ApplicationStatus.APPROVED,
        )
