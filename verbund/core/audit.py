"""The audit trail and the one write path for creates and updates.

``log_action`` records one entry (as pretix's). ``create_logged`` and ``save_changes`` are how
every service creates or changes a row: apply the given fields, ``full_clean()``, save, log the
values (for updates only what changed). ``save_changes`` also checks the edit version a form
carried (optimistic concurrency) and refuses a save that would silently revert someone else's
change (``StaleEdit``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .actions import actor_name, is_registered, when
from .models import AuditEntry

logger = logging.getLogger(__name__)

#: The name of the hidden form field (and of the key in a service's ``data``) that carries the
#: version an edit form was loaded at.
VERSION_FIELD = "edit_version"
_VERSION_SALT = "verbund.core.audit.edit-version"


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-friendly picture of a model's own fields, for before/after entries."""
    data = model_to_dict(instance, fields=list(fields) if fields is not None else None)
    return {key: _plain(value) for key, value in data.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        try:
            return super().default(o)
        except TypeError:  # files, geometries: compared by their text
            return str(o)


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(values, cls=_Encoder))


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
    if not is_registered(action):
        if getattr(settings, "AUDIT_STRICT_ACTIONS", False):
            raise LookupError(f"Audit action {action!r} is not registered (register_action).")
        logger.warning("Audit action %r is not registered.", action)
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


def apply_fields(instance: models.Model, fields: Iterable[str], data: dict[str, Any]) -> None:
    """Copy the given fields from ``data`` onto the instance (missing keys stay as they are)."""
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def create_logged(
    model_or_instance: type[models.Model] | models.Model,
    *,
    actor,
    action: str,
    fields: Iterable[str] = (),
    data: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
    log_fields: Iterable[str] | str | None = None,
    after_save: Callable[[models.Model], dict[str, Any] | None] | None = None,
    extra: dict[str, Any] | None = None,
    log_instance: models.Model | None = None,
    log_data: dict | None = None,
    exclude: Iterable[str] | None = None,
) -> models.Model:
    """Create a row: set ``values`` (fixed attributes) and ``fields`` from ``data``, validate,
    save, run ``after_save`` (many-to-many sets; what it returns is logged too) and log the
    new values (``log_fields``, by default ``fields``; ``"__all__"`` for every field) plus
    ``extra``.

    ``log_instance`` names the object the entry is about when that is not the new row (a
    member added to a body is logged on the body).
    """
    fields = list(fields)
    instance = model_or_instance() if isinstance(model_or_instance, type) else model_or_instance
    for name, value in (values or {}).items():
        setattr(instance, name, value)
    apply_fields(instance, fields, data or {})
    instance.full_clean(exclude=list(exclude) if exclude else None)
    instance.save()
    if log_fields == "__all__":
        after = snapshot(instance)
    else:
        after = snapshot(instance, list(log_fields) if log_fields is not None else fields)
    if after_save is not None:
        after.update(after_save(instance) or {})
    after.update(extra or {})
    log_action(
        action,
        actor=actor,
        instance=log_instance if log_instance is not None else instance,
        after=after,
        data=log_data,
    )
    return instance


def save_changes(
    instance: models.Model,
    *,
    fields: Iterable[str],
    data: dict[str, Any],
    action: str,
    actor,
    force: bool = False,
    version: str | None = None,
    state: Callable[[models.Model], dict[str, Any]] | None = None,
    state_display: Callable[[models.Model], dict[str, tuple[str, str]]] | None = None,
    after_save: Callable[[models.Model], None] | None = None,
    log_data: dict | None = None,
    extra_after: dict[str, Any] | None = None,
    exclude: Iterable[str] | None = None,
) -> models.Model:
    """Apply, validate, save and log only what changed (before/after of those fields).

    ``version`` (or ``data[VERSION_FIELD]``, which an edit form with ``VersionedFormMixin``
    puts there) is the state the form was loaded at; if someone changed one of the form's
    fields since, nothing is saved and ``StaleEdit`` names their changes.
    ``state`` reads values beyond ``fields`` (many-to-many sets) before and after (and against
    the version, when the form put them there; ``state_display`` names them for the message);
    ``after_save`` writes them once the row is saved; ``extra_after`` is logged beside the
    changes.
    Nothing is saved or logged when nothing changed, unless
    ``force`` (for changes the caller logs itself).
    """
    fields = list(fields)
    if version is None:
        version = data.get(VERSION_FIELD) or None
    if version is not None and instance.pk is not None:
        check_version(instance, version, state=state, state_display=state_display)
    before = snapshot(instance, fields)
    if state is not None:
        before.update(state(instance))
    apply_fields(instance, fields, data)
    instance.full_clean(exclude=list(exclude) if exclude else None)
    after = snapshot(instance, fields)
    changed_own = [name for name in fields if before[name] != after[name]]
    if changed_own or force:
        instance.save()
    if after_save is not None:
        after_save(instance)
    if state is not None:
        after.update(state(instance))
    changed = [name for name in after if before.get(name) != after[name]]
    if not changed and not force:
        return instance
    log_action(
        action,
        actor=actor,
        instance=instance,
        before={name: before.get(name) for name in changed},
        after={**(extra_after or {}), **{name: after[name] for name in changed}},
        data=log_data,
    )
    return instance


