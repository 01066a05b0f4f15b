"""Writes of the dashboard that change a user's settings (audited); the notification inbox
itself is bookkeeping in ``inbox.py``."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from verbund.core.audit import create_logged, save_changes

from .models import NotificationSettings


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
