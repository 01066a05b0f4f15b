"""Every write of the network app: validate, save, log, atomically (rule 1)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import apply_fields, log_action, save_changes, snapshot

from . import privacy_registry
from .models import (
    Body,
    BodyMember,
    Contact,
    Interaction,
    Organisation,
    Relationship,
)

ORGANISATION_FIELDS = [
    "name",
    "sector",
    "org_type",
    "facility",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "languages",
    "accessibility",
    "email",
    "phone",
    "website",
    "preferred_channel",
    "description",
]
CONTACT_FIELDS = [
    "organisation",
    "first_name",
    "last_name",
    "function",
    "email",
    "phone",
    "preferred_channel",
    "notes",
    "legal_basis",
    "source",
    "last_confirmed",
]
RELATIONSHIP_FIELDS = [
    "centre",
    "organisation",
    "relevance_centre",
    "relevance_families",
    "influence",
    "quality",
    "status",
    "topics",
    "target_groups",
    "value_for_centre",
    "value_for_partner",
    "next_step",
    "next_step_due",
    "next_step_owner",
    "started_on",
    "ended_on",
]
INTERACTION_FIELDS = ["kind", "date", "summary"]
BODY_FIELDS = [
    "name",
    "kind",
    "centre",
    "area",
    "cadence",
    "purpose",
    "mandate",
    "resources",
    "founded_on",
    "dissolved_on",
]
BODY_MEMBER_FIELDS = ["centre", "organisation", "contact", "role", "joined_on", "left_on"]


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [key for key in after if before.get(key) != after.get(key)]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def _update(instance, fields, data, action, actor, extra_fields=()):
    return save_changes(
        instance, fields=fields, data=data, action=action, actor=actor, force=bool(extra_fields)
    )


# Organisations -----------------------------------------------------------------------------


def _areas_snapshot(organisation: Organisation) -> list[int]:
    return sorted(organisation.areas_served.values_list("pk", flat=True))


@transaction.atomic
def organisation_create(
    *, actor, municipality, data: dict[str, Any], areas=None, source: str = ""
) -> Organisation:
    organisation = Organisation(municipality=municipality)
    apply_fields(organisation, ORGANISATION_FIELDS, data)
    organisation.full_clean()
    organisation.save()
    if areas:
        organisation.areas_served.set(areas)
    after = snapshot(organisation, ORGANISATION_FIELDS)
    after["areas_served"] = _areas_snapshot(organisation)
    log_action(
        "network.organisation.created",
        actor=actor,
        instance=organisation,
        after=after,
        data={"source": source} if source else None,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor, organisation: Organisation, data: dict[str, Any], areas=None
) -> Organisation:
    if organisation.is_archived:
        raise ValidationError(_("Archivierte Organisationen können nicht bearbeitet werden."))
    before = snapshot(organisation, ORGANISATION_FIELDS)
    before["areas_served"] = _areas_snapshot(organisation)
    apply_fields(organisation, ORGANISATION_FIELDS, data)
    organisation.full_clean()
    organisation.save()
    if areas is not None:
        organisation.areas_served.set(areas)
    after = snapshot(organisation, ORGANISATION_FIELDS)
    after["areas_served"] = _areas_snapshot(organisation)
    old, new = _changes(before, after)
    if new:
        log_action(
            "network.organisation.changed",
            actor=actor,
            instance=organisation,
            before=old,
            after=new,
        )
    return organisation


@transaction.atomic
def organisation_archive(*, actor, organisation: Organisation) -> Organisation:
    if organisation.is_archived:
        before = organisation.archived_at
        organisation.archived_at = None
        organisation.save(update_fields=["archived_at", "updated_at"])
        log_action(
            "network.organisation.restored",
            actor=actor,
            instance=organisation,
            before={"archived_at": before},
            after={"archived_at": None},
        )
        return organisation
    organisation.archived_at = timezone.now()
    organisation.save(update_fields=["archived_at", "updated_at"])
    log_action(
        "network.organisation.archived",
        actor=actor,
        instance=organisation,
        before={"archived_at": None},
        after={"archived_at": organisation.archived_at},
    )
    return organisation


@transaction.atomic
def organisation_import(*, actor, municipality, rows: list[dict[str, Any]], filename: str):
    """All rows or none: any failure rolls back the whole import."""
    created = []
    for row in rows:
        data = dict(row)
        areas = data.pop("areas_served", [])
        created.append(
            organisation_create(
                actor=actor,
                municipality=municipality,
                data=data,
                areas=areas,
                source=f"import:{filename}",
            )
        )
    log_action(
        "network.organisation.imported",
        actor=actor,
        municipality=municipality,
        data={"file": filename, "count": len(created)},
    )
    return created


# Contacts ----------------------------------------------------------------------------------


@transaction.atomic
def contact_create(*, actor, municipality, data: dict[str, Any]) -> Contact:
    contact = Contact(municipality=municipality)
    apply_fields(contact, CONTACT_FIELDS, data)
    contact.full_clean()
    contact.save()
    log_action(
        "network.contact.created",
        actor=actor,
        instance=contact,
        after=snapshot(contact, CONTACT_FIELDS),
    )
    return contact


@transaction.atomic
def contact_update(*, actor, contact: Contact, data: dict[str, Any]) -> Contact:
    if contact.is_erased:
        raise ValidationError(_("Gelöschte Ansprechpersonen können nicht bearbeitet werden."))
    return _update(contact, CONTACT_FIELDS, data, "network.contact.changed", actor)


@transaction.atomic
def contact_confirm(*, actor, contact: Contact, on=None) -> Contact:
    if contact.is_erased:
        raise ValidationError(_("Gelöschte Ansprechpersonen können nicht bestätigt werden."))
    before = contact.last_confirmed
    contact.last_confirmed = on or timezone.localdate()
    contact.save(update_fields=["last_confirmed", "updated_at"])
    log_action(
        "network.contact.confirmed",
        actor=actor,
        instance=contact,
        before={"last_confirmed": before},
        after={"last_confirmed": contact.last_confirmed},
    )
    return contact


def _pseudonym(contact: Contact) -> str:
    digest = hashlib.sha256(f"{contact.municipality_id}:{contact.pk}".encode()).hexdigest()
    return _("Gelöschte Person %(code)s") % {"code": digest[:8].upper()}


@transaction.atomic
def contact_erase(*, actor, contact: Contact, reason: str = "") -> Contact:
    """GDPR Art. 17: remove the person from every place of the privacy registry (the contact
    row, texts that name them, audit entries, and what other apps registered, such as signed
    agreement versions and their PDFs), keeping a pseudonymous tombstone so that contact
    history and body seats stay consistent."""
    if contact.is_erased:
        return contact
    person = privacy_registry.person_for(contact, pseudonym=_pseudonym(contact))
    counts = privacy_registry.erase_everywhere(person, actor=actor)
    data = {"places": {key: count for key, count in counts.items() if count}}
    if reason:
        data["reason"] = person.scrub(reason[:500])
    log_action("network.contact.erased", actor=actor, instance=contact, data=data)
    return contact


# Relationships (stakeholder assessments) and contact history -------------------------------


@transaction.atomic
def relationship_create(*, actor, municipality, data: dict[str, Any]) -> Relationship:
    relationship = Relationship(municipality=municipality)
    apply_fields(relationship, RELATIONSHIP_FIELDS, data)
    relationship.full_clean()
    relationship.save()
    log_action(
        "network.relationship.created",
        actor=actor,
        instance=relationship,
        after=snapshot(relationship, RELATIONSHIP_FIELDS),
    )
    return relationship


@transaction.atomic
def relationship_update(*, actor, relationship: Relationship, data: dict[str, Any]):
    data = {k: v for k, v in data.items() if k not in {"centre", "organisation"}}
    return _update(relationship, RELATIONSHIP_FIELDS, data, "network.relationship.changed", actor)


@transaction.atomic
def interaction_create(
    *, actor, relationship: Relationship, data: dict[str, Any], contacts=()
) -> Interaction:
    contacts = list(contacts)
    foreign = [c for c in contacts if c.organisation_id != relationship.organisation_id]
    if foreign:
        raise ValidationError(
            {"contacts": _("Beteiligte Personen müssen zur Organisation gehören.")}
        )
    interaction = Interaction(
        municipality=relationship.municipality,
        relationship=relationship,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    apply_fields(interaction, INTERACTION_FIELDS, data)
    interaction.full_clean()
    interaction.save()
    interaction.contacts.set(contacts)
    after = snapshot(interaction, INTERACTION_FIELDS)
    after["contacts"] = [c.pk for c in contacts]
    log_action("network.interaction.created", actor=actor, instance=interaction, after=after)
    return interaction


# Bodies -------------------------------------------------------------------------------------


@transaction.atomic
def body_create(*, actor, municipality, data: dict[str, Any]) -> Body:
    body = Body(municipality=municipality)
    apply_fields(body, BODY_FIELDS, data)
    body.full_clean()
    body.save()
    log_action("network.body.created", actor=actor, instance=body, after=snapshot(body))
    return body


@transaction.atomic
def body_update(*, actor, body: Body, data: dict[str, Any]) -> Body:
    return _update(body, BODY_FIELDS, data, "network.body.changed", actor)


@transaction.atomic
def body_member_add(*, actor, body: Body, data: dict[str, Any]) -> BodyMember:
    member = BodyMember(municipality=body.municipality, body=body)
    apply_fields(member, BODY_MEMBER_FIELDS, data)
    member.full_clean()
    member.save()
    log_action(
        "network.body.member_added",
        actor=actor,
        instance=body,
        after=snapshot(member, BODY_MEMBER_FIELDS),
    )
    return member


@transaction.atomic
def body_member_end(*, actor, member: BodyMember, on=None) -> BodyMember:
    if member.left_on:
        return member
    member.left_on = on or timezone.localdate()
    member.full_clean()
    member.save(update_fields=["left_on", "updated_at"])
    log_action(
        "network.body.member_left",
        actor=actor,
        instance=member.body,
        after={"member": member.pk, "left_on": member.left_on},
    )
    return member
