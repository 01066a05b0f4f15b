"""Every write to rooms, shares, bookings and holidays: validate, save, log, atomically."""

from .bookings import (
    BOOKING_FIELDS,
    booking_cancel,
    booking_create,
    booking_skip_date,
    booking_update,
)
from .holidays import holiday_delete, holidays_import
from .rooms import (
    ROOM_FIELDS,
    room_archive,
    room_create,
    room_restore,
    room_share,
    room_unshare,
    room_update,
)

__all__ = [
    "BOOKING_FIELDS",
    "ROOM_FIELDS",
    "booking_cancel",
    "booking_create",
    "booking_skip_date",
    "booking_update",
    "holiday_delete",
    "holidays_import",
    "room_archive",
    "room_create",
    "room_restore",
    "room_share",
    "room_unshare",
    "room_update",
]
