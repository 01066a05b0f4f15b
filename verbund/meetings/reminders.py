"""Reminders before an action item's due date.

``send_action_reminders`` (the periodic job ``meetings.action_reminders``) finds the open
action items due within ``MEETINGS_REMINDER_DAYS`` (default 3) days whose owner — a person
with access or a contact person — has an address, records one ``ActionReminder`` per item and
due date and, in the same transaction, enqueues its mail (``action_reminder_mail``), which the
task worker sends after the commit, retrying while the mail server fails. The unique key makes
a second run skip what is recorded, and the job skips a reminder already marked sent: nobody
is reminded twice of the same due date (a new due date gets its own reminder).
"""

from __future__ import annotations

import os
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.core.audit import log_action
from verbund.core.tasks import JobError, tenant_task

from .models import ActionItem, ActionReminder, ActionStatus

DEFAULT_DAYS = 3


def reminder_days() -> int:
    return int(getattr(settings, "MEETINGS_REMINDER_DAYS", DEFAULT_DAYS))


def owner_email(action: ActionItem) -> str:
    if action.owner_user_id:
        user = action.owner_user
        return user.email if user.is_active else ""
    if action.owner_contact_id:
        contact = action.owner_contact
        return "" if contact.erased_at else contact.email
    return ""  # an organisation is reminded through its contact persons, not here


def due_actions(*, today: date) -> list[ActionItem]:
    """Open items due from today to the horizon without a reminder for that due date."""
    horizon = today + timedelta(days=reminder_days())
    with scopes_disabled():
        actions = (
            ActionItem.objects.filter(
                status=ActionStatus.OPEN, due_on__gte=today, due_on__lte=horizon
            )
            .exclude(owner_organisation__isnull=False)
            .select_related("owner_user", "owner_contact", "meeting", "municipality")
            .order_by("municipality_id", "due_on", "pk")
        )
        sent = set(
            ActionReminder.objects.filter(action__in=actions).values_list("action_id", "due_on")
        )
        return [a for a in actions if (a.pk, a.due_on) not in sent and owner_email(a)]


def send_action_reminders(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    count = 0
    for action in due_actions(today=today):
        try:
            with transaction.atomic(), scopes_disabled():
                reminder = ActionReminder.objects.create(
                    municipality=action.municipality,
                    action=action,
                    due_on=action.due_on,
                    email=owner_email(action),
                )
                log_action(
                    "meetings.action.reminded",
                    instance=action,
                    data={"due_on": action.due_on.isoformat()},
                )
                action_reminder_mail.enqueue(
                    municipality=action.municipality,
                    label=f"Erinnerung: {action.title[:150]}",
                    reminder_id=reminder.pk,
                )
        except IntegrityError:
            continue  # another run recorded it at the same moment
        count += 1
    return count


def scheduled_action_reminders() -> int:
    return send_action_reminders()


@tenant_task(
    attempts=lambda: settings.VERBUND_MAIL_ATTEMPTS,
    retry_delay=lambda: settings.VERBUND_MAIL_RETRY_SECONDS,
)
def action_reminder_mail(job, *, reminder_id: int) -> dict:
    reminder = (
        ActionReminder.objects.select_related("action__meeting", "municipality")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        raise JobError("Diese Erinnerung gibt es nicht mehr.")
    if reminder.sent_at is not None:
        return {"sent": 0}
    action = reminder.action
    base_url = getattr(settings, "SITE_URL", "") or os.environ.get("VERBUND_SITE_URL", "")
    url = base_url.rstrip("/") + reverse("meetings:my_tasks", args=[reminder.municipality.slug])
    body = render_to_string(
        "meetings/email/reminder_body.txt",
        {"action": action, "reminder": reminder, "url": url, "series": action.meeting.series},
    )
    subject = f"Erinnerung: „{action.title[:120]}“ ist am {reminder.due_on:%d.%m.%Y} fällig"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.email], fail_silently=False)
    ActionReminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    return {"sent": 1}
