"""Approved minutes to those absent: one background job per approved version.

The recipients are recorded (``MinutesDelivery``, unique per version and address) in the
approval's transaction; the job renders the PDF once from the frozen content and sends one
mail per address still without ``sent_at``, marking each right after it went out. A mail
server that is down fails the job, which is retried with back-off; the rows already sent are
skipped, so nobody gets the minutes twice.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from verbund.core.pdf import html_to_pdf
from verbund.core.tasks import JobError, tenant_task

from .models import MinutesDelivery, MinutesVersion


def minutes_html(version: MinutesVersion) -> str:
    content = version.content
    return render_to_string(
        "meetings/minutes_pdf.html",
        {
            "version": version,
            "content": content,
            "meeting_date": date.fromisoformat(content["date"]),
        },
    )


def minutes_pdf(version: MinutesVersion) -> bytes:
    return html_to_pdf(minutes_html(version))


def pdf_name(version: MinutesVersion) -> str:
    content = version.content
    return f"protokoll-{slugify(content['series'])}-{content['date']}-v{version.number}.pdf"


@tenant_task(attempts=3, retry_delay=60)
def file_minutes(job, *, version_id: int) -> str:
    """File the approved minutes as a PDF in the archive of the series' centre (or of the
    municipality), kind Protokoll, linked to the meeting; a correction adds a version."""
    from verbund.documents.choices import DocumentKind
    from verbund.documents.services import file_generated

    version = (
        MinutesVersion.objects.select_related(
            "meeting", "meeting__body", "meeting__circle", "municipality"
        )
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise JobError("Diese Protokollfassung gibt es nicht mehr.")
    meeting = version.meeting
    holder = meeting.body or meeting.circle
    content = version.content
    document = file_generated(
        actor=None,
        municipality=version.municipality,
        centre=getattr(holder, "centre", None),
        kind=DocumentKind.MINUTES,
        title=f"Protokoll: {content['title']} ({date.fromisoformat(content['date']):%d.%m.%Y})",
        data=minutes_pdf(version),
        file_name=pdf_name(version),
        target=meeting,
        document_date=meeting.date,
        confidential=meeting.confidential,
    )
    return f"Im Archiv abgelegt: {document.pk}"


@tenant_task(
    attempts=lambda: settings.VERBUND_MAIL_ATTEMPTS,
    retry_delay=lambda: settings.VERBUND_MAIL_RETRY_SECONDS,
)
def send_minutes(job, *, version_id: int) -> dict:
    version = (
        MinutesVersion.objects.select_related("meeting", "municipality")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise JobError("Diese Protokollfassung gibt es nicht mehr.")
    pending = list(version.deliveries.filter(sent_at__isnull=True))
    if not pending:
        return {"sent": 0}
    content = version.content
    pdf = minutes_pdf(version)
    subject = f"Protokoll: {content['title']} ({date.fromisoformat(content['date']):%d.%m.%Y})"
    sent = 0
    for done, delivery in enumerate(pending):
        job.progress(done, len(pending))
        body = render_to_string(
            "meetings/email/minutes_body.txt",
            {"delivery": delivery, "content": content, "version": version},
        )
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [delivery.email])
        message.attach(pdf_name(version), pdf, "application/pdf")
        message.send(fail_silently=False)
        # Recorded at once: a failure at the next address retries only those not yet sent.
        MinutesDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        sent += 1
    return {"sent": sent}
