"""Who decides over a budget's applications (read-only; the views, the start page and the
services ask here)."""

from __future__ import annotations

from verbund.core.roles import Reach, Role

from . import permissions as perms
from .models import ActionBudget, DecisionBy


def may_decide(access, budget: ActionBudget) -> bool:
    """Whether the user is the budget's owner: the planning (or the municipality's
    administration) for the municipality's money, the provider of the centre for a budget
    the provider decides."""
    if not access.can(perms.decide_application):
        return False
    if Role.ADMIN in access.roles:
        return True
    if budget.decided_by == DecisionBy.MUNICIPALITY:
        return Role.PLANNER in access.roles
    provider_ids = access.reach_ids(perms.decide_application, Reach.PROVIDER)
    return budget.centre_id is not None and budget.centre.provider_id in provider_ids
