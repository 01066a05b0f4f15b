"""Pure helpers of planning's services: date shifting, the edit guard, pulled figures."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .indicators import current_value
from .models import Programme, Review


def shift_year(day: date | None, years: int = 1) -> date | None:
    """The same day ``years`` later (29 February becomes 28 February)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def require_editable(programme: Programme) -> None:
    if not programme.is_editable:
        raise ValidationError(
            _(
                "Das Jahresprogramm %(year)s ist %(status)s und kann so nicht bearbeitet werden. "
                "Öffnen Sie es ausdrücklich wieder, um es zu ändern."
            )
            % {"year": programme.year, "status": programme.get_status_display()}
        )


def pulled_values(review: Review, goals, *, day: date | None = None) -> dict[int, int | None]:
    """The system's current value per goal (None: entered by hand); one query per indicator
    kind in use, not per goal."""
    day = day or timezone.localdate()
    start = date(review.programme.year, 1, 1)
    cache: dict[str, int | None] = {}
    values = {}
    for goal in goals:
        if goal.indicator not in cache:
            cache[goal.indicator] = current_value(
                goal.indicator, review.programme.centre, start, day
            )
        values[goal.pk] = cache[goal.indicator]
    return values
