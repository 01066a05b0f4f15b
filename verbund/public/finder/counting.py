"""Count one search: one UPDATE … SET count = count + 1, and an INSERT only on the first search
of a combination that day (portable to SQLite and PostgreSQL; a race on the insert is caught
by the unique constraint and becomes the update)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .forms import life_phase_key
from .models import SearchCount


def combination(selected: dict[str, str]) -> dict:
    """The normalised columns of a search (the age becomes its life phase)."""
    return {
        "life_phase": life_phase_key(selected.get("alter", "")) or "",
        "topic": selected.get("thema", ""),
        "language": selected.get("sprache", ""),
        "free_only": bool(selected.get("kostenlos")),
        "weekday": selected.get("tag", ""),
        "time_of_day": selected.get("zeit", ""),
        "near_kind": selected.get("nahe", ""),
        "step_free": bool(selected.get("stufenlos")),
    }


def count_search(*, municipality, selected: dict[str, str]) -> None:
    if not selected:
        return
    key = {"municipality": municipality, "day": timezone.localdate(), **combination(selected)}
    if SearchCount.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            SearchCount.objects.create(**key, count=1)
    except IntegrityError:
        SearchCount.objects.filter(**key).update(count=F("count") + 1)
