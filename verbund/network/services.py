"""Every write of the network app: validate, save, log, atomically (rule 1)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes

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


# Organisations -----------------------------------------------------------------------------


def _areas_served(organisation: Organisation) -> dict[str, list[int]]:
    return {"areas_served": sorted(organisation.areas_served.values_list("pk", flat=True))}


@transaction.atomic
def organisation_create(
    *, actor, municipality, data: dict[str, Any], areas=None, source: str = ""
) -> Organisation:

    def set_areas(organisation: Organisation) -> dict[str, list[int]]:
        if areas:
            organisation.areas_served.set(areas)
        return _areas_served(organisation)

    return create_logged(
        Organisation,
        values={"municipality": municipality},
        fields=ORGANISATION_FIELDS,
        data=data,
        after_save=set_areas,
        action="network.organisation.created",
        actor=actor,
        log_data={"source": source} if source else None,
    )


@transaction.atomic
def organisation_update(
    *, actor, organisation: Organisation, data: dict[str, Any], areas=None
) -> Organisation:
    if organisation.is_archived:
        raise ValidationError(_("Archivierte Organisationen können nicht bearbeitet werden."))

    def set_areas(organisation: Organisation) -> None:
        if areas is not None:
            organisation.areas_served.set(areas)

    return save_changes(
        organisation,
        fields=ORGANISATION_FIELDS,
        data=data,
        action="network.organisation.changed",
        actor=actor,
        state=_areas_served,
        after_save=set_areas,
    )


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


# A partner in one go: organisation, first contact, the centre's assessment --------------------


class PartnerPartError(ValidationError):
    """A ``ValidationError`` of one part of ``partner_add`` (``part`` is ``organisation``,
    ``contact`` or ``relationship``), so the page shows it beside the fields it is about."""

    def __init__(self, part: str, error: ValidationError):
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.part = part


@transaction.atomic
def partner_add(
    *,
    actor,
    municipality,
    organisation: dict[str, Any],
    areas=None,
    contact: dict[str, Any] | None = None,
    relationship: dict[str, Any] | None = None,
):
    """Take up a partner: the organisation, optionally its first contact and the centre's
    assessment, all or nothing. Each part goes through its own service (and audit entry)."""
    try:
        created = organisation_create(
            actor=actor, municipality=municipality, data=organisation, areas=areas
        )
    except ValidationError as error:
        raise PartnerPartError("organisation", error) from error
    person = assessment = None
    if contact is not None:
        try:
            person = contact_create(
                actor=actor,
                municipality=municipality,
                data={**contact, "organisation": created},
            )
        except ValidationError as error:
            raise PartnerPartError("contact", error) from error
    if relationship is not None:
        try:
            assessment = relationship_create(
                actor=actor,
                municipality=municipality,
                data={**relationship, "organisation": created},
            )
        except ValidationError as error:
            raise PartnerPartError("relationship", error) from error
    return created, person, assessment


# Contacts ----------------------------------------------------------------------------------


@transaction.atomic
def contact_create(*, actor, municipality, data: dict[str, Any]) -> Contact:
    return create_logged(
        Contact,
        values={"municipality": municipality},
        fields=CONTACT_FIELDS,
        data=data,
        action="network.contact.created",
        actor=actor,
    )


@transaction.atomic
def contact_update(*, actor, contact: Contact, data: dict[str, Any]) -> Contact:
    if contact.is_erased:
        raise ValidationError(_("Gelöschte Ansprechpersonen können nicht bearbeitet werden."))
    return save_changes(
        contact, fields=CONTACT_FIELDS, data=data, action="network.contact.changed", actor=actor
    )


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
    return create_logged(
        Relationship,
        values={"municipality": municipality},
        fields=RELATIONSHIP_FIELDS,
        data=data,
        action="network.relationship.created",
        actor=actor,
    )


@transaction.atomic
def relationship_update(*, actor, relationship: Relationship, data: dict[str, Any]):
    data = {k: v for k, v in data.items() if k not in {"centre", "organisation"}}
    return save_changes(
        relationship,
        fields=RELATIONSHIP_FIELDS,
        data=data,
        action="network.relationship.changed",
        actor=actor,
    )


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

    def set_contacts(interaction: Interaction) -> dict[str, list[int]]:
        interaction.contacts.set(contacts)
        return {"contacts": [c.pk for c in contacts]}

    return create_logged(
        Interaction,
        values={
            "municipality": relationship.municipality,
            "relationship": relationship,
            "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        fields=INTERACTION_FIELDS,
        data=data,
        after_save=set_contacts,
        action="network.interaction.created",
        actor=actor,
    )


# Bodies -------------------------------------------------------------------------------------


@transaction.atomic
def body_create(*, actor, municipality, data: dict[str, Any]) -> Body:
    return create_logged(
        Body,
        values={"municipality": municipality},
        fields=BODY_FIELDS,
        data=data,
        log_fields="__all__",
        action="network.body.created",
        actor=actor,
    )


@transaction.atomic
def body_update(*, actor, body: Body, data: dict[str, Any]) -> Body:
    return save_changes(
        body, fields=BODY_FIELDS, data=data, action="network.body.changed", actor=actor
    )


@transaction.atomic
def body_member_add(*, actor, body: Body, data: dict[str, Any]) -> BodyMember:
    return create_logged(
        BodyMember,
        values={"municipality": body.municipality, "body": body},
        fields=BODY_MEMBER_FIELDS,
        data=data,
        log_instance=body,
        action="network.body.member_added",
        actor=actor,
    )


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
