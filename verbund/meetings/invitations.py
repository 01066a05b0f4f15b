"""Invitations by mail with an .ics file and a personal answer (RSVP) link.

``invitations_send`` records one ``Invitation`` per address on the attendance list and
enqueues one job that mails those not yet sent (retried; each row is marked right after its
mail went out, so nobody gets it twice). The link carries a signed token naming the
invitation; it expires at the end of the meeting's day and answers once. A reused, expired
or forged link gets a German message on the answer page, never an error.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from verbund.core.audit import log_action
from verbund.core.tasks import tenant_task

from .content import place_text
from .models import AttendanceStatus, Invitation, Meeting, Rsvp

SALT = "verbund.meetings.rsvp"


class InvalidLink(Exception):
    """The German message says what is wrong with the link."""


def token_for(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "m": invitation.municipality_id}, salt=SALT)


def expires_at(meeting: Meeting) -> datetime:
    end = datetime.combine(meeting.date + timedelta(days=1), datetime.min.time())
    return timezone.make_aware(end)


def invitation_for(token: str) -> Invitation:
    """The invitation a token names; ``InvalidLink`` for a forged or expired one."""
    try:
        data = signing.loads(token or "", salt=SALT)
        pk, municipality_id = int(data["i"]), int(data["m"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidLink(
            _("Dieser Antwort-Link ist ungültig. Bitte nutzen Sie den Link aus Ihrer Einladung.")
        ) from exc
    invitation = (
        Invitation.objects.select_related("meeting__body", "meeting__circle", "meeting__room")
        .filter(pk=pk, municipality_id=municipality_id)
        .first()
    )
    if invitation is None:
        raise InvalidLink(_("Diese Einladung gibt es nicht mehr."))
    if timezone.now() >= expires_at(invitation.meeting):
        raise InvalidLink(
            _("Dieser Antwort-Link ist abgelaufen: die Sitzung am %(date)s ist vorbei.")
            % {"date": invitation.meeting.date.strftime("%d.%m.%Y")}
        )
    return invitation


@transaction.atomic
def rsvp_answer(*, invitation: Invitation, answer: str) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if answer not in Rsvp.values:
        raise ValidationError(_("Bitte wählen Sie Zusage oder Absage."))
    if invitation.answered_at is not None:
        raise ValidationError(
            _("Sie haben auf diese Einladung schon am %(date)s geantwortet (%(answer)s).")
            % {
                "date": timezone.localtime(invitation.answered_at).strftime("%d.%m.%Y"),
                "answer": invitation.get_answer_display(),
            }
        )
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at", "updated_at"])
    line = invitation.attendance
    if not invitation.meeting.is_approved:
        line.status = AttendanceStatus.EXCUSED if answer == Rsvp.NO else AttendanceStatus.PRESENT
        line.save(update_fields=["status", "updated_at"])
    log_action(
        "meetings.invitation.answered",
        instance=invitation.meeting,
        data={"name": invitation.name, "answer": answer},
    )
    return invitation


@transaction.atomic
def invitations_send(*, actor, meeting: Meeting) -> int:
    """Record an invitation for every address on the attendance list not yet invited and send
    them in one background job. Returns how many were added."""
    if meeting.is_past:
        raise ValidationError(_("Zu einer vergangenen Sitzung wird nicht mehr eingeladen."))
    known = set(meeting.invitations.values_list("email", flat=True))
    added = []
    lines = meeting.attendance.select_related(
        "member__centre", "member__organisation", "member__contact", "user"
    )
    for line in lines:
        email = line.email
        if email and email.lower() not in {k.lower() for k in known}:
            known.add(email)
            added.append(
                Invitation(
                    municipality=meeting.municipality,
                    meeting=meeting,
                    attendance=line,
                    name=line.name[:300],
                    email=email,
                )
            )
    Invitation.objects.bulk_create(added)
    if added:
        log_action(
            "meetings.invitation.sent",
            actor=actor,
            instance=meeting,
            data={"recipients": len(added)},
        )
    if meeting.invitations.filter(sent_at__isnull=True).exists():
        send_invitations.enqueue(
            municipality=meeting.municipality,
            owner=actor if getattr(actor, "is_authenticated", False) else None,
            label=_("Einladungen versenden: %(meeting)s") % {"meeting": meeting},
            meeting_id=meeting.pk,
            base_url=getattr(settings, "SITE_URL", ""),
        )
    return len(added)


def ics_for(meeting: Meeting, invitation: Invitation) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Verbund//Sitzungen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"sitzung-{meeting.pk}@{meeting.municipality.slug}.verbund")
    event.add("summary", f"{meeting.title} ({meeting.series})")
    start = timezone.make_aware(datetime.combine(meeting.date, meeting.start_time))
    end = timezone.make_aware(datetime.combine(meeting.date, meeting.end_time))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", timezone.now())
    event["location"] = vText(place_text(meeting))
    if meeting.online_url:
        event.add("url", meeting.online_url)
    attendee = vCalAddress(f"mailto:{invitation.email}")
    attendee.params["cn"] = vText(invitation.name)
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


@tenant_task(
    attempts=lambda: settings.VERBUND_MAIL_ATTEMPTS,
    retry_delay=lambda: settings.VERBUND_MAIL_RETRY_SECONDS,
)
def send_invitations(job, *, meeting_id: int, base_url: str = "") -> dict:
    meeting = (
        Meeting.objects.select_related("body", "circle", "room", "municipality")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return {"sent": 0}
    pending = list(meeting.invitations.filter(sent_at__isnull=True))
    subject = _("Einladung: %(title)s am %(date)s") % {
        "title": meeting.title,
        "date": meeting.date.strftime("%d.%m.%Y"),
    }
    for done, invitation in enumerate(pending):
        job.progress(done, len(pending))
        link = base_url.rstrip("/") + reverse("meetings:rsvp", args=[token_for(invitation)])
        body = render_to_string(
            "meetings/email/invitation_body.txt",
            {
                "invitation": invitation,
                "meeting": meeting,
                "place": place_text(meeting),
                "link": link,
                "agenda": list(meeting.agenda.all()),
            },
        )
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
        message.attach("einladung.ics", ics_for(meeting, invitation), "text/calendar")
        message.send(fail_silently=False)
        Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
    return {"sent": len(pending)}
