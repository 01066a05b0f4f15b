from __future__ import annotations

from django.http import Http404

from .. import selectors
from ..models import Booking, Room


class RoomObjectMixin:
    def get_room(self, pk: int) -> Room:
        try:
            return selectors.room_get(municipality=self.municipality, pk=pk)
        except Room.DoesNotExist as exc:
            raise Http404 from exc

    def get_booking(self, pk: int) -> Booking:
        try:
            return selectors.booking_get(municipality=self.municipality, pk=pk)
        except Booking.DoesNotExist as exc:
            raise Http404 from exc
