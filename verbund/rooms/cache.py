"""The version of a municipality's rooms, for caches of what shows them (issue 17).

``rooms:<municipality>`` of ``verbund.core.cache_versions`` is bumped whenever a room, a share
of a partner's room, a booking or a school holiday period is saved or deleted. A cache of
anything that shows a room's name, its bookings or dates that skip school holidays (an offer's
schedule lines) carries it in its key. Rooms are written through the ORM only, so the signals
see every change.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from verbund.core import cache_versions


def version_key(municipality_id: int) -> str:
    return f"rooms:{municipality_id}"


def bump(municipality_id: int | None) -> None:
    if municipality_id is not None:
        cache_versions.bump_now_and_on_commit(version_key(municipality_id))


def _on_change(sender, instance, **kwargs) -> None:
    if not kwargs.get("raw"):
        bump(instance.municipality_id)


def connect() -> None:
    """From ``RoomsConfig.ready()``."""
    from .models import Booking, HolidayPeriod, Room, RoomShare

    for model in (Room, RoomShare, Booking, HolidayPeriod):
        uid = f"verbund.rooms.cache.{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}.delete")
