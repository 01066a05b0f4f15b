"""The user's notification inbox: recording what was told and marking it read.

Not audited on purpose: a notification is a copy of a due item the start page shows anyway,
and a read mark changes nothing of the municipality's data; logging them would bury the
changes the audit log is for.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Notification
from .registry import DueItem


@transaction.atomic
def notifications_mark_read(*, actor, municipality, pk: int | None = None) -> int:
    """Mark one (``pk``) or all unread notifications of ``actor`` as read; only their own."""
    qs = Notification.objects.filter(municipality=municipality, user=actor, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def notifications_create(*, municipality, user, items: list[DueItem]) -> int:
    """One notification per new item (by key); an item already told is not told again."""
    keys = [item.key for item in items if item.notify]
    if not keys:
        return 0
    known = set(
        Notification.objects.filter(municipality=municipality, user=user, key__in=keys).values_list(
            "key", flat=True
        )
    )
    new = [
        Notification(
            municipality=municipality,
            user=user,
            key=item.key[:200],
            title=item.title[:300],
            action=item.action[:200],
            url=item.url[:500],
            due=item.due,
        )
        for item in items
        if item.notify and item.key not in known
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
