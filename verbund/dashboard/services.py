"""Writes of the dashboard: notifications read, digest on or off, new notifications."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from verbund.core.audit import create_logged, save_changes

from .models import Notification, NotificationSettings
from .registry import DueItem


@transaction.atomic
def notifications_mark_read(*, actor, municipality, pk: int | None = None) -> int:
    """Mark one (``pk``) or all unread notifications of ``actor`` as read; only their own."""
    qs = Notification.objects.filter(municipality=municipality, user=actor, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def notification_settings_save(*, actor, data: dict[str, Any]) -> NotificationSettings:
    current = NotificationSettings.objects.filter(user=actor).first()
    if current is None:
        return create_logged(
            NotificationSettings,
            values={"user": actor},
            fields=["daily_digest"],
            data=data,
            action="dashboard.settings.changed",
            actor=actor,
        )
    return save_changes(
        current,
        fields=["daily_digest"],
        data=data,
        action="dashboard.settings.changed",
        actor=actor,
    )


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
