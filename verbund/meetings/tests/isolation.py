"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests.

The sample meeting belongs to the network sample body (run by ``tenant.centre``, with the
centre and the tenant's partner organisation as members), so every role of the tenant reads
it; it has one agenda item and an open action item of the tenant's coordinator.
"""

from __future__ import annotations

from datetime import date, time


def _sample(tenant):
    if "meetings.meeting" not in tenant.extra:
        from django_scopes import scopes_disabled

        from verbund.core.roles import Role
        from verbund.network.tests.isolation import body, member

        from .. import services
        from ..models import Invitation

        member(tenant)
        with scopes_disabled():
            meeting = services.meeting_create(
                actor=None,
                municipality=tenant.municipality,
                data={
                    "body": body(tenant),
                    "title": "Arbeitskreis Frühe Hilfen",
                    "date": date(2027, 3, 10),
                    "start_time": time(10),
                    "end_time": time(12),
                    "address": "Rathaus, Sitzungssaal 2",
                },
            )
            item = services.agenda_item_create(
                actor=None, meeting=meeting, data={"title": "Elterncafé", "notes": "<p>Gut</p>"}
            )
            action = services.action_create(
                actor=None,
                meeting=meeting,
                data={"title": "Flyer drucken", "owner_user": tenant.users[Role.COORDINATOR]},
            )
            decision = services.decision_create(
                actor=None,
                meeting=meeting,
                text="Das Elterncafé wird fortgesetzt.",
                agenda_item=item,
            )
            line = meeting.attendance.order_by("pk").first()
            invitation = Invitation.objects.create(
                municipality=tenant.municipality,
                meeting=meeting,
                attendance=line,
                name=line.name,
                email="eingeladen@example.org",
            )
        tenant.extra.update(
            {
                "meetings.meeting": meeting,
                "meetings.item": item,
                "meetings.action": action,
                "meetings.decision": decision,
                "meetings.invitation": invitation,
            }
        )
    return tenant.extra


def _rsvp_token(tenant) -> str:
    from ..invitations import token_for

    return token_for(_sample(tenant)["meetings.invitation"])


def _circle(tenant):
    if "meetings.circle" not in tenant.extra:
        from django_scopes import scopes_disabled

        from verbund.core.roles import Role

        from .. import services

        with scopes_disabled():
            tenant.extra["meetings.circle"] = services.circle_create(
                actor=None,
                municipality=tenant.municipality,
                name="Teamrunde",
                centre=tenant.centre,
                # a partner in the round reads it as a member (the role matrix expects 200)
                members=[
                    tenant.users[Role.COORDINATOR],
                    tenant.users[Role.STAFF],
                    tenant.users[Role.PARTNER],
                ],
            )
    return tenant.extra["meetings.circle"]


SAMPLES = {
    "circle_id": lambda tenant: _circle(tenant).pk,
    "rsvp_token": _rsvp_token,
    "meeting_id": lambda tenant: _sample(tenant)["meetings.meeting"].pk,
    "agenda_item_id": lambda tenant: _sample(tenant)["meetings.item"].pk,
    "decision_id": lambda tenant: _sample(tenant)["meetings.decision"].pk,
    "action_item_id": lambda tenant: _sample(tenant)["meetings.action"].pk,
}
