"""How an object maps to the centres, providers and facilities whose members may reach it.

Each access-checked model declares ``access_paths``: for each key (``centres``, ``providers``,
``facilities``) the lookups from the model to the ID of such an object, e.g.::

    access_paths = {"centres": ("centre",), "providers": ("provider", "centre__provider")}

The one declaration drives both sides of the access rule
(``verbund.accounts.access.Access``): ``access_keys()`` follows the lookups on one object for
the object check, and ``lookup_q()`` turns them into a query condition for lists and form
choices, so a list cannot show what the object check refuses, nor hide what it allows.

A lookup through a multi-valued relation (a reverse foreign key or a many-to-many field) may
carry conditions on that relation (``Via("members__organisation__facility",
members__left_on__isnull=True)``); both sides apply them to the same related row.

The concrete ``Access`` is built by the accounts app from the user's memberships (one layer up);
the tenant middleware sets it as ``request.access``. Code below accounts (core, tenancy) types
against the ``Access`` protocol here instead of importing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.db.models import Q

from .permissions import Permission
from .roles import Reach

ACCESS_KEYS = ("centres", "providers", "facilities")


@dataclass(frozen=True)
class Via:
    """A lookup with conditions on its multi-valued relation (relative to the model)."""

    lookup: str
    where: dict = field(default_factory=dict)

    def __init__(self, lookup: str, **where):
        object.__setattr__(self, "lookup", lookup)
        object.__setattr__(self, "where", where)


def _as_via(path: str | Via) -> Via:
    return path if isinstance(path, Via) else Via(path)


def _segments(model, lookup: str):
    """The fields along ``lookup`` and whether any of them is multi-valued."""
    fields, multi, current = [], False, model
    for name in lookup.split("__"):
        if name == "pk":
            fields.append(current._meta.pk)
            continue
        model_field = current._meta.get_field(name)
        fields.append(model_field)
        if model_field.many_to_many or model_field.one_to_many:
            multi = True
        if model_field.is_relation:
            current = model_field.related_model
    return fields, multi


def _is_multi(model, path: Via) -> bool:
    return _segments(model, path.lookup)[1] or bool(path.where)


def paths_of(model) -> dict[str, tuple[Via, ...]]:
    declared = getattr(model, "access_paths", None)
    if declared is None:
        raise TypeError(f"{model.__name__} declares no access_paths")
    unknown = set(declared) - set(ACCESS_KEYS)
    if unknown:
        raise TypeError(f"{model.__name__}.access_paths: unknown keys {sorted(unknown)}")
    return {key: tuple(_as_via(p) for p in declared.get(key, ())) for key in ACCESS_KEYS}


def lookup_q(model, key: str, ids: Iterable[int]) -> Q:
    """Rows of ``model`` linked through ``key``'s lookups to one of ``ids``."""
    ids = set(ids)
    condition = Q(pk__in=[])
    if not ids:
        return condition
    for path in paths_of(model)[key]:
        if _is_multi(model, path):
            # A subquery, so the outer list gets no duplicate rows from the join.
            matching = model._base_manager.filter(
                **{f"{path.lookup}__in": ids}, **path.where
            ).values("pk")
            condition |= Q(pk__in=matching)
        else:
            condition |= Q(**{f"{path.lookup}__in": ids})
    return condition


def _follow(obj, path: Via) -> set[int]:
    model = type(obj)
    if _is_multi(model, path):
        if obj.pk is None:
            return set()
        values = model._base_manager.filter(
            pk=obj.pk, **{f"{path.lookup}__isnull": False}, **path.where
        ).values_list(path.lookup, flat=True)
        return set(values)
    fields, _multi = _segments(model, path.lookup)
    current = obj
    for index, model_field in enumerate(fields):
        last = index == len(fields) - 1
        if model_field.primary_key and not model_field.is_relation:
            value = current.pk
            return {value} if value is not None else set()
        if last:
            value = getattr(current, model_field.attname)
            return {value} if value is not None else set()
        if getattr(current, model_field.attname) is None:
            return set()
        current = getattr(current, model_field.name)
    return set()


def key_of(obj, key: str) -> set[int]:
    """The IDs of one key (``centres``, ``providers`` or ``facilities``) of ``obj``."""
    paths = paths_of(type(obj))[key]
    return set().union(*(_follow(obj, path) for path in paths)) if paths else set()


def keys_of(obj) -> dict[str, set[int]]:
    """The centres, providers and facilities ``obj`` belongs to, following its access_paths."""
    return {key: key_of(obj, key) for key in ACCESS_KEYS}


class AccessControlled:
    """Mixin for models checked per object: ``access_keys()`` from ``access_paths``."""

    access_paths: dict[str, tuple[str | Via, ...]] = {}

    def access_keys(self) -> dict[str, set[int]]:
        return keys_of(self)

    def access_key(self, key: str) -> set[int]:
        """One key only (the object check needs no more, and no query for the others)."""
        return key_of(self, key)


class Access(Protocol):
    """What a lower layer may rely on of a user's access inside one municipality."""

    municipality_id: int
    centre_ids: set[int]
    provider_ids: set[int]
    facility_ids: set[int]

    def reaches(self, permission: Permission) -> set[Reach]: ...

    def can(self, permission: Permission, obj=None) -> bool: ...

    def filter(self, permission: Permission, model) -> Q: ...
