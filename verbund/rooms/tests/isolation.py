"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests.

The sample room belongs to ``tenant.facility`` (so every role of the tenant reaches it: the
centre's staff through the facility's centre, the provider admin through its provider, the
partner user through its facility). Its booking is made for ``tenant.centre``; it is shared
through the room resource of the cooperation sample agreement (signed, so in force).
"""

from __future__ import annotations

from datetime import date, time


def _sample(tenant):
    if "room" not in tenant.extra:
        from django_scopes import scopes_disabled

        from verbund.cooperation.tests.isolation import _sample as agreement_sample

        from ..models import RoomShare
        from .factories import BookingFactory, HolidayPeriodFactory, RoomFactory

        room = RoomFactory(municipality=tenant.municipality, facility=tenant.facility)
        booking = BookingFactory(
            room=room,
            centre=tenant.centre,
            title="Elterncafé",
            start_date=date(2027, 1, 12),
            start_time=time(9),
            end_time=time(11),
        )
        resource = agreement_sample(tenant)["resource"]
        with scopes_disabled():
            share = RoomShare.objects.create(
                municipality=tenant.municipality, room=room, resource=resource
            )
        tenant.extra.update(
            room=room,
            booking=booking,
            share=share,
            holiday=HolidayPeriodFactory(municipality=tenant.municipality),
        )
    return tenant.extra


SAMPLES = {
    "room_id": lambda tenant: _sample(tenant)["room"].pk,
    "booking_id": lambda tenant: _sample(tenant)["booking"].pk,
    "share_id": lambda tenant: _sample(tenant)["share"].pk,
    "holiday_id": lambda tenant: _sample(tenant)["holiday"].pk,
}
