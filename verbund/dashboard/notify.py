"""Notifications for the same events as the start page, and the daily digest mail.

``scheduled_notifications`` (every run of ``manage.py run_scheduled_jobs``) computes each
member's due items exactly as their start page does (same providers, same access rule) and
records a notification for every item not told before. ``scheduled_digest`` mails each
user, once a day from ``settings.VERBUND_DIGEST_HOUR`` (default 7 o'clock), the
notifications not yet mailed, unless they switched the digest off; the mail goes through the
task framework (``digest_mail``, retried while the mail server fails).
"""

from __future__ import annotations

import os
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.accounts.models import Membership
from verbund.core.tasks import tenant_task
from verbund.tenancy.models import Municipality

from .inbox import notifications_create
from .models import Notification, NotificationSettings
from .registry import Context
from .selectors import due_items


def digest_hour() -> int:
    """The local hour from which the daily digest goes out (``settings.VERBUND_DIGEST_HOUR``,
    default 7)."""
    return int(getattr(settings, "VERBUND_DIGEST_HOUR", 7))


def _members() -> dict[int, list]:
    with scopes_disabled():
        rows = (
            Membership.objects.filter(user__is_active=True)
            .select_related("user")
            .order_by("municipality_id", "user_id")
        )
        members: dict[int, dict[int, object]] = defaultdict(dict)
        for membership in rows:
            members[membership.municipality_id][membership.user_id] = membership.user
    return {pk: list(users.values()) for pk, users in members.items()}


def create_notifications(*, today=None) -> int:
    """New notifications for every member of every municipality; returns how many."""
    today = today or timezone.localdate()
    created = 0
    for municipality_id, users in _members().items():
        with scopes_disabled():
            municipality = Municipality.objects.get(pk=municipality_id)
        with scope(municipality=municipality_id):
            for user in users:
                access = access_for(user, municipality)
                ctx = Context(municipality=municipality, access=access, user=user, today=today)
                created += notifications_create(
                    municipality=municipality, user=user, items=due_items(ctx)
                )
    return created


def scheduled_notifications() -> int:
    return create_notifications()


@tenant_task(
    attempts=lambda: settings.VERBUND_MAIL_ATTEMPTS,
    retry_delay=lambda: settings.VERBUND_MAIL_RETRY_SECONDS,
)
def digest_mail(job, *, subject: str, body: str, recipient: str) -> dict:
    """Send one digest mail; a failing mail server is retried with back-off."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False)
    return {"recipients": 1}


def send_digests(*, now=None, base_url: str = "") -> int:
    """Mail each user (digest on, with an address) their notifications not yet mailed, once a
    day; returns the number of mails enqueued."""
    now = now or timezone.localtime()
    today = now.date()
    if now.hour < digest_hour():
        return 0
    sent = 0
    with scopes_disabled():
        pending = (
            Notification.objects.filter(mailed_at__isnull=True, read_at__isnull=True)
            .exclude(user__email="")
            .filter(user__is_active=True)
            .select_related("user", "municipality")
            .order_by("user_id", "municipality_id", "due", "id")
        )
        by_user: dict[int, dict[int, list[Notification]]] = defaultdict(lambda: defaultdict(list))
        users = {}
        for notification in pending:
            by_user[notification.user_id][notification.municipality_id].append(notification)
            users[notification.user_id] = notification.user
        choices = {
            s.user_id: s for s in NotificationSettings.objects.filter(user_id__in=list(users))
        }
    for user_id, per_municipality in by_user.items():
        setting = choices.get(user_id)
        if setting is not None and not setting.daily_digest:
            continue
        if setting is not None and setting.last_digest_on == today:
            continue
        with transaction.atomic(), scopes_disabled():
            for notifications in per_municipality.values():
                municipality = notifications[0].municipality
                subject, body = _message(users[user_id], municipality, notifications, base_url)
                digest_mail.enqueue(
                    municipality=municipality,
                    label=subject,
                    subject=subject,
                    body=body,
                    recipient=users[user_id].email,
                )
                Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                    mailed_at=timezone.now()
                )
                sent += 1
            NotificationSettings.objects.update_or_create(
                user_id=user_id, defaults={"last_digest_on": today}
            )
    return sent


def scheduled_digest() -> int:
    base_url = getattr(settings, "SITE_URL", "") or os.environ.get("VERBUND_SITE_URL", "")
    return send_digests(base_url=base_url)


def _message(user, municipality, notifications, base_url: str) -> tuple[str, str]:
    context = {
        "user": user,
        "municipality": municipality,
        "notifications": notifications,
        "base_url": base_url.rstrip("/"),
        "today": timezone.localdate(),
    }
    subject = render_to_string("dashboard/email/digest_subject.txt", context).strip()
    body = render_to_string("dashboard/email/digest_body.txt", context)
    return " ".join(subject.split()), body
