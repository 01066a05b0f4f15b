from .bookings import BookingCancelView, BookingCreateView, BookingDetailView, BookingUpdateView
from .holidays import HolidayDeleteView, HolidayImportView
from .rooms import (
    RoomArchiveView,
    RoomCreateView,
    RoomDetailView,
    RoomListView,
    RoomShareView,
    RoomUnshareView,
    RoomUpdateView,
)

__all__ = [
    "BookingCancelView",
    "BookingCreateView",
    "BookingDetailView",
    "BookingUpdateView",
    "HolidayDeleteView",
    "HolidayImportView",
    "RoomArchiveView",
    "RoomCreateView",
    "RoomDetailView",
    "RoomListView",
    "RoomShareView",
    "RoomUnshareView",
    "RoomUpdateView",
]
