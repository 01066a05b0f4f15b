"""Writes of the action budget: budgets, applications, decisions and bookings.

Every write that changes the money locks the budget row first (``select_for_update``), reads
the totals again under the lock and only then checks and books: two people approving or
booking at the same moment are served one after the other, and the second sees what the first
booked. The database constraints on the rows (``models``) are the last line.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.cooperation.uploads import check_upload, download_name
from verbund.core.audit import create_logged, log_action, save_changes, snapshot
from verbund.core.numbers import format_amount

from .models import (
    APPROVED_STATES,
    ActionBudget,
    ApplicationStatus,
    BudgetApplication,
    Spending,
)
from .rules import may_decide

BUDGET_FIELDS = [
    "year",
    "title",
    "centre",
    "area",
    "funding_source",
    "decided_by",
    "amount",
    "allow_overspend",
]
APPLICATION_FIELDS = [
    "centre",
    "organisation",
    "purpose",
    "description",
    "amount_requested",
    "need",
    "goal",
    "planned_on",
]
SPENDING_FIELDS = ["spent_on", "amount", "note"]


def _euro(value: Decimal) -> str:
    return f"{format_amount(value)} €"


def _check_budget(budget: ActionBudget) -> None:
    """A budget cannot be cut below what is already approved or spent (unless overspending
    is allowed)."""
    if budget.allow_overspend or budget.amount is None:
        return
    if budget.amount < budget.spent_total:
        raise ValidationError(
            {
                "amount": _(
                    "Es sind schon %(spent)s ausgegeben; der Betrag kann nicht kleiner sein."
                )
                % {"spent": _euro(budget.spent_total)}
            }
        )
    if budget.amount < budget.approved_total:
        raise ValidationError(
            {
                "amount": _(
                    "Es sind schon %(approved)s bewilligt; der Betrag kann nicht kleiner sein."
                )
                % {"approved": _euro(budget.approved_total)}
            }
        )


@transaction.atomic
def budget_create(*, actor, municipality, data: dict) -> ActionBudget:
    budget = ActionBudget(municipality=municipality)
    return create_logged(
        budget,
        actor=actor,
        action="budget.budget.created",
        fields=BUDGET_FIELDS,
        data=data,
    )


@transaction.atomic
def budget_update(*, actor, budget: ActionBudget, data: dict) -> ActionBudget:
    locked = ActionBudget.objects.select_for_update().get(pk=budget.pk)
    # The form was built on ``budget``; its totals may be older than the locked row's.
    candidate = ActionBudget.objects.get(pk=locked.pk)
    for name in BUDGET_FIELDS:
        if name in data:
            setattr(candidate, name, data[name])
    _check_budget(candidate)
    return save_changes(
        locked, fields=BUDGET_FIELDS, data=data, action="budget.budget.changed", actor=actor
    )


@transaction.atomic
def application_create(*, actor, budget: ActionBudget, data: dict) -> BudgetApplication:
    centre, organisation = data.get("centre"), data.get("organisation")
    if bool(centre) == bool(organisation):
        raise ValidationError(
            {
                "organisation": _(
                    "Bitte wählen Sie genau einen Antragsteller: Ihr Familienzentrum oder "
                    "Ihre Organisation."
                )
            }
        )
    need = data.get("need")
    if need is not None and need.municipality_id != budget.municipality_id:
        raise ValidationError({"need": _("Dieser Bedarf gehört nicht zu dieser Kommune.")})
    goal = data.get("goal")
    if goal is not None and goal.municipality_id != budget.municipality_id:
        raise ValidationError({"goal": _("Dieses Ziel gehört nicht zu dieser Kommune.")})
    return create_logged(
        BudgetApplication(municipality=budget.municipality, budget=budget, applied_by=actor),
        actor=actor,
        action="budget.application.created",
        fields=APPLICATION_FIELDS,
        data=data,
        log_fields=["budget", *APPLICATION_FIELDS],
    )


@transaction.atomic
def application_decide(
    *,
    actor,
    access,
    application: BudgetApplication,
    status: str,
    amount: Decimal | None,
    reason: str,
) -> BudgetApplication:
    """Approve, partly approve or reject ``application`` (once), as the budget's owner."""
    budget = ActionBudget.objects.select_for_update().get(pk=application.budget_id)
    application = BudgetApplication.objects.select_for_update().get(pk=application.pk)
    if not may_decide(access, budget):
        raise ValidationError(
            _("Über Anträge an dieses Budget entscheidet %(owner)s.")
            % {"owner": budget.get_decided_by_display()}
        )
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("Über diesen Antrag wurde schon entschieden (%(status)s).")
            % {"status": application.get_status_display()}
        )
    reason = (reason or "").strip()
    if status == ApplicationStatus.APPROVED:
        amount = application.amount_requested
    elif status == ApplicationStatus.PARTLY:
        if amount is None:
            raise ValidationError({"amount": _("Bitte geben Sie den bewilligten Betrag an.")})
        if not (Decimal("0") < amount < application.amount_requested):
            raise ValidationError(
                {
                    "amount": _(
                        "Teilweise bewilligt heißt: mehr als 0 € und weniger als die "
                        "beantragten %(requested)s."
                    )
                    % {"requested": _euro(application.amount_requested)}
                }
            )
    elif status == ApplicationStatus.REJECTED:
        amount = None
    else:
        raise ValidationError({"status": _("Bitte wählen Sie eine Entscheidung.")})
    if status != ApplicationStatus.APPROVED and not reason:
        raise ValidationError(
            {"reason": _("Bitte begründen Sie eine Ablehnung oder teilweise Bewilligung.")}
        )
    if amount is not None and not budget.allow_overspend and amount > budget.uncommitted:
        raise ValidationError(
            {
                "amount" if status == ApplicationStatus.PARTLY else "status": _(
                    "Im Budget sind nur noch %(free)s frei (von %(total)s sind %(approved)s "
                    "bewilligt); %(amount)s können nicht bewilligt werden."
                )
                % {
                    "free": _euro(max(budget.uncommitted, Decimal("0"))),
                    "total": _euro(budget.amount),
                    "approved": _euro(budget.approved_total),
                    "amount": _euro(amount),
                }
            }
        )
    before = snapshot(application, ["status", "amount_approved", "decision_reason"])
    application.status = status
    application.amount_approved = amount
    application.decision_reason = reason
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.full_clean()
    application.save()
    if amount:
        budget.approved_total += amount
        budget.full_clean()
        budget.save(update_fields=["approved_total", "updated_at"])
    log_action(
        "budget.application.decided",
        actor=actor,
        instance=application,
        before=before,
        after=snapshot(application, ["status", "amount_approved", "decision_reason"]),
    )
    return application


