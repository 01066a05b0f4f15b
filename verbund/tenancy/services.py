"""Every write to facilities goes through here: validate, save, log, atomically (rule 1)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from verbund.core.audit import create_logged, log_action, save_changes, snapshot

from . import facility_hooks
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
    """The facility and, through ``facility_hooks``, its organisation in the network."""
    facility = create_logged(
        Facility,
        values={"municipality": municipality},
        fields=FACILITY_FIELDS,
        data=data,
        action="tenancy.facility.created",
        actor=actor,
    )
    facility_hooks.facility_written(
        actor=actor, facility=facility, event=facility_hooks.CREATED, changed=FACILITY_FIELDS
    )
    return facility


@transaction.atomic
def facility_update(*, actor, facility: Facility, data: dict[str, Any]) -> Facility:
    if facility.is_archived:
        raise ValueError("archived facilities are read-only")
    before = snapshot(facility, FACILITY_FIELDS)
    facility = save_changes(
        facility,
        fields=FACILITY_FIELDS,
        data=data,
        action="tenancy.facility.changed",
        actor=actor,
    )
    after = snapshot(facility, FACILITY_FIELDS)
    changed = [name for name in FACILITY_FIELDS if before[name] != after[name]]
    if changed:
        facility_hooks.facility_written(
            actor=actor, facility=facility, event=facility_hooks.CHANGED, changed=changed
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
    facility_hooks.facility_written(actor=actor, facility=facility, event=facility_hooks.ARCHIVED)
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
    facility_hooks.facility_written(actor=actor, facility=facility, event=facility_hooks.RESTORED)
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


@transaction.atomic
def centre_create(*, actor, municipality: Municipality, data: dict[str, Any]) -> FamilyCentre:
    return create_logged(
        FamilyCentre,
        values={"municipality": municipality},
        fields=CENTRE_FIELDS,
        data=data,
        action="tenancy.centre.created",
        actor=actor,
    )


@transaction.atomic
def centre_update(*, actor, centre: FamilyCentre, data: dict[str, Any]) -> FamilyCentre:
    return save_changes(
        centre, fields=CENTRE_FIELDS, data=data, action="tenancy.centre.changed", actor=actor
    )


@transaction.atomic
def provider_create(*, actor, municipality: Municipality, data: dict[str, Any]) -> Provider:
    return create_logged(
        Provider,
        values={"municipality": municipality},
        fields=PROVIDER_FIELDS,
        data=data,
        action="tenancy.provider.created",
        actor=actor,
    )


@transaction.atomic
def provider_update(*, actor, provider: Provider, data: dict[str, Any]) -> Provider:
    return save_changes(
        provider, fields=PROVIDER_FIELDS, data=data, action="tenancy.provider.changed", actor=actor
    )
