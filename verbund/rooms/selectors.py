"""Reads of rooms, shares, bookings and holidays (narrowed by the access rule)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from verbund.cooperation.models import IN_FORCE, PartyKind, Resource, ResourceKind
from verbund.tenancy.models import FamilyCentre

from . import permissions as perms
from .models import Booking, HolidayPeriod, Room, RoomShare


@dataclass(frozen=True)
class RoomFilter:
    query: str = ""
    facility_id: int | None = None
    organisation_id: int | None = None
    min_capacity: int | None = None
    step_free: bool = False
    accessible_wc: bool = False
    induction_loop: bool = False
    include_archived: bool = False


def room_list(*, municipality, access, filters: RoomFilter | None = None) -> QuerySet:
    filters = filters or RoomFilter()
    rooms = Room.objects.filter(municipality=municipality).select_related(
        "facility", "facility__centre", "organisation"
    )
    rooms = access.narrow(perms.view_room, rooms)
    if not filters.include_archived:
        rooms = rooms.filter(active=True)
    if filters.query:
        rooms = rooms.filter(
            Q(name__icontains=filters.query)
            | Q(equipment__icontains=filters.query)
            | Q(facility__name__icontains=filters.query)
            | Q(organisation__name__icontains=filters.query)
        )
    if filters.facility_id:
        rooms = rooms.filter(facility_id=filters.facility_id)
    if filters.organisation_id:
        rooms = rooms.filter(organisation_id=filters.organisation_id)
    if filters.min_capacity:
        rooms = rooms.filter(capacity__gte=filters.min_capacity)
    for flag in ("step_free", "accessible_wc", "induction_loop"):
        if getattr(filters, flag):
            rooms = rooms.filter(**{flag: True})
    return rooms.order_by("name", "id")


def room_get(*, municipality, pk: int) -> Room:
    return Room.objects.select_related(
        "facility", "facility__centre", "organisation", "organisation__facility"
    ).get(municipality=municipality, pk=pk)


def _share_in_force(room: Room) -> QuerySet:
    return RoomShare.objects.filter(room=room, resource__agreement__status__in=list(IN_FORCE))


def centre_may_book(room: Room, centre: FamilyCentre) -> bool:
    """The room belongs to one of the centre's facilities, or an agreement of the centre in
    force shares it."""
    if room.facility_id is not None and room.facility.centre_id == centre.pk:
        return True
    return _share_in_force(room).filter(resource__agreement__centre=centre).exists()


def centres_for_room(room: Room) -> QuerySet:
    """The centres that may book the room."""
    shared = _share_in_force(room).values("resource__agreement__centre")
    condition = Q(pk__in=shared)
    if room.facility_id is not None and room.facility.centre_id is not None:
        condition |= Q(pk=room.facility.centre_id)
    return FamilyCentre.objects.filter(municipality=room.municipality_id).filter(condition)


def room_shares(room: Room) -> list[RoomShare]:
    return list(
        RoomShare.objects.filter(room=room)
        .select_related("resource", "resource__agreement", "resource__agreement__centre")
        .order_by("id")
    )


def share_get(*, room: Room, pk: int) -> RoomShare:
    return RoomShare.objects.select_related("resource__agreement").get(room=room, pk=pk)


def shareable_resources(room: Room) -> QuerySet:
    """Room resources the room's holder brings into an agreement in force, not yet linked."""
    if room.facility_id:
        holder = Q(party__organisation__facility_id=room.facility_id)
    else:
        holder = Q(party__organisation_id=room.organisation_id)
    return (
        Resource.objects.filter(
            municipality=room.municipality_id,
            kind=ResourceKind.ROOM,
            party__kind=PartyKind.PARTNER,
            agreement__status__in=list(IN_FORCE),
        )
        .filter(holder)
        .exclude(room_shares__room=room)
        .select_related("agreement", "agreement__centre")
        .order_by("agreement__title", "id")
    )


def bookings_between(rooms, first, last) -> QuerySet:
    """Active bookings of ``rooms`` (a room, a list or a queryset) whose dates may fall in
    [first, last]."""
    room_ids = [rooms.pk] if isinstance(rooms, Room) else [r.pk for r in rooms]
    return (
        Booking.objects.filter(
            room_id__in=room_ids,
            cancelled_at__isnull=True,
            first_date__lte=last,
            last_date__gte=first,
        )
        .select_related("centre")
        .order_by("start_time", "id")
    )


def booking_get(*, municipality, pk: int) -> Booking:
    return Booking.objects.select_related(
        "room", "room__facility", "room__organisation", "centre", "created_by"
    ).get(municipality=municipality, pk=pk)


def holiday_list(*, municipality) -> QuerySet:
    return HolidayPeriod.objects.filter(municipality=municipality).order_by("first_day", "id")


def holiday_get(*, municipality, pk: int) -> HolidayPeriod:
    return HolidayPeriod.objects.get(municipality=municipality, pk=pk)
