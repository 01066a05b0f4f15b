"""The audit trail: one call per change, as pretix's ``log_action``."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.forms.models import model_to_dict

from .models import AuditEntry


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-friendly picture of a model's own fields, for before/after entries."""
    data = model_to_dict(instance, fields=fields)
    return {key: _plain(value) for key, value in data.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value


def log_action(
    action: str,
    *,
    actor=None,
    instance: models.Model | None = None,
    municipality=None,
    before: dict | None = None,
    after: dict | None = None,
    data: dict | None = None,
) -> AuditEntry:
    if municipality is None and instance is not None:
        municipality = getattr(instance, "municipality", None)
    actor_is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.unscoped.create(
        action=action,
        actor=actor if actor_is_user else None,
        actor_label=actor.get_username() if actor_is_user else "",
        municipality=municipality,
        content_type=ContentType.objects.get_for_model(instance) if instance is not None else None,
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=str(instance)[:255] if instance is not None else "",
        before=before,
        after=after,
        data=data,
    )


def apply_fields(instance: models.Model, fields: list[str], data: dict[str, Any]) -> None:
    """Copy the given fields from ``data`` onto the instance (missing keys stay as they are)."""
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def save_changes(
    instance: models.Model,
    *,
    fields: list[str],
    data: dict[str, Any],
    action: str,
    actor,
    force: bool = False,
) -> models.Model:
    """Apply, validate, save and log only what changed (before/after of those fields).

    Nothing is saved or logged when nothing changed, unless ``force`` (for changes outside
    ``fields``, such as many-to-many sets the caller logs itself).
    """
    before = snapshot(instance, fields)
    apply_fields(instance, fields, data)
    instance.full_clean()
    after = snapshot(instance, fields)
    changed = [name for name in fields if before[name] != after[name]]
    if not changed and not force:
        return instance
    instance.save()
    log_action(
        action,
        actor=actor,
        instance=instance,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return instance
