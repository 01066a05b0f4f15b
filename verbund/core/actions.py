"""Audit action codes with their German wording (as pretix's and wagtail's log action registry).

Each app registers the codes it logs in ``AppConfig.ready()`` (usually in its ``actions.py``)::

    register_action("cooperation.agreement.signed", _("hat %(object)s unterschrieben"))

A label is the rest of a sentence after the person: "Anna Muster" + " hat am 3. Mai 2026 um
14:05 Uhr die Vereinbarung „…“ unterschrieben". The date is put after the first word of the
label (the verb "hat"/"ist"); ``%(object)s`` is the object's name as it was logged. Unknown codes
are rejected by ``log_action`` in tests (``AUDIT_STRICT_ACTIONS``) and reported by a static test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Action:
    code: str
    label: Any  # a lazy German phrase beginning with the verb ("hat … geändert")


_REGISTRY: dict[str, Action] = {}


def register_action(code: str, label) -> Action:
    """Register an action code (``app.entity.verb``) with its German phrase."""
    parts = code.split(".")
    if len(parts) < 2 or not all(parts):
        raise ValueError(
            f"Action code {code!r} must read '<app>.<entity>.<verb>' or '<app>.<verb>'."
        )
    existing = _REGISTRY.get(code)
    if existing is not None and str(existing.label) != str(label):
        raise ValueError(f"Action code {code!r} is registered twice with different labels.")
    action = Action(code, label)
    _REGISTRY[code] = action
    return action


def register_actions(labels: dict[str, Any]) -> None:
    for code, label in labels.items():
        register_action(code, label)


def is_registered(code: str) -> bool:
    return code in _REGISTRY


def registered_codes() -> set[str]:
    return set(_REGISTRY)


def action_label(code: str) -> str:
    action = _REGISTRY.get(code)
    return str(action.label) if action else code


def actor_name(entry) -> str:
    """The person as readers know them: full name, else the user name logged, else 'System'."""
    user = entry.actor if entry.actor_id else None
    if user is not None:
        full = user.get_full_name().strip()
        if full:
            return full
    return entry.actor_label or _("Das System")


def when(timestamp) -> str:
    local = timezone.localtime(timestamp)
    return _("am %(date)s um %(time)s Uhr") % {
        "date": date_format(local, "j. F Y"),
        "time": date_format(local, "H:i"),
    }


def sentence(entry) -> str:
    """'Anna Muster hat am 3. Mai 2026 um 14:05 Uhr die Vereinbarung „X“ unterschrieben.'"""
    action = _REGISTRY.get(entry.action)
    name = entry.object_repr or ""
    quoted = f"„{name}“" if name else ""
    if action is None:
        phrase = _("hat „%(code)s“ ausgeführt") % {"code": entry.action}
    else:
        phrase = str(action.label) % {"object": quoted}
    verb, _sep, rest = phrase.partition(" ")
    text = " ".join(part for part in (actor_name(entry), verb, when(entry.timestamp), rest) if part)
    return " ".join(text.split()) + "."


def field_label(model: type[models.Model] | None, name: str) -> str:
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field logged earlier may no longer exist
            return name.replace("_", " ")
        if hasattr(field, "verbose_name"):
            return str(field.verbose_name)
        # a reverse relation logged by name (e.g. a review's "results"): the related rows
        return str(field.related_model._meta.verbose_name_plural)
    return name.replace("_", " ")


def changed_fields(entry) -> list[dict[str, Any]]:
    """The fields an entry changed, with German labels and the values before and after.

    Links to other records are logged as their ids, which say nothing to a reader: they are
    named as changed ("relation"), without values. A new record lists only the fields it was
    given a value in."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    if not before and not after:
        return []
    model = entry.content_type.model_class() if entry.content_type_id else None
    created = not before
    rows = []
    for name in [*after, *(key for key in before if key not in after)]:
        relation = _is_relation(model, name, before.get(name), after.get(name))
        if created and (relation or _shown(after.get(name)) == "–"):
            continue
        choices = _choices(model, name)
        rows.append(
            {
                "name": name,
                "label": field_label(model, name),
                "relation": relation,
                "before": _shown(_label_of(choices, before.get(name))),
                "after": _shown(_label_of(choices, after.get(name))),
            }
        )
    return rows


def _is_relation(model, name: str, *values) -> bool:
    if model is not None:
        try:
            return model._meta.get_field(name).is_relation
        except FieldDoesNotExist:
            pass
    # State logged beside the fields (e.g. a set of partner ids): ids only.
    return any(
        isinstance(value, list) and value and all(isinstance(item, int) for item in value)
        for value in values
    )


def _label_of(choices: dict, value):
    return choices.get(value, value) if isinstance(value, str) else value


def _choices(model, name: str) -> dict:
    """A field's choice labels (status codes read as "unterzeichnet", not "signed")."""
    if model is None:
        return {}
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return {}
    if not getattr(field, "choices", None):
        return {}
    return {value: str(label) for value, label in field.flatchoices if isinstance(value, str)}


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if value is True:
        return _("ja")
    if value is False:
        return _("nein")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


# Codes logged by the core and the request layer (no domain app named here).
register_actions(
    {
        "security.permission.denied": gettext_lazy("hat eine Seite ohne Berechtigung aufgerufen"),
        "security.tenant.denied": gettext_lazy(
            "hat eine Seite einer anderen Kommune aufgerufen (abgewiesen)"
        ),
    }
)
