"""Rooms and their shares through cooperation agreements."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from verbund.cooperation.models import IN_FORCE, PartyKind, Resource, ResourceKind
from verbund.core.audit import create_logged, log_action, save_changes, snapshot

from ..models import Room, RoomShare

ROOM_FIELDS = [
    "facility",
    "organisation",
    "name",
    "capacity",
    "step_free",
    "accessible_wc",
    "induction_loop",
    "equipment",
    "notes",
    "open_from",
    "open_until",
    "open_days",
]


@transaction.atomic
def room_create(*, actor, municipality, data: dict[str, Any]) -> Room:
    return create_logged(
        Room,
        values={"municipality": municipality},
        fields=ROOM_FIELDS,
        data=data,
        action="rooms.room.created",
        actor=actor,
    )


@transaction.atomic
def room_update(*, actor, room: Room, data: dict[str, Any]) -> Room:
    if not room.active:
        raise ValidationError(_("Archivierte Räume können nicht bearbeitet werden."))
    return save_changes(
        room, fields=ROOM_FIELDS, data=data, action="rooms.room.changed", actor=actor
    )


@transaction.atomic
def room_archive(*, actor, room: Room) -> Room:
    """No new bookings; the bookings already made stay (and are shown on the room)."""
    if not room.active:
        return room
    room.active = False
    room.save(update_fields=["active", "updated_at"])
    log_action(
        "rooms.room.archived",
        actor=actor,
        instance=room,
        before={"active": True},
        after={"active": False},
    )
    return room


@transaction.atomic
def room_restore(*, actor, room: Room) -> Room:
    if room.active:
        return room
    room.active = True
    room.save(update_fields=["active", "updated_at"])
    log_action(
        "rooms.room.restored",
        actor=actor,
        instance=room,
        before={"active": False},
        after={"active": True},
    )
    return room


def _resource_problem(room: Room, resource: Resource) -> str | None:
    if resource.municipality_id != room.municipality_id:
        return _("Die Ressource gehört zu einer anderen Kommune.")
    if resource.kind != ResourceKind.ROOM:
        return _("Nur Ressourcen der Art „Räume“ können einen Raum freigeben.")
    party = resource.party
    organisation = party.organisation if party.kind == PartyKind.PARTNER else None
    owns = organisation is not None and (
        organisation.pk == room.organisation_id
        or (room.facility_id is not None and organisation.facility_id == room.facility_id)
    )
    if not owns:
        return _(
            "Die Ressource bringt eine andere Partei ein als %(holder)s, der der Raum gehört."
        ) % {"holder": room.holder_name}
    if resource.agreement.status not in IN_FORCE:
        return _(
            "Die Vereinbarung „%(title)s“ ist nicht in Kraft (Status: %(status)s); Räume "
            "werden erst mit der Unterzeichnung freigegeben."
        ) % {"title": resource.agreement.title, "status": resource.agreement.get_status_display()}
    return None


@transaction.atomic
def room_share(*, actor, room: Room, resource: Resource) -> RoomShare:
    """Make a partner's room bookable for the centre of the resource's agreement."""
    resource = Resource.objects.select_related(
        "agreement", "agreement__centre", "party", "party__organisation"
    ).get(pk=resource.pk)
    problem = _resource_problem(room, resource)
    if problem:
        raise ValidationError({"resource": problem})
    if RoomShare.objects.filter(room=room, resource=resource).exists():
        raise ValidationError(
            {"resource": _("Der Raum ist über diese Ressource schon freigegeben.")}
        )
    return create_logged(
        RoomShare,
        values={"municipality": room.municipality, "room": room, "resource": resource},
        action="rooms.share.created",
        actor=actor,
        log_fields=["resource"],
        extra={"agreement": resource.agreement.title, "centre": resource.agreement.centre.name},
        log_instance=room,
    )


@transaction.atomic
def room_unshare(*, actor, share: RoomShare) -> None:
    """End the share; bookings already made stay."""
    room = share.room
    before = snapshot(share, ["resource"])
    before["agreement"] = share.resource.agreement.title
    share.delete()
    log_action("rooms.share.deleted", actor=actor, instance=room, before=before)
