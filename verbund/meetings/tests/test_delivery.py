"""Approved minutes go to those absent as a PDF, in one background job, once per address."""

from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.core.models import BackgroundJob, JobStatus

from .. import services
from ..delivery import send_minutes
from ..models import AttendanceStatus, MinutesDelivery
from .helpers import build_world, make_meeting

pytestmark = pytest.mark.django_db


class FlakyBackend(EmailBackend):
    """Refuses the n-th message (and those after it) while ``down`` says so."""

    down_after = None  # number of messages that get through before the server fails
    sent = 0

    def send_messages(self, messages):
        if FlakyBackend.down_after is not None and FlakyBackend.sent >= FlakyBackend.down_after:
            raise SMTPServerDisconnected("Mailserver nicht erreichbar")
        FlakyBackend.sent += len(messages)
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "verbund.meetings.tests.test_delivery.FlakyBackend"
    settings.VERBUND_MAIL_RETRY_SECONDS = 0
    FlakyBackend.down_after = None
    FlakyBackend.sent = 0
    yield FlakyBackend
    FlakyBackend.down_after = None


def _ready(world):
    meeting = make_meeting(world)
    services.agenda_item_create(actor=None, meeting=meeting, data={"title": "Bericht"})
    statuses = {}
    for line in meeting.attendance.all():
        if "Grundschule" in line.name:
            statuses[line.pk] = AttendanceStatus.EXCUSED
        elif "Kita" in line.name:
            statuses[line.pk] = AttendanceStatus.ABSENT
        else:
            statuses[line.pk] = AttendanceStatus.PRESENT
    services.attendance_record(actor=None, meeting=meeting, statuses=statuses)
    return meeting


def _approve(world, meeting, capture):
    with capture(execute=True), scopes_disabled():
        services.minutes_transition(actor=world.coordinator, meeting=meeting, to="approved")


def test_approval_mails_the_pdf_to_absent_members_and_readers(
    tenant, django_capture_on_commit_callbacks
):
    world = build_world(tenant)
    with scopes_disabled():
        meeting = _ready(world)
    _approve(world, meeting, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "fbl@example.org",
        "kita@example.org",
        "schule@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject.startswith("Protokoll: Arbeitskreis Süd (10.03.2027)")
    name, pdf, mime = message.attachments[0]
    assert mime == "application/pdf" and pdf.startswith(b"%PDF") and name.endswith("-v1.pdf")
    with scopes_disabled():
        assert BackgroundJob.objects.filter(task=send_minutes.path).count() == 1
        assert not MinutesDelivery.objects.filter(sent_at__isnull=True).exists()
        reasons = dict(MinutesDelivery.objects.values_list("email", "reason"))
    assert reasons["fbl@example.org"] == "ständig lesend"
    assert reasons["schule@example.org"] == "entschuldigt"


def test_mail_server_down_is_retried_and_nobody_gets_it_twice(
    client, tenant, flaky, settings, django_capture_on_commit_callbacks
):
    settings.VERBUND_MAIL_ATTEMPTS = 2
    world = build_world(tenant)
    with scopes_disabled():
        meeting = _ready(world)
    flaky.down_after = 1  # the first address gets through, then the server is gone
    _approve(world, meeting, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    first = mail.outbox[0].to[0]
    with scopes_disabled():
        job = BackgroundJob.objects.get(task=send_minutes.path)
        assert job.status == JobStatus.FAILED and job.retryable and job.attempts == 2
        pending = MinutesDelivery.objects.filter(sent_at__isnull=True).count()
    assert pending == 2
    client.force_login(world.coordinator)
    url = reverse("meetings:meeting_detail", args=[tenant.municipality.slug, meeting.pk])
    page = client.get(url).content.decode()
    assert page.count("noch nicht versendet") == 2

    # the server is back; the job runs again: only the two that are missing get it
    flaky.down_after = None
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        send_minutes.enqueue(
            municipality=tenant.municipality, version_id=job.arguments["version_id"]
        )
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 3 and len(set(recipients)) == 3 and recipients[0] == first
    # and once more: nothing is sent twice
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        send_minutes.enqueue(
            municipality=tenant.municipality, version_id=job.arguments["version_id"]
        )
    assert len(mail.outbox) == 3
    page = client.get(url).content.decode()
    assert "noch nicht versendet" not in page
    assert "Sabine" in page


def test_approval_without_anyone_to_send_to_starts_no_job(
    tenant, django_capture_on_commit_callbacks
):
    world = build_world(tenant)
    with scopes_disabled():
        meeting = _ready(world)
        meeting.attendance.update(status=AttendanceStatus.PRESENT)
        from ..models import StandingReader

        StandingReader.objects.all().delete()
    _approve(world, meeting, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    with scopes_disabled():
        assert not BackgroundJob.objects.filter(task=send_minutes.path).exists()