@transaction.atomic
def spending_record(*, actor, application: BudgetApplication, data: dict, receipt=None) -> Spending:
    """Book an expense with its receipt against an approved application."""
    checked = None
    if receipt is not None:
        try:
            checked = check_upload(receipt)
        except ValidationError as error:
            raise ValidationError({"receipt": error.messages}) from error
    budget = ActionBudget.objects.select_for_update().get(pk=application.budget_id)
    application = BudgetApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in APPROVED_STATES:
        raise ValidationError(_("Ausgaben können nur zu einem bewilligten Antrag erfasst werden."))
    amount = data.get("amount")
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Der Betrag muss größer als 0 € sein.")})
    if amount > application.available:
        raise ValidationError(
            {
                "amount": _(
                    "Für diesen Antrag sind nur noch %(available)s bewilligt und nicht "
                    "ausgegeben; %(amount)s sind zu viel."
                )
                % {"available": _euro(application.available), "amount": _euro(amount)}
            }
        )
    if not budget.allow_overspend and budget.spent_total + amount > budget.amount:
        raise ValidationError(
            {
                "amount": _(
                    "Im Budget sind nur noch %(remaining)s übrig; %(amount)s würden es "
                    "überschreiten."
                )
                % {"remaining": _euro(budget.remaining), "amount": _euro(amount)}
            }
        )
    spending = Spending(
        municipality=budget.municipality,
        budget=budget,
        application=application,
        recorded_by=actor,
    )
    stored = None
    if checked is not None:
        name = download_name(receipt.name or "beleg", checked.content_type)
        spending.receipt_name = name
        spending.receipt_type = checked.content_type
        spending.receipt_size = checked.size
        spending.receipt_sha256 = checked.sha256
        receipt.seek(0)
        spending.receipt.save(name, receipt, save=False)
        stored = spending.receipt.name
    try:
        spending = create_logged(
            spending,
            actor=actor,
            action="budget.spending.recorded",
            fields=SPENDING_FIELDS,
            data=data,
            extra={"receipt_name": spending.receipt_name},
            log_fields=["spent_on", "amount", "note"],
            log_instance=application,
        )
        application.spent += amount
        application.full_clean()
        application.save(update_fields=["spent", "updated_at"])
        budget.spent_total += amount
        budget.full_clean()
        budget.save(update_fields=["spent_total", "updated_at"])
    except Exception:
        if stored:
            spending.receipt.storage.delete(stored)
        raise
    return spending
