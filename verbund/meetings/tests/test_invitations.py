"""Invitations by mail with an .ics file and a personal answer link (no login)."""

from datetime import date, timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from icalendar import Calendar

from verbund.core.roles import Role

from .. import invitations
from ..models import AttendanceStatus, Invitation
from .helpers import build_world, make_meeting

pytestmark = pytest.mark.django_db


def _invite(client, tenant, world, meeting, capture):
    client.force_login(world.coordinator)
    url = reverse("meetings:invite", args=[tenant.municipality.slug, meeting.pk])
    with capture(execute=True):
        return client.post(url)


def _link_token(message) -> str:
    line = next(line for line in message.body.splitlines() if "/sitzung-antwort/" in line)
    return line.rstrip("/").rsplit("/", 1)[1]


def test_invitation_mail_has_the_ics_and_a_personal_link(
    client, tenant, django_capture_on_commit_callbacks
):
    world = build_world(tenant)
    meeting = make_meeting(world, day=timezone.localdate() + timedelta(days=10))
    response = _invite(client, tenant, world, meeting, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    # the partner's Kita and the school's contact have an address; the centre has none
    assert sorted(m.to[0] for m in mail.outbox) == ["kita@example.org", "schule@example.org"]
    message = next(m for m in mail.outbox if m.to == ["schule@example.org"])
    name, ics, mime = message.attachments[0]
    assert name == "einladung.ics" and mime == "text/calendar"
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["summary"]).startswith("Arbeitskreis Süd")
    assert event.decoded("dtstart").date() == meeting.date
    assert "schule@example.org" in str(event["attendee"])
    tokens = {m.to[0]: _link_token(m) for m in mail.outbox}
    assert tokens["kita@example.org"] != tokens["schule@example.org"]
    # inviting again sends nothing twice
    _invite(client, tenant, world, meeting, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    page = client.get(
        reverse("meetings:meeting_detail", args=[tenant.municipality.slug, meeting.pk])
    )
    assert "noch nicht versendet" not in page.content.decode().split('id="versand"')[0]


def test_answer_without_login_once(client, tenant, django_capture_on_commit_callbacks):
    world = build_world(tenant)
    meeting = make_meeting(world, day=timezone.localdate() + timedelta(days=10))
    _invite(client, tenant, world, meeting, django_capture_on_commit_callbacks)
    token = _link_token(next(m for m in mail.outbox if m.to == ["schule@example.org"]))
    client.logout()
    url = reverse("meetings:rsvp", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Ich komme nicht" in page.content.decode()
    response = client.post(url, {"antwort": "no"})
    assert response.status_code == 200
    assert "Ihre Antwort ist gespeichert: sagt ab" in response.content.decode()
    with scopes_disabled():
        invitation = Invitation.objects.get(email="schule@example.org")
        assert invitation.answer == "no"
        assert invitation.attendance.status == AttendanceStatus.EXCUSED
    # the same link again: a message, the answer stays
    again = client.post(url, {"antwort": "yes"})
    assert again.status_code == 400
    assert "schon am" in again.content.decode()
    with scopes_disabled():
        assert Invitation.objects.get(email="schule@example.org").answer == "no"


def test_forged_and_expired_links_get_a_message(client, tenant, django_capture_on_commit_callbacks):
    world = build_world(tenant)
    meeting = make_meeting(world, day=timezone.localdate() + timedelta(days=10))
    _invite(client, tenant, world, meeting, django_capture_on_commit_callbacks)
    client.logout()
    with scopes_disabled():
        invitation = Invitation.objects.order_by("pk").first()
    for forged in ("abc", invitations.token_for(invitation)[:-3] + "xyz", "²", "a" * 300):
        response = client.get(reverse("meetings:rsvp", args=[forged]))
        assert response.status_code == 400
        assert "Antwort-Link ist ungültig" in response.content.decode()
    other_salt = signing.dumps({"i": invitation.pk, "m": invitation.municipality_id})
    assert (
        client.post(reverse("meetings:rsvp", args=[other_salt]), {"antwort": "yes"}).status_code
        == 400
    )
    missing = signing.dumps({"i": 999999, "m": invitation.municipality_id}, salt=invitations.SALT)
    assert (
        "gibt es nicht mehr"
        in client.get(reverse("meetings:rsvp", args=[missing])).content.decode()
    )
    with scopes_disabled():
        meeting.date = date(2020, 1, 1)
        meeting.save(update_fields=["date"])
    response = client.post(
        reverse("meetings:rsvp", args=[invitations.token_for(invitation)]), {"antwort": "yes"}
    )
    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode()
    with scopes_disabled():
        assert not Invitation.objects.exclude(answer="").exists()


def test_no_invitations_to_a_past_meeting_and_only_managers_invite(
    client, tenant, django_capture_on_commit_callbacks
):
    world = build_world(tenant)
    past = make_meeting(world, day=timezone.localdate() - timedelta(days=3))
    response = _invite(client, tenant, world, past, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and mail.outbox == []
    upcoming = make_meeting(world, day=timezone.localdate() + timedelta(days=3))
    client.force_login(tenant.users[Role.PARTNER])
    url = reverse("meetings:invite", args=[tenant.municipality.slug, upcoming.pk])
    assert client.post(url).status_code == 403
    with scopes_disabled():
        assert not Invitation.objects.exists()
