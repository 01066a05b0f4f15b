"""Test helpers: a programme with goals built through the services."""

from __future__ import annotations

from datetime import date

from django_scopes import scopes_disabled

from .. import services


def goal_data(**extra):
    data = {
        "title": "Mehr Familien mit Babys erreichen",
        "target_group": "Eltern mit Kindern unter 3 Jahren",
        "extent": "zehn Familien mehr als im Vorjahr",
        "due_on": date(2027, 12, 31),
        "indicator": "families_brokered",
        "target_value": 40,
    }
    data.update(extra)
    return data


def programme_with_goals(centre, *, year=2027, goals=1, approved=False, actor=None):
    with scopes_disabled():
        programme = services.programme_create(actor=actor, centre=centre, year=year)
        for n in range(goals):
            goal = services.goal_create(
                actor=actor,
                programme=programme,
                data=goal_data(title=f"Ziel {n + 1}", due_on=date(year, 12, 31)),
            )
            services.measure_create(
                actor=actor,
                goal=goal,
                data={
                    "title": f"Maßnahme {n + 1}",
                    "start_on": date(year, 2, 29) if year % 4 == 0 else date(year, 3, 1),
                    "end_on": date(year, 6, 30),
                    "status": "done",
                },
            )
        if approved:
            services.programme_submit(actor=actor, programme=programme)
            services.programme_approve(actor=actor, programme=programme)
            programme.refresh_from_db()
    return programme
