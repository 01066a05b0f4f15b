"""Every write to facilities goes through here: validate, save, log, atomically (rule 1)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from verbund.core.audit import log_action, snapshot

from .models import Facility, FamilyCentre, Municipality, Provider

FACILITY_FIELDS = [
    "name",
    "kind",
    "centre",
    "provider",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "email",
    "phone",
    "website",
    "description",
]


@transaction.atomic
def facility_create(*, actor, municipality: Municipality, data: dict[str, Any]) -> Facility:
    facility = Facility(municipality=municipality)
    for name in FACILITY_FIELDS:
        if name in data:
            setattr(facility, name, data[name])
    facility.full_clean()
    facility.save()
    log_action(
        "tenancy.facility.created",
        actor=actor,
        instance=facility,
        after=snapshot(facility, FACILITY_FIELDS),
    )
    return facility


@transaction.atomic
def facility_update(*, actor, facility: Facility, data: dict[str, Any]) -> Facility:
    if facility.is_archived:
        raise ValueError("archived facilities are read-only")
    before = snapshot(facility, FACILITY_FIELDS)
    for name in FACILITY_FIELDS:
        if name in data:
            setattr(facility, name, data[name])
    facility.full_clean()
    after = snapshot(facility, FACILITY_FIELDS)
    changed = [name for name in FACILITY_FIELDS if before[name] != after[name]]
    if not changed:
        return facility
    facility.save()
    log_action(
        "tenancy.facility.changed",
        actor=actor,
        instance=facility,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return facility


@transaction.atomic
def facility_archive(*, actor, facility: Facility) -> Facility:
    if facility.is_archived:
        return facility
    facility.archived_at = timezone.now()
    facility.save(update_fields=["archived_at", "updated_at"])
    log_action(
        "tenancy.facility.archived",
        actor=actor,
        instance=facility,
        before={"archived_at": None},
        after={"archived_at": facility.archived_at},
    )
    return facility


@transaction.atomic
def facility_restore(*, actor, facility: Facility) -> Facility:
    if not facility.is_archived:
        return facility
    before = facility.archived_at
    facility.archived_at = None
    # An active twin may exist by now; the unique constraint must hold again.
    facility.full_clean()
    facility.save(update_fields=["archived_at", "updated_at"])
    log_action(
        "tenancy.facility.restored",
        actor=actor,
        instance=facility,
        before={"archived_at": before},
        after={"archived_at": None},
    )
    return facility


CENTRE_FIELDS = [
    "name",
    "slug",
    "provider",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "email",
    "phone",
]
PROVIDER_FIELDS = ["name", "legal_form", "website"]


def _apply(instance, fields: list[str], data: dict[str, Any]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def _save_changes(instance, fields: list[str], data: dict[str, Any], action: str, actor):
    before = snapshot(instance, fields)
    _apply(instance, fields, data)
    instance.full_clean()
    after = snapshot(instance, fields)
    changed = [name for name in fields if before[name] != after[name]]
    if changed:
        instance.save()
        log_action(
            action,
            actor=actor,
            instance=instance,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return instance


@transaction.atomic
def centre_create(*, actor, municipality: Municipality, data: dict[str, Any]) -> FamilyCentre:
    centre = FamilyCentre(municipality=municipality)
    _apply(centre, CENTRE_FIELDS, data)
    centre.full_clean()
    centre.save()
    log_action(
        "tenancy.centre.created",
        actor=actor,
        instance=centre,
        after=snapshot(centre, CENTRE_FIELDS),
    )
    return centre


@transaction.atomic
def centre_update(*, actor, centre: FamilyCentre, data: dict[str, Any]) -> FamilyCentre:
    return _save_changes(centre, CENTRE_FIELDS, data, "tenancy.centre.changed", actor)


@transaction.atomic
def provider_create(*, actor, municipality: Municipality, data: dict[str, Any]) -> Provider:
    provider = Provider(municipality=municipality)
    _apply(provider, PROVIDER_FIELDS, data)
    provider.full_clean()
    provider.save()
    log_action(
        "tenancy.provider.created",
        actor=actor,
        instance=provider,
        after=snapshot(provider, PROVIDER_FIELDS),
    )
    return provider


@transaction.atomic
def provider_update(*, actor, provider: Provider, data: dict[str, Any]) -> Provider:
    return _save_changes(provider, PROVIDER_FIELDS, data, "tenancy.provider.changed", actor)
