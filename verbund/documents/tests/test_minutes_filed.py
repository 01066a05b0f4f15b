"""Approved minutes are filed in the centre's archive as a Protokoll linked to the meeting,
found by the archive search, and shown on the meeting page; a correction adds a version."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.roles import Role
from verbund.documents.models import Document
from verbund.documents.search import DocumentQuery, search_documents
from verbund.meetings import services
from verbund.meetings.models import AttendanceStatus
from verbund.meetings.tests.helpers import build_world, make_meeting

pytestmark = pytest.mark.django_db


def test_approved_minutes_are_filed_and_found(client, tenant, django_capture_on_commit_callbacks):
    world = build_world(tenant)
    with scopes_disabled():
        meeting = make_meeting(world)
        services.agenda_item_create(
            actor=None, meeting=meeting, data={"title": "Familiengrundschulzentrum"}
        )
        services.attendance_record(
            actor=None,
            meeting=meeting,
            statuses={line.pk: AttendanceStatus.PRESENT for line in meeting.attendance.all()},
        )
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        services.minutes_transition(actor=world.coordinator, meeting=meeting, to="approved")
    with scopes_disabled():
        document = Document.objects.get(kind="minutes")
        assert document.centre_id == tenant.centre.pk
        assert document.links.get().target_id == meeting.pk
        assert document.versions.get().content_type == "application/pdf"
        hits = search_documents(
            Document.objects.filter(municipality=tenant.municipality),
            DocumentQuery(text="Familiengrundschulzentrum", municipality_id=tenant.municipality.pk),
        )
        assert list(hits) == [document]
    client.force_login(tenant.users[Role.COORDINATOR])
    page = client.get(
        reverse("meetings:meeting_detail", args=[tenant.municipality.slug, meeting.pk])
    )
    assert document.title in page.content.decode()