# Optimistic concurrency ---------------------------------------------------------------------


class StaleEdit(ValidationError):
    """Someone else changed the row since the form was loaded; nothing was saved."""

    def __init__(self, message, *, changes: list[tuple[str, str]], version: str):
        super().__init__(message, code="stale")
        self.changes = changes
        self.version = version


def edit_version(
    instance: models.Model, fields: Iterable[str], state: dict[str, Any] | None = None
) -> str:
    """A signed token of the row as a form showed it: ``updated_at``, the values of ``fields``
    and ``state`` (values beyond the row, such as an agreement's partners)."""
    values = _jsonable(snapshot(instance, fields))
    stamp = getattr(instance, "updated_at", None)
    payload = {"at": stamp.isoformat() if stamp else "", "values": values}
    if state:
        payload["state"] = _jsonable(state)
    return signing.dumps(payload, salt=_VERSION_SALT, compress=True)


def check_version(
    instance: models.Model,
    version: str,
    *,
    state: Callable[[models.Model], dict[str, Any]] | None = None,
    state_display: Callable[[models.Model], dict[str, tuple[str, str]]] | None = None,
) -> None:
    """Refuse (``StaleEdit``) when a field of the form changed since ``version`` was issued."""
    model = type(instance)
    rows = model._base_manager.filter(pk=instance.pk)
    if transaction.get_connection().in_atomic_block:
        rows = rows.select_for_update()
    current = rows.first()
    if current is None:
        return
    try:
        loaded = signing.loads(version, salt=_VERSION_SALT)
        loaded_values = dict(loaded["values"])
        loaded_state = dict(loaded.get("state") or {})
        loaded_at = parse_datetime(loaded["at"]) if loaded["at"] else None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise StaleEdit(
            _(
                "Das Formular ließ sich keinem Stand des Eintrags zuordnen. Ihre Eingaben "
                "wurden nicht gespeichert; bitte prüfen Sie sie und speichern Sie erneut."
            ),
            changes=[],
            version=edit_version(current, [f.name for f in _editable(model)]),
        ) from None
    now_state = _jsonable(state(current)) if state is not None and loaded_state else {}
    changed_state = [
        key for key in loaded_state if key in now_state and loaded_state[key] != now_state[key]
    ]
    current_at = getattr(current, "updated_at", None)
    same_row = loaded_at is not None and current_at is not None and loaded_at == current_at
    now = {} if same_row else _jsonable(snapshot(current, loaded_values))
    changed = [] if same_row else [n for n in loaded_values if loaded_values[n] != now.get(n)]
    if not changed and not changed_state:
        return
    changes = [(_label(model, name), display_value(current, name)) for name in changed]
    shown = state_display(current) if state_display is not None and changed_state else {}
    for key in changed_state:
        label, value = shown.get(key, (key, ", ".join(map(str, now_state[key] or [])) or "–"))
        changes.append((str(label), value or _("(leer)")))
    who = _last_editor(current, since=loaded_at)
    listing = "; ".join(f"{label}: „{value}“" for label, value in changes)
    raise StaleEdit(
        _(
            "%(who)s hat diesen Eintrag geändert, während Sie ihn bearbeitet haben: "
            "%(changes)s. Ihre Eingaben wurden nicht gespeichert, damit diese Änderung nicht "
            "verloren geht. Prüfen Sie Ihre Eingaben; wenn Sie erneut speichern, werden sie "
            "übernommen."
        )
        % {"who": who, "changes": listing},
        changes=changes,
        version=edit_version(current, loaded_values, state=now_state or None),
    )


def _editable(model) -> list:
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _last_editor(instance: models.Model, *, since: datetime | None) -> str:
    entries = AuditEntry.unscoped.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    ).select_related("actor")
    if since is not None:
        entries = entries.filter(timestamp__gt=since)
    entry = entries.order_by("-timestamp", "-id").first()
    if entry is None:
        return _("Jemand")
    return f"{actor_name(entry)} ({when(entry.timestamp)})"


def display_value(instance: models.Model, name: str) -> str:
    """A field's current value as a person reads it (choice labels, names, German dates)."""
    from django.utils.formats import localize

    field = instance._meta.get_field(name)
    if field.many_to_many:
        shown = ", ".join(str(item) for item in getattr(instance, name).all())
    elif field.is_relation:
        related = getattr(instance, name)
        shown = str(related) if related is not None else ""
    elif field.choices:
        shown = str(getattr(instance, f"get_{name}_display")())
    else:
        value = getattr(instance, name)
        if value is True:
            shown = _("ja")
        elif value is False:
            shown = _("nein")
        elif value is None:
            shown = ""
        else:
            shown = str(localize(value))
    if not shown:
        return _("(leer)")
    return shown if len(shown) <= 120 else shown[:119] + "…"
