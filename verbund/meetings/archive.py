"""The meetings' side of the document archive: meetings and agenda items as link targets,
and the documents linked to a meeting and its items for the meeting page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _meetings(*, municipality, access):
    from .selectors import meeting_list

    return meeting_list(municipality=municipality, access=access).order_by("-date", "-pk")


def _agenda_items(*, municipality, access):
    from .models import AgendaItem

    meetings = _meetings(municipality=municipality, access=access).values("pk")
    return (
        AgendaItem.objects.filter(municipality=municipality, meeting__in=meetings)
        .select_related("meeting")
        .order_by("-meeting__date", "meeting_id", "position")
    )


def register() -> None:
    from verbund.documents.links import register_link_kind

    register_link_kind(
        "meetings.meeting",
        label=_("Sitzung"),
        choices=_meetings,
        url=lambda obj: reverse("meetings:meeting_detail", args=[obj.municipality.slug, obj.pk]),
        name=str,
    )
    register_link_kind(
        "meetings.agendaitem",
        label=_("Tagesordnungspunkt"),
        choices=_agenda_items,
        url=lambda obj: (
            reverse("meetings:meeting_detail", args=[obj.municipality.slug, obj.meeting_id])
            + "#tagesordnung"
        ),
        name=lambda obj: f"{obj.meeting}: TOP {obj.position} {obj.title}",
    )


def meeting_documents(meeting, agenda, *, access) -> tuple[list, dict]:
    """(documents linked to the meeting, {agenda item id: documents}) in two queries."""
    from verbund.documents.selectors import linked_documents

    from .models import AgendaItem, Meeting

    own = linked_documents(
        Meeting, [meeting.pk], municipality=meeting.municipality, access=access
    ).get(meeting.pk, [])
    items = linked_documents(
        AgendaItem,
        [item.pk for item in agenda],
        municipality=meeting.municipality,
        access=access,
    )
    return own, items
