"""The section "Räume" on Mein Familienzentrum: the centre's rooms with their occupancy."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from verbund.dashboard.registry import Row, Section

from . import permissions as perms
from . import schedule, selectors
from .conflicts import holiday_periods

SECTION_LIMIT = 6


def centre_rooms_section(ctx, centre) -> Section | None:
    if not ctx.access.can(perms.view_room, centre):
        return None
    rooms = list(
        selectors.room_list(municipality=ctx.municipality, access=ctx.access).filter(
            facility__centre=centre
        )[:SECTION_LIMIT]
    )
    first = ctx.today
    last = first + timedelta(days=schedule.OCCUPANCY_DAYS - 1)
    entries = schedule.expand(
        selectors.bookings_between(rooms, first, last),
        first,
        last,
        holiday_periods(ctx.municipality),
    )
    slug = ctx.municipality.slug
    rows = []
    for room in rooms:
        figure = schedule.occupancy(room, entries.get(room.pk, {}), first)
        meta = room.holder_name
        if figure.percent is not None:
            meta = _("%(holder)s · %(percent)s %% belegt in den nächsten 4 Wochen") % {
                "holder": room.holder_name,
                "percent": figure.percent,
            }
        rows.append(Row(room.name, reverse("rooms:room_detail", args=[slug, room.pk]), meta))
    return Section(
        title=_("Räume"),
        rows=rows,
        empty=_("Für die Einrichtungen dieses Zentrums sind noch keine Räume erfasst."),
        more_url=reverse("rooms:room_list", args=[slug]),
        more_label=_("Alle Räume"),
    )


def register() -> None:
    from verbund.dashboard.registry import register_centre_section

    register_centre_section("rooms.rooms", centre_rooms_section, order=55)
