"""Reminders before review dates and expiries.

``due_reminders`` computes what is due on a day; ``send_due_reminders`` records each one and,
in the same transaction, enqueues its mail as a background job (``reminder_mail``), which the
task worker sends after the commit, retrying with back-off while the mail server fails. A
reminder is therefore never sent twice (the ``Reminder`` unique key guards against two runs at
once as well). ``manage.py run_scheduled_jobs`` runs this (``scheduled_reminders``, registered
in ``CooperationConfig.ready``); ``manage.py send_agreement_reminders`` does it by hand.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from verbund.accounts.models import Membership
from verbund.core.audit import log_action
from verbund.core.roles import Role
from verbund.core.tasks import tenant_task

from .models import IN_FORCE, Agreement, Reminder, ReminderKind

DEFAULT_LEAD_DAYS = (60, 14)


def lead_days_setting() -> tuple[int, ...]:
    """``settings.COOPERATION_REMINDER_LEAD_DAYS``, else the environment variable
    ``VERBUND_REMINDER_LEAD_DAYS`` (e.g. ``90,30,7``), else 60 and 14 days."""
    value = getattr(settings, "COOPERATION_REMINDER_LEAD_DAYS", None)
    if value is None:
        raw = os.environ.get("VERBUND_REMINDER_LEAD_DAYS", "")
        value = [part for part in raw.split(",") if part.strip()] or DEFAULT_LEAD_DAYS
    return tuple(sorted({int(day) for day in value}, reverse=True))


@dataclass(frozen=True)
class DueReminder:
    agreement: Agreement
    kind: str
    due_date: date
    lead_days: int
    days_left: int


def due_reminders(*, today: date, lead_days: tuple[int, ...] | None = None) -> list[DueReminder]:
    """For each agreement in force and each of its dates (review, end): the smallest lead time
    that the date has come within, unless that reminder was already sent. A date that has
    passed gets no reminder (the due list shows it as overdue)."""
    leads = sorted(set(lead_days or lead_days_setting()))
    if not leads:
        return []
    horizon = max(leads)
    with scopes_disabled():
        agreements = list(
            Agreement.objects.filter(status__in=IN_FORCE)
            .select_related("centre", "municipality")
            .order_by("municipality_id", "pk")
        )
        sent = set(
            Reminder.objects.filter(agreement__in=agreements).values_list(
                "agreement_id", "kind", "due_date", "lead_days"
            )
        )
    result = []
    for agreement in agreements:
        for kind, value in (
            (ReminderKind.REVIEW, agreement.review_date),
            (ReminderKind.EXPIRY, agreement.end_date),
        ):
            if value is None:
                continue
            days_left = (value - today).days
            if days_left < 0 or days_left > horizon:
                continue
            lead = next(day for day in leads if days_left <= day)
            if (agreement.pk, kind.value, value, lead) in sent:
                continue
            result.append(DueReminder(agreement, kind.value, value, lead, days_left))
    return result


def recipients_for(agreement: Agreement) -> list[str]:
    """Coordinators and leads of the agreement's centre, and the centre's own address."""
    with scopes_disabled():
        emails = set(
            Membership.objects.filter(
                municipality_id=agreement.municipality_id,
                centre_id=agreement.centre_id,
                role__in=[Role.COORDINATOR, Role.CENTRE_LEAD],
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    if agreement.centre.email:
        emails.add(agreement.centre.email)
    return sorted(emails)


@tenant_task(
    attempts=lambda: settings.VERBUND_MAIL_ATTEMPTS,
    retry_delay=lambda: settings.VERBUND_MAIL_RETRY_SECONDS,
)
def reminder_mail(job, *, subject: str, body: str, recipients: list[str]) -> dict:
    """Send one reminder mail; a failing mail server is retried with back-off."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    return {"recipients": len(recipients)}


def scheduled_reminders() -> int:
    """Periodic job: today's due reminders with the configured lead times."""
    base_url = getattr(settings, "SITE_URL", "") or os.environ.get("VERBUND_SITE_URL", "")
    return len(send_due_reminders(today=timezone.localdate(), base_url=base_url))


def send_due_reminders(
    *, today: date, lead_days: tuple[int, ...] | None = None, base_url: str = "", dry_run=False
) -> list[DueReminder]:
    sent = []
    for item in due_reminders(today=today, lead_days=lead_days):
        recipients = recipients_for(item.agreement)
        if dry_run:
            sent.append(item)
            continue
        try:
            with transaction.atomic(), scopes_disabled():
                Reminder.objects.create(
                    municipality=item.agreement.municipality,
                    agreement=item.agreement,
                    kind=item.kind,
                    due_date=item.due_date,
                    lead_days=item.lead_days,
                    recipients=recipients,
                )
                log_action(
                    "cooperation.reminder.sent",
                    instance=item.agreement,
                    data={
                        "kind": item.kind,
                        "due_date": item.due_date,
                        "lead_days": item.lead_days,
                        "recipients": len(recipients),
                    },
                )
                if recipients:
                    subject, body = _message(item, base_url)
                    reminder_mail.enqueue(
                        municipality=item.agreement.municipality,
                        label=subject,
                        subject=subject,
                        body=body,
                        recipients=recipients,
                    )
        except IntegrityError:
            # Another run recorded this reminder a moment ago: it has been sent there.
            continue
        sent.append(item)
    return sent


def _message(item: DueReminder, base_url: str) -> tuple[str, str]:
    path = reverse(
        "cooperation:agreement_detail", args=[item.agreement.municipality.slug, item.agreement.pk]
    )
    context = {"item": item, "agreement": item.agreement, "url": base_url.rstrip("/") + path}
    subject = render_to_string("cooperation/email/reminder_subject.txt", context).strip()
    body = render_to_string("cooperation/email/reminder_body.txt", context)
    return " ".join(subject.split()), body
