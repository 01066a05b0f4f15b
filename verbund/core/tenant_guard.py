"""Writes cannot cross tenants: a row owned by one municipality never points to another's.

A model is *tenant-bound* when its ``municipality`` field is a foreign key to
``settings.TENANT_MODEL``. Every foreign key, one-to-one and many-to-many from a tenant-bound
model to another tenant-bound model must stay inside the same municipality. This is checked
below every form and service:

- ``TenantModel.clean_fields()`` reports a crossing as a field error (so ``full_clean()`` in a
  service names the field, as a form would);
- a ``pre_save`` receiver refuses any save that would store a crossing (services, API, shell);
- an ``m2m_changed`` receiver refuses adding a foreign object to a many-to-many set, from
  either side.

All three raise ``ValidationError`` with a German message naming the field. ``bulk_create``
and ``QuerySet.update`` bypass model signals by Django's design; code that uses them builds
its rows from objects it has already looked up inside the municipality's scope.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.signals import m2m_changed, pre_save
from django.utils.translation import gettext as _

TENANT_FIELD = "municipality"


def is_tenant_bound(model) -> bool:
    return _tenant_bound(model) if isinstance(model, type) else False


@cache
def _tenant_bound(model) -> bool:
    try:
        field = model._meta.get_field(TENANT_FIELD)
    except FieldDoesNotExist:
        return False
    if not getattr(field, "many_to_one", False) or field.related_model is None:
        return False
    return field.related_model._meta.label_lower == settings.TENANT_MODEL.lower()


@cache
def guarded_relations(model) -> tuple:
    """The forward FK/one-to-one fields of ``model`` that point to another tenant-bound model."""
    if not is_tenant_bound(model):
        return ()
    return tuple(
        field
        for field in model._meta.concrete_fields
        if field.is_relation
        and field.name != TENANT_FIELD
        and (field.many_to_one or field.one_to_one)
        and is_tenant_bound(field.related_model)
    )


@cache
def guarded_m2m(model) -> tuple:
    if not is_tenant_bound(model):
        return ()
    return tuple(
        field for field in model._meta.many_to_many if is_tenant_bound(field.related_model)
    )


def _message(field) -> str:
    message = _("„%(field)s“ gehört zu einer anderen Kommune und kann hier nicht verknüpft werden.")
    return message % {"field": field.verbose_name}


def _owner_of(instance, field) -> int | None:
    """The municipality id of the object ``field`` points to (no query when it is loaded)."""
    if field.is_cached(instance):
        related = field.get_cached_value(instance)
        if related is not None:
            return getattr(related, f"{TENANT_FIELD}_id")
    value = getattr(instance, field.attname)
    if value is None:
        return None
    target = field.target_field.attname
    row = (
        field.related_model._base_manager.filter(**{target: value})
        .values_list(f"{TENANT_FIELD}_id", flat=True)
        .first()
    )
    return row


def crossing_errors(instance, exclude=()) -> dict[str, list[str]]:
    """Field name → German message for every relation of ``instance`` that leaves its
    municipality. Empty when the instance is not tenant-bound or has no municipality yet."""
    municipality_id = getattr(instance, f"{TENANT_FIELD}_id", None)
    if municipality_id is None:
        return {}
    errors: dict[str, list[str]] = {}
    for field in guarded_relations(type(instance)):
        if field.name in exclude or getattr(instance, field.attname) is None:
            continue
        owner = _owner_of(instance, field)
        if owner is not None and owner != municipality_id:
            errors[field.name] = [_message(field)]
    return errors


def check_instance(instance) -> None:
    errors = crossing_errors(instance)
    if errors:
        raise ValidationError(errors)


def _refuse_crossing_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata restores rows exactly as they were dumped
        return
    if guarded_relations(sender):
        check_instance(instance)


def _refuse_crossing_m2m(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    if action != "pre_add" or not pk_set:
        return
    owner_model = type(instance)
    if not (is_tenant_bound(owner_model) and is_tenant_bound(model)):
        return
    municipality_id = getattr(instance, f"{TENANT_FIELD}_id")
    foreign = (
        model._base_manager.filter(pk__in=pk_set)
        .exclude(**{f"{TENANT_FIELD}_id": municipality_id})
        .exists()
    )
    if foreign:
        field = _m2m_field(sender, owner_model, model, reverse)
        raise ValidationError({field.name: [_message(field)]})


def _m2m_field(through, owner_model, model, reverse):
    source = model if reverse else owner_model
    for field in source._meta.many_to_many:
        if field.remote_field.through is through:
            return field
    raise LookupError(through)  # pragma: no cover  (Django sends only known through models)


def connect() -> None:
    """Connected once from ``CoreConfig.ready()``."""
    pre_save.connect(_refuse_crossing_save, dispatch_uid="verbund.core.tenant_guard.save")
    m2m_changed.connect(_refuse_crossing_m2m, dispatch_uid="verbund.core.tenant_guard.m2m")


def tenant_bound_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [model for model in apps.get_models() if is_tenant_bound(model)]
