"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests.

The sample programme is a draft of ``tenant.centre`` (so its coordinator and lead may add goals)
with one goal, one measure of the coordinator and one planned review.
"""

from __future__ import annotations

from datetime import date

from verbund.core.roles import Role


def sample(tenant):
    if "planning.programme" not in tenant.extra:
        from django_scopes import scopes_disabled

        from .. import services

        coordinator = tenant.users[Role.COORDINATOR]
        with scopes_disabled():
            programme = services.programme_create(actor=None, centre=tenant.centre, year=2027)
            goal = services.goal_create(
                actor=None,
                programme=programme,
                data={
                    "title": "Mehr Familien mit Babys erreichen",
                    "target_group": "Eltern mit Kindern unter 3 Jahren",
                    "due_on": date(2027, 12, 31),
                    "indicator": "families_brokered",
                    "target_value": 40,
                },
            )
            measure = services.measure_create(
                actor=None,
                goal=goal,
                data={"title": "Elterncafé bewerben", "responsible": coordinator},
            )
            review = services.review_plan(
                actor=None, programme=programme, data={"planned_on": date(2027, 6, 30)}
            )
        tenant.extra.update(
            {
                "planning.programme": programme,
                "planning.goal": goal,
                "planning.measure": measure,
                "planning.review": review,
            }
        )
    return tenant.extra


SAMPLES = {
    "programme_id": lambda tenant: sample(tenant)["planning.programme"].pk,
    "goal_id": lambda tenant: sample(tenant)["planning.goal"].pk,
    "measure_id": lambda tenant: sample(tenant)["planning.measure"].pk,
    "review_id": lambda tenant: sample(tenant)["planning.review"].pk,
    "coordinator_id": lambda tenant: tenant.users[Role.COORDINATOR].pk,
}
